/**
 * The saved poster (pages/event-poster/draw.ts) is drawn as the screen shows it: the event's own picture
 * over the band when it has one (cropped to fill, as `aspectFill`), else the type band; then the code. A
 * recording stand-in for the 2D canvas (simulate cannot draw): what was drawn, in order.
 */
import { drawPoster, type PosterText } from '../../miniprogram/pages/event-poster/draw';

type Call = [string, ...unknown[]];

interface FakeImage {
  src: string;
  width: number;
  height: number;
  onload?: () => void;
  onerror?: () => void;
}

/** Pictures by path: their sizes (an unknown path fails to load). */
function fakeCanvas(sizes: Record<string, [number, number]>) {
  const calls: Call[] = [];
  const ctx = new Proxy(
    { measureText: (text: string) => ({ width: text.length * 30 }) } as Record<string, unknown>,
    {
      get: (target, key: string) =>
        key in target ? target[key] : (...args: unknown[]) => calls.push([key, ...args]),
      set: (_target, key: string, value: unknown) => {
        calls.push([`set ${key}`, value]);
        return true;
      },
    },
  );
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => ctx,
    createImage(): FakeImage {
      const image: FakeImage = { src: '', width: 0, height: 0 };
      return new Proxy(image, {
        set(target, key: keyof FakeImage, value: never) {
          target[key] = value;
          if (key === 'src') {
            const size = sizes[value as string];
            setTimeout(() => {
              if (size) [target.width, target.height] = size;
              (size ? target.onload : target.onerror)?.();
            });
          }
          return true;
        },
      });
    },
  };
  return { canvas: canvas as unknown as WechatMiniprogram.Canvas, calls };
}

const POSTER: PosterText = {
  typeLabel: '主题党日',
  color: '#b71c1c',
  title: '重温入党誓词',
  timeText: '12月8日 周二 14:30–16:30',
  place: '党校书屋',
};

beforeEach(() => {
  (globalThis as unknown as { wx: unknown }).wx = {
    canvasToTempFilePath: ({ success }: { success: (res: { tempFilePath: string }) => void }) =>
      success({ tempFilePath: 'tmp/poster.png' }),
  };
});

const drawn = (calls: Call[]) => calls.filter(([name]) => name === 'drawImage');

test('without a picture: the type band in its colour, then the code', async () => {
  const { canvas, calls } = fakeCanvas({ 'tmp/code.png': [280, 280] });
  expect(await drawPoster(canvas, POSTER, { code: 'tmp/code.png' })).toBe('tmp/poster.png');
  expect(calls).toContainEqual(['set fillStyle', '#b71c1c']);
  expect(calls).toContainEqual(['fillText', '主题党日', 300, 130]);
  expect(drawn(calls)).toHaveLength(1);
  expect((drawn(calls)[0]![1] as FakeImage).src).toBe('tmp/code.png');
});

test('with a picture: the picture fills the band, cropped around its middle, and no type band', async () => {
  const { canvas, calls } = fakeCanvas({ 'tmp/code.png': [280, 280], 'tmp/picture.jpg': [1200, 1200] });
  await drawPoster(canvas, POSTER, { code: 'tmp/code.png', picture: 'tmp/picture.jpg' });
  const [picture, code] = drawn(calls);
  // a square picture over a 600 × 220 band: its full width, the middle 440 px of its height
  expect(picture!.slice(2)).toEqual([0, 380, 1200, 440, 0, 0, 600, 220]);
  expect((picture![1] as FakeImage).src).toBe('tmp/picture.jpg');
  expect((code![1] as FakeImage).src).toBe('tmp/code.png');
  expect(calls).not.toContainEqual(['fillText', '主题党日', 300, 130]);
});

test('a picture that does not load fails the drawing (the page says so)', async () => {
  const { canvas } = fakeCanvas({});
  await expect(drawPoster(canvas, POSTER, { code: 'tmp/missing.png' })).rejects.toThrow('did not load');
});
