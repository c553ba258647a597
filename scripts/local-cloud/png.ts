/**
 * A small, valid PNG standing in for a mini-program code (`wxacode.getUnlimited`): a 21×21 black-and-white
 * pattern derived from the request (so different scenes give different images), scaled up 8×, with the
 * request written into `tEXt` chunks (`scene`, `page`, `local`) so tests can read back what was asked.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** Reads the `tEXt` chunks of a PNG (keyword → text). */
export function pngText(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 8;
  while (pos + 8 <= png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.subarray(pos + 4, pos + 8).toString('latin1');
    if (type === 'tEXt') {
      const data = png.subarray(pos + 8, pos + 8 + length);
      const zero = data.indexOf(0);
      out[data.subarray(0, zero).toString('latin1')] = data.subarray(zero + 1).toString('utf8');
    }
    pos += 12 + length;
  }
  return out;
}

export function placeholderCode(text: Record<string, string>, cells = 21, scale = 8): Buffer {
  const seed = createHash('sha256').update(JSON.stringify(text)).digest();
  const size = cells * scale;
  const isDark = (x: number, y: number): boolean => {
    const finder = (cx: number, cy: number) => {
      const dx = x - cx;
      const dy = y - cy;
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return undefined;
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      return ring !== 2;
    };
    const f = finder(0, 0) ?? finder(cells - 7, 0) ?? finder(0, cells - 7);
    if (f !== undefined) return f;
    const bit = (y * cells + x) % (seed.length * 8);
    return (((seed[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
  };
  const raw = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      raw[y * (size + 1) + 1 + x] = isDark(Math.floor(x / scale), Math.floor(y / scale)) ? 0 : 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const texts = Object.entries(text).map(([k, v]) =>
    chunk('tEXt', Buffer.concat([Buffer.from(k, 'latin1'), Buffer.from([0]), Buffer.from(v, 'utf8')])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...texts,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
