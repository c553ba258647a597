/**
 * For the catalogue admin pages' tests and gallery scenes: the `wx` APIs they use beyond test/support/wx.ts
 * — the camera (`scanCode`, answers queued by the test), the album (`chooseMedia`), uploads to the REAL
 * local cloud's storage (`wx.uploadFile` in local mode; `wx.cloud.uploadFile` stands in for the cloud by
 * storing into the same local storage), modals recorded — and a valid ISBN no other test uses.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

export interface AdminWx {
  /** What the camera reads next, in order; when empty the librarian cancels the camera. */
  scans: string[];
  /** The picture the album answers next (a file on disk). */
  chosen: { path: string; size?: number } | null;
  /** Every wx.showModal shown (title, content), whatever it answered. */
  modals: { title: string; content: string }[];
  /** cloudPath of every upload, by transport. */
  uploads: { transport: 'cloud' | 'local'; cloudPath: string }[];
}

interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: () => void;
}

function answer<T>(options: Callbacks<T>, work: Promise<T>): void {
  work.then(
    (res) => {
      options.success?.(res);
      options.complete?.();
    },
    (error: unknown) => {
      options.fail?.({ errMsg: error instanceof Error ? error.message : String(error) });
      options.complete?.();
    },
  );
}

/** POSTs a multipart form (fields + one file) as wx.uploadFile does; answers status and body text. */
export function postMultipart(
  url: string,
  fields: Record<string, string>,
  file: { name: string; filename: string; content: Buffer },
  headers: Record<string, string> = {},
): Promise<{ statusCode: number; data: string }> {
  const boundary = `----wxupload${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  const body = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, data: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Adds the camera, album, uploads and recorded modals to the installed shim (call after installWx). */
export function installAdminWx(cloudUrl: () => string): AdminWx {
  const state: AdminWx = { scans: [], chosen: null, modals: [], uploads: [] };
  const g = globalThis as unknown as { wx: Record<string, unknown> & { cloud: Record<string, unknown> } };
  const showModal = g.wx.showModal as (options: { title?: string; content?: string }) => unknown;
  const upload = async (filePath: string, cloudPath: string, url: string, headers: Record<string, string>) =>
    postMultipart(
      url,
      { cloudPath },
      { name: 'file', filename: filePath.split('/').pop() ?? 'file', content: readFileSync(filePath) },
      headers,
    );
  Object.assign(g.wx, {
    setNavigationBarTitle: () => Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' }),
    showModal: (options: { title?: string; content?: string }) => {
      state.modals.push({ title: options.title ?? '', content: options.content ?? '' });
      return showModal(options);
    },
    scanCode: (options: Callbacks<{ result: string; scanType: string }>) => {
      const next = state.scans.shift();
      answer(
        options,
        next === undefined
          ? Promise.reject(new Error('scanCode:fail cancel'))
          : Promise.resolve({ result: next, scanType: 'EAN_13' }),
      );
    },
    chooseMedia: (
      options: Callbacks<{ tempFiles: { tempFilePath: string; size: number; fileType: string }[] }>,
    ) => {
      const chosen = state.chosen;
      answer(
        options,
        chosen
          ? Promise.resolve({
              tempFiles: [
                {
                  tempFilePath: chosen.path,
                  size: chosen.size ?? readFileSync(chosen.path).length,
                  fileType: 'image',
                },
              ],
            })
          : Promise.reject(new Error('chooseMedia:fail cancel')),
      );
    },
    uploadFile: (
      options: {
        url: string;
        filePath: string;
        formData?: Record<string, string>;
        header?: Record<string, string>;
      } & Callbacks<{ statusCode: number; data: string }>,
    ) => {
      const cloudPath = options.formData?.cloudPath ?? '';
      state.uploads.push({ transport: 'local', cloudPath });
      answer(options, upload(options.filePath, cloudPath, options.url, options.header ?? {}));
      return { abort: () => undefined };
    },
  });
  Object.assign(g.wx.cloud, {
    uploadFile: (options: { cloudPath: string; filePath: string } & Callbacks<{ fileID: string }>) => {
      state.uploads.push({ transport: 'cloud', cloudPath: options.cloudPath });
      const work = upload(options.filePath, options.cloudPath, `${cloudUrl()}/storage/upload`, {}).then(
        ({ statusCode, data }) => {
          if (statusCode !== 200) throw new Error(`cloud.uploadFile:fail ${data}`);
          return { fileID: (JSON.parse(data) as { fileID: string }).fileID };
        },
      );
      answer(options, work);
    },
  });
  return state;
}

/** A valid ISBN-13 (978 + 9 random digits + check digit) that no seed book has. */
export function randomIsbn13(): string {
  let body = '9787';
  for (let i = 0; i < 8; i++) body += String(Math.floor(Math.random() * 10));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

/** The same ISBN with its check digit wrong. */
export function withBadCheckDigit(isbn: string): string {
  const last = Number(isbn[isbn.length - 1]);
  return isbn.slice(0, -1) + String((last + 1) % 10);
}
