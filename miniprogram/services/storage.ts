/**
 * Pictures into cloud storage (book covers), with the same two transports as the functions (config.ts):
 *
 * - `cloud`: `wx.cloud.uploadFile({ cloudPath, filePath })`; the answer's `fileID` (`cloud://…`) is what a
 *   record stores, and `<image src>` shows it directly;
 * - `local`: `wx.uploadFile` to the local cloud (`POST <localUrl>/storage/upload`, the file and
 *   `cloudPath`), which keeps it on disk under its data directory and answers an `http://…/storage/…` URL:
 *   that URL is what a record stores, since `<image>` cannot resolve a local `cloud://` ID. Such URLs mean
 *   nothing outside the machine running the local cloud.
 *
 * Size and type are checked here, before anything is sent: pictures only (jpg, png, webp, gif), 2 MB at most.
 */
import type { ApiResult } from '../../typings/index';
import { config } from '../config';
import { NETWORK_ERROR } from './call';
import { localOpenid } from './local-identity';

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif'];
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export interface ChosenImage {
  path: string;
  size: number;
  extension: string;
}

/** `{ ok: false }` carries a message for the librarian; `null` means they cancelled. */
export type ChooseResult = { ok: true; image: ChosenImage } | { ok: false; message: string } | null;

function extensionOf(filePath: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(filePath);
  return match ? (match[1] as string).toLowerCase() : '';
}

/** Checks a picture the member chose: type by extension, size by bytes. */
export function checkImage(filePath: string, size: number): ChooseResult {
  const extension = extensionOf(filePath);
  if (!IMAGE_EXTENSIONS.includes(extension))
    return { ok: false, message: '只能上传 jpg、png、webp 或 gif 图片' };
  if (size > MAX_IMAGE_BYTES) return { ok: false, message: '图片不能超过 2 MB，请裁剪或换一张' };
  return { ok: true, image: { path: filePath, size, extension } };
}

/** One picture from the album or the camera, compressed by WeChat, then checked. */
export function chooseImage(): Promise<ChooseResult> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => {
        const file = res.tempFiles[0];
        resolve(file ? checkImage(file.tempFilePath, file.size) : null);
      },
      fail: (err: { errMsg: string }) => {
        if (/cancel/.test(err.errMsg)) resolve(null);
        else resolve({ ok: false, message: '没有取到图片，请重试' });
      },
    });
  });
}

/** `<folder>/202611/<time><random>.<ext>`: a fresh path per upload, so a replaced picture never shows stale. */
export function imagePath(folder: string, extension: string, now = new Date()): string {
  const month = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}`;
  const name = `${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `${folder}/${month}/${name}.${extension}`;
}

/** What a record keeps of an upload: the file ID in the cloud, the URL locally. */
export interface Uploaded {
  /** Store this (e.g. in `book.cover`) and show it with `<image src>`. */
  src: string;
  fileID: string;
}

const UPLOAD_FAILED = '图片上传失败，请稍后重试';

function uploadToCloud(filePath: string, cloudPath: string): Promise<ApiResult<Uploaded>> {
  return new Promise((resolve) => {
    wx.cloud.uploadFile({
      cloudPath,
      filePath,
      success: (res: { fileID: string }) =>
        resolve({ ok: true, data: { src: res.fileID, fileID: res.fileID } }),
      fail: (err: { errMsg: string }) => {
        console.warn('[storage] cloud upload failed', err);
        resolve({ ok: false, error: { code: 'INTERNAL', message: UPLOAD_FAILED } });
      },
    });
  });
}

function uploadToLocal(filePath: string, cloudPath: string): Promise<ApiResult<Uploaded>> {
  return new Promise((resolve) => {
    wx.uploadFile({
      url: `${config.localUrl}/storage/upload`,
      filePath,
      name: 'file',
      formData: { cloudPath },
      header: { 'X-WX-OPENID': localOpenid() },
      success: (res) => {
        let answer: { fileID?: unknown; url?: unknown; message?: unknown } = {};
        try {
          answer = JSON.parse(res.data) as typeof answer;
        } catch {
          // not JSON: handled below as a failed upload
        }
        if (res.statusCode === 200 && typeof answer.url === 'string' && typeof answer.fileID === 'string') {
          resolve({ ok: true, data: { src: answer.url, fileID: answer.fileID } });
          return;
        }
        console.warn('[storage] local upload answered', res.statusCode, res.data);
        resolve({ ok: false, error: { code: 'INTERNAL', message: UPLOAD_FAILED } });
      },
      fail: (err) => {
        console.warn('[storage] local upload failed', err);
        resolve({ ok: false, error: NETWORK_ERROR });
      },
    });
  });
}

