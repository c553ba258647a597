/**
 * Draws the tab bar icons (81×81 PNG, WeChat's recommended size) into miniprogram/images/tab/:
 * line icons from a few distance functions, 4×4 supersampled, written with a minimal PNG encoder.
 * Run `npx tsx scripts/tab-icons.ts` after changing a shape; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const STROKE = 3.2;
const OUT = join(__dirname, '..', 'miniprogram', 'images', 'tab');

type Shape = (x: number, y: number) => number; // distance to the stroke's centre line

function segment(ax: number, ay: number, bx: number, by: number): Shape {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy);
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r);
}

/** An arc of a circle between two angles (radians, y down). */
function arc(cx: number, cy: number, r: number, from: number, to: number): Shape {
  return (x, y) => {
    const a = Math.atan2(y - cy, x - cx);
    if (a >= from && a <= to) return Math.abs(Math.hypot(x - cx, y - cy) - r);
    const ends = [from, to].map((t) => Math.hypot(x - cx - r * Math.cos(t), y - cy - r * Math.sin(t)));
    return Math.min(...ends);
  };
}

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return Math.abs(outside + Math.min(Math.max(qx, qy), 0) - r);
  };
}

function dot(cx: number, cy: number, r: number): Shape {
  return (x, y) => Math.max(0, Math.hypot(x - cx, y - cy) - r + STROKE / 2);
}

const ICONS: Record<string, Shape[]> = {
  home: [
    segment(12, 38, 40.5, 14),
    segment(40.5, 14, 69, 38),
    segment(20, 33, 20, 67),
    segment(61, 33, 61, 67),
    segment(20, 67, 61, 67),
    roundRect(33, 46, 48, 67, 2),
  ],
  catalogue: [
    segment(40.5, 22, 40.5, 66),
    segment(40.5, 22, 14, 17),
    segment(14, 17, 14, 61),
    segment(14, 61, 40.5, 66),
    segment(40.5, 22, 67, 17),
    segment(67, 17, 67, 61),
    segment(67, 61, 40.5, 66),
    segment(21, 30, 33, 32),
    segment(21, 40, 33, 42),
    segment(48, 32, 60, 30),
    segment(48, 42, 60, 40),
  ],
  events: [
    roundRect(13, 19, 68, 67, 6),
    segment(13, 32, 68, 32),
    segment(27, 12, 27, 24),
    segment(54, 12, 54, 24),
    dot(27, 44, 3.2),
    dot(40.5, 44, 3.2),
    dot(54, 44, 3.2),
    dot(27, 56, 3.2),
    dot(40.5, 56, 3.2),
  ],
  me: [circle(40.5, 28, 12), arc(40.5, 70, 25, -Math.PI, 0)],
};

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(rgba: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function draw(shapes: Shape[], [r, g, b]: [number, number, number]): Buffer {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const n = 4;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const px = x + (sx + 0.5) / n;
          const py = y + (sy + 0.5) / n;
          if (shapes.some((d) => d(px, py) <= STROKE / 2)) hits++;
        }
      }
      rgba.set([r, g, b, Math.round((255 * hits) / (n * n))], (y * SIZE + x) * 4);
    }
  }
  return png(rgba, SIZE, SIZE);
}

const NORMAL: [number, number, number] = [0x4a, 0x4a, 0x4a];
const SELECTED: [number, number, number] = [0xb7, 0x1c, 0x1c];

for (const [name, shapes] of Object.entries(ICONS)) {
  writeFileSync(join(OUT, `${name}.png`), draw(shapes, NORMAL));
  writeFileSync(join(OUT, `${name}-on.png`), draw(shapes, SELECTED));
}
console.log(`tab icons written to ${OUT}`);
