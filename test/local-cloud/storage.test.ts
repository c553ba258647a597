/**
 * The storage stand-in: the mini-program's upload in local mode (`POST /storage/upload` as wx.uploadFile
 * sends it, then `GET /storage/...` for `<image src>`), and the real wx-server-sdk's uploadFile /
 * getTempFileURL / downloadFile / deleteFile from a function's point of view, with files on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { placeholderCode } from '../../scripts/local-cloud/png';
import { MAX_UPLOAD_BYTES } from '../../scripts/local-cloud/storage';
import { rejection, startHarness, type Harness, type Loose } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

/** The SDK's storage typings answer `Promise<...> | void` (callback forms); see harness.ts `Loose`. */
const sdk = (): Loose => h.sdk;

const PNG = placeholderCode({ scene: 'cover', page: 'x' });

/** What wx.uploadFile sends: a multipart form with the file under `name` and the formData fields. */
async function upload(cloudPath: string, content: Buffer, filename = 'tmp.png'): Promise<Response> {
  const form = new FormData();
  form.append('cloudPath', cloudPath);
  form.append('file', new Blob([content], { type: 'image/png' }), filename);
  return fetch(`${h.cloud.url}/storage/upload`, { method: 'POST', body: form });
}

describe('the mini-program in local mode (wx.uploadFile)', () => {
  it('stores an upload on disk under DATA_DIR and serves it back over HTTP', async () => {
    const res = await upload('covers/round-trip 1.png', PNG);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { fileID: string; url: string; local: boolean };
    expect(answer).toEqual({
      fileID: 'cloud://local.local-storage/covers/round-trip 1.png',
      url: `${h.cloud.url}/storage/covers/round-trip%201.png`,
      local: true,
    });
    const onDisk = path.join(h.dataDir, 'storage', 'covers', 'round-trip 1.png');
    expect(readFileSync(onDisk).equals(PNG)).toBe(true);

    const got = await fetch(answer.url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses what is not a picture, what is too large, paths that escape, and forms without a file', async () => {
    const text = await upload('covers/notes.txt', Buffer.from('hello'));
    expect(text.status).toBe(400);
    expect(await text.json()).toMatchObject({ code: 'INVALID_FILE_TYPE' });

    const big = await upload('covers/big.png', Buffer.alloc(MAX_UPLOAD_BYTES + 1));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });

    const escape = await upload('../outside.png', PNG);
    expect(escape.status).toBe(400);
    expect(existsSync(path.join(h.dataDir, 'outside.png'))).toBe(false);

    const form = new FormData();
    form.append('cloudPath', 'covers/none.png');
    const empty = await fetch(`${h.cloud.url}/storage/upload`, { method: 'POST', body: form });
    expect(empty.status).toBe(400);

    expect((await fetch(`${h.cloud.url}/storage/covers/missing.png`)).status).toBe(404);
    expect((await fetch(`${h.cloud.url}/storage/..%2Fcloud.sqlite`)).status).toBe(404);
  });
});

describe('wx-server-sdk in a cloud function', () => {
  it('uploadFile, getTempFileURL, downloadFile and deleteFile work against the local cloud', async () => {
    const content = Buffer.from('第一行\n第二行\n');
    const uploaded = await sdk().uploadFile({ cloudPath: 'exports/loans.csv', fileContent: content });
    expect(uploaded.fileID).toBe('cloud://local.local-storage/exports/loans.csv');
    expect(readFileSync(path.join(h.dataDir, 'storage', 'exports', 'loans.csv'), 'utf8')).toBe(
      '第一行\n第二行\n',
    );

    const urls = await sdk().getTempFileURL({
      fileList: [uploaded.fileID, 'cloud://local.local-storage/no.csv'],
    });
    expect(urls.fileList[0]).toMatchObject({ fileID: uploaded.fileID, status: 0 });
    expect(urls.fileList[1]).toMatchObject({ status: -503003, tempFileURL: '' });
    const got = await fetch(urls.fileList[0]!.tempFileURL);
    expect(await got.text()).toBe('第一行\n第二行\n');

    const downloaded = await sdk().downloadFile({ fileID: uploaded.fileID });
    expect(Buffer.from(downloaded.fileContent as Buffer).toString('utf8')).toBe('第一行\n第二行\n');

    const deleted = await sdk().deleteFile({ fileList: [uploaded.fileID] });
    expect(deleted.fileList[0]).toMatchObject({ fileID: uploaded.fileID, status: 0 });
    expect(existsSync(path.join(h.dataDir, 'storage', 'exports', 'loans.csv'))).toBe(false);
    const gone = await sdk().getTempFileURL({ fileList: [uploaded.fileID] });
    expect(gone.fileList[0]).toMatchObject({ status: -503003 });
  });

  it('refuses a cloud path that escapes the storage folder', async () => {
    const error = await rejection(
      sdk().uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') }),
    );
    expect(String(error.errMsg ?? error.message)).toMatch(/cloudPath/);
  });
});