/** Uploads a chosen picture to `cloudPath` by the configured transport. */
export function uploadImage(image: ChosenImage, cloudPath: string): Promise<ApiResult<Uploaded>> {
  return config.transport === 'local'
    ? uploadToLocal(image.path, cloudPath)
    : uploadToCloud(image.path, cloudPath);
}

/**
 * 拍照或选图 and upload under `folder` (`covers`, `posters`): answers what a record stores (see `Uploaded`),
 * or '' when the member backed out or it failed (said in a toast). `busy` hears when the upload starts and
 * ends, for the button's spinner.
 */
export async function chooseAndUpload(folder: string, busy: (uploading: boolean) => void): Promise<string> {
  const chosen = await chooseImage();
  if (!chosen) return '';
  if (!chosen.ok) {
    wx.showToast({ title: chosen.message, icon: 'none' });
    return '';
  }
  busy(true);
  const res = await uploadImage(chosen.image, imagePath(folder, chosen.image.extension));
  busy(false);
  if (!res.ok) {
    wx.showToast({ title: res.error.message, icon: 'none' });
    return '';
  }
  return res.data.src;
}

/** Local file IDs name a path under the local cloud's storage (docs/local-cloud.md, "Cloud storage"). */
const LOCAL_FILE_ID = /^cloud:\/\/[^/]+\/(.+)$/;

function downloadFromCloud(fileID: string): Promise<ApiResult<string>> {
  return new Promise((resolve) => {
    wx.cloud.downloadFile({
      fileID,
      success: (res: { tempFilePath: string }) => resolve({ ok: true, data: res.tempFilePath }),
      fail: (err: { errMsg: string }) => {
        console.warn('[storage] cloud download failed', err);
        resolve({ ok: false, error: NETWORK_ERROR });
      },
    });
  });
}

/** In local mode the file is served over HTTP by the local cloud: `<localUrl>/storage/<cloudPath>`. */
function localFileUrl(fileID: string): string {
  const match = LOCAL_FILE_ID.exec(fileID);
  return match ? `${config.localUrl}/storage/${match[1] as string}` : fileID;
}

/**
 * What `<image src>` shows for a file a function left in cloud storage (a poster's code): the file ID in
 * the cloud, its URL on the local cloud.
 */
export function fileSrc(fileID: string): string {
  return config.transport === 'local' ? localFileUrl(fileID) : fileID;
}

function downloadFromLocal(fileID: string): Promise<ApiResult<string>> {
  return new Promise((resolve) => {
    wx.downloadFile({
      url: localFileUrl(fileID),
      success: (res) => {
        if (res.statusCode === 200) resolve({ ok: true, data: res.tempFilePath });
        else {
          console.warn('[storage] local download answered', res.statusCode);
          resolve({ ok: false, error: { code: 'NOT_FOUND', message: '文件不存在或已过期，请重新导出' } });
        }
      },
      fail: (err) => {
        console.warn('[storage] local download failed', err);
        resolve({ ok: false, error: NETWORK_ERROR });
      },
    });
  });
}

/** Downloads a file a function left in cloud storage (an export); answers its temporary path. */
export function downloadStoredFile(fileID: string): Promise<ApiResult<string>> {
  return config.transport === 'local' ? downloadFromLocal(fileID) : downloadFromCloud(fileID);
}

/**
 * Opens a downloaded spreadsheet in WeChat's viewer, whose menu forwards or saves it (WeChat opens
 * doc / xls / ppt / pdf kinds, not CSV: see `shareFile`).
 */
export function openSpreadsheet(filePath: string): Promise<ApiResult<null>> {
  return new Promise((resolve) => {
    wx.openDocument({
      filePath,
      fileType: 'xlsx',
      showMenu: true,
      success: () => resolve({ ok: true, data: null }),
      fail: (err: { errMsg: string }) => {
        console.warn('[storage] openDocument failed', err);
        resolve({
          ok: false,
          error: { code: 'INTERNAL', message: '表格已生成，但手机上打不开，请改用 CSV 发送到电脑' },
        });
      },
    });
  });
}

/** Sends a downloaded file to a chat (call inside a tap); answers false when the member backed out. */
export function shareFile(filePath: string, fileName: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.shareFileMessage({
      filePath,
      fileName,
      success: () => resolve(true),
      fail: (err: { errMsg: string }) => {
        if (!/cancel/.test(err.errMsg)) console.warn('[storage] shareFileMessage failed', err);
        resolve(false);
      },
    });
  });
}
