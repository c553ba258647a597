/**
 * The event poster as a picture (保存到相册): drawn on a 2D canvas as the screen shows it — the event's own
 * picture (or the type band), title, time, place and the mini-program code — then written to a temporary
 * file and saved to the album. The album permission,
 * once refused, is asked again through the settings page.
 */
import { confirm } from '../../utils/dialogs';

/** What the picture shows. */
export interface PosterText {
  typeLabel: string;
  color: string;
  title: string;
  timeText: string;
  place: string;
}

/** Local file paths of the pictures on the poster (downloaded: a canvas loads no cloud:// ID). */
export interface PosterImages {
  code: string;
  /** The event's own picture, when it has one. */
  picture?: string;
}

const WIDTH = 600;
const HEIGHT = 900;
const BAND = 220;

type Context = WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;

function loadImage(canvas: WechatMiniprogram.Canvas, src: string): Promise<WechatMiniprogram.Image> {
  const image = canvas.createImage();
  return new Promise((resolve, reject) => {
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`the picture ${src} did not load`));
    image.src = src;
  });
}

/** Draws `image` over the band, cropped to fill it (as `mode="aspectFill"` shows it on screen). */
function fillBand(ctx: Context, image: WechatMiniprogram.Image): void {
  const scale = Math.max(WIDTH / image.width, BAND / image.height);
  const sw = WIDTH / scale;
  const sh = BAND / scale;
  ctx.drawImage(image, (image.width - sw) / 2, (image.height - sh) / 2, sw, sh, 0, 0, WIDTH, BAND);
}

/** Splits `text` into lines no wider than `width` on the canvas (characters, as Chinese wraps). */
function wrap(ctx: Context, text: string, width: number) {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (ctx.measureText(line + char).width > width && line) {
      lines.push(line);
      line = char;
    } else line += char;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draws the poster on `canvas` (a 2D canvas node); answers the temporary file of the picture. */
export async function drawPoster(
  canvas: WechatMiniprogram.Canvas,
  poster: PosterText,
  images: PosterImages,
): Promise<string> {
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d') as Context;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  if (images.picture) fillBand(ctx, await loadImage(canvas, images.picture));
  else {
    ctx.fillStyle = poster.color;
    ctx.fillRect(0, 0, WIDTH, BAND);
    ctx.fillStyle = '#ffffff';
    ctx.font = 'bold 44px sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(poster.typeLabel, WIDTH / 2, 130);
  }

  ctx.textAlign = 'left';
  ctx.fillStyle = '#1a1a1a';
  ctx.font = 'bold 38px sans-serif';
  let y = 290;
  for (const line of wrap(ctx, poster.title, WIDTH - 80).slice(0, 3)) {
    ctx.fillText(line, 40, y);
    y += 52;
  }
  ctx.fillStyle = '#4a4a4a';
  ctx.font = '28px sans-serif';
  for (const line of [poster.timeText, poster.place].filter(Boolean)) {
    y += 10;
    ctx.fillText(line, 40, y);
    y += 36;
  }

  ctx.drawImage(await loadImage(canvas, images.code), (WIDTH - 260) / 2, HEIGHT - 360, 260, 260);
  ctx.fillStyle = '#4a4a4a';
  ctx.font = '26px sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText('微信扫码，查看活动并报名', WIDTH / 2, HEIGHT - 60);

  return new Promise((resolve, reject) => {
    wx.canvasToTempFilePath({
      canvas,
      fileType: 'png',
      success: (res) => resolve(res.tempFilePath),
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });
}

/** Saves a picture to the album; a refused permission leads to the settings page. Answers whether it was saved. */
export function saveToAlbum(filePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.saveImageToPhotosAlbum({
      filePath,
      success: () => {
        wx.showToast({ title: '已保存到相册', icon: 'success' });
        resolve(true);
      },
      fail: (err) => {
        if (/cancel/.test(err.errMsg)) return resolve(false);
        if (/auth|authorize|permission/i.test(err.errMsg)) {
          void confirm(
            '需要相册权限',
            '保存海报要用到相册。请在设置里打开“添加到相册”，再点一次保存。',
            '去设置',
            false,
          ).then((go) => {
            if (go) wx.openSetting({});
            resolve(false);
          });
          return;
        }
        wx.showToast({ title: '没有保存成功，请重试', icon: 'none' });
        resolve(false);
      },
    });
  });
}
