/**
 * The local stand-in for cloud storage: files live on disk under `<dataDir>/storage/<cloudPath>` and are
 * served over HTTP, so an uploaded cover shows in `<image src>` in local mode. Honest about being local:
 * file IDs are `cloud://local.local-storage/<cloudPath>`, nothing is signed, nothing expires.
 *
 * Two faces:
 *
 * - for the mini-program in local mode (services/storage.ts): `POST /storage/upload`, a multipart form as
 *   `wx.uploadFile` sends it (`file` + `cloudPath`), answers `{ fileID, url }`; `GET /storage/<cloudPath>`
 *   answers the file.
 * - for wx-server-sdk (`cloud.uploadFile`, `getTempFileURL`, `deleteFile`, `downloadFile` in a function):
 *   the API actions `storage.getUploadMetadata` (answers a one-time upload URL on this server, where the
 *   SDK then PUTs the bytes, as it does to COS), `storage.batchGetDownloadUrl` and `storage.batchDeleteFile`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { boundaryOf, parseMultipart } from './multipart';

export const LOCAL_FILE_ID_PREFIX = 'cloud://local.local-storage/';

/** Uploads from the mini-program: covers and other pictures, 5 MB at most (the client asks for less). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
};

/** The file types `POST /storage/upload` accepts (what the mini-program uploads: pictures). */
export const UPLOAD_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif', '.webp'];

export class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A cloud path as the SDK and wx.cloud.uploadFile take it: relative, `/`-separated, no `.`/`..` segments,
 * no backslashes or control characters, at most 850 bytes (COS's key limit).
 */
export function normaliseCloudPath(input: string): string {
  const value = input.replace(/^\/+/, '');
  if (!value || Buffer.byteLength(value) > 850)
    throw new StorageError('INVALID_PARAM', 'cloudPath must be 1–850 bytes');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\\\u0000-\u001f]/.test(value))
    throw new StorageError('INVALID_PARAM', 'cloudPath has bad characters');
  const segments = value.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    throw new StorageError('INVALID_PARAM', 'cloudPath must not contain empty, . or .. segments');
  return segments.join('/');
}

export function fileIdOf(cloudPath: string): string {
  return LOCAL_FILE_ID_PREFIX + cloudPath;
}

/** The cloud path of a local file ID (`cloud://local.local-storage/a/b.png` → `a/b.png`); undefined otherwise. */
export function cloudPathOf(fileId: string): string | undefined {
  if (!fileId.startsWith(LOCAL_FILE_ID_PREFIX)) return undefined;
  try {
    return normaliseCloudPath(fileId.slice(LOCAL_FILE_ID_PREFIX.length));
  } catch {
    return undefined;
  }
}

export function contentTypeOf(cloudPath: string): string {
  return CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

/** Files under `<dataDir>/storage`, and the one-time upload tokens handed to the SDK. */
export class LocalStorage {
  readonly root: string;
  private readonly uploads = new Map<string, { cloudPath: string; expires: number }>();

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'storage');
  }

  private fullPath(cloudPath: string): string {
    const full = path.join(this.root, ...normaliseCloudPath(cloudPath).split('/'));
    if (!full.startsWith(this.root + path.sep)) throw new StorageError('INVALID_PARAM', 'cloudPath escapes');
    return full;
  }

  /** Writes the file (replacing one at the same path), via a temporary file so readers never see half. */
  write(cloudPath: string, content: Buffer): string {
    const full = this.fullPath(cloudPath);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    const temp = `${full}.${randomBytes(4).toString('hex')}.part`;
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, full);
    return fileIdOf(normaliseCloudPath(cloudPath));
  }

  read(cloudPath: string): Buffer | undefined {
    let full: string;
    try {
      full = this.fullPath(cloudPath);
    } catch {
      return undefined;
    }
    try {
      const stat = fs.statSync(full);
      return stat.isFile() ? fs.readFileSync(full) : undefined;
    } catch {
      return undefined;
    }
  }

  exists(cloudPath: string): boolean {
    try {
      return fs.statSync(this.fullPath(cloudPath)).isFile();
    } catch {
      return false;
    }
  }

  remove(cloudPath: string): boolean {
    try {
      fs.unlinkSync(this.fullPath(cloudPath));
      return true;
    } catch {
      return false;
    }
  }

  /** A token for one PUT of `cloudPath` within 10 minutes (what `getUploadMetadata` hands the SDK). */
  grantUpload(cloudPath: string): string {
    const token = randomBytes(16).toString('hex');
    const now = Date.now();
    for (const [key, grant] of this.uploads) if (grant.expires < now) this.uploads.delete(key);
    this.uploads.set(token, { cloudPath: normaliseCloudPath(cloudPath), expires: now + 10 * 60_000 });
    return token;
  }

  /** Consumes an upload token; answers its cloud path, or undefined when unknown or expired. */
  takeUpload(token: string): string | undefined {
    const grant = this.uploads.get(token);
    this.uploads.delete(token);
    return grant && grant.expires >= Date.now() ? grant.cloudPath : undefined;
  }
}

/** `<base>/storage/<cloudPath>` with each segment URL-encoded. */
export function downloadUrl(base: string, cloudPath: string): string {
  return `${base}/storage/${cloudPath.split('/').map(encodeURIComponent).join('/')}`;
}

type Json = Record<string, unknown>;

/** The `storage.*` API actions wx-server-sdk sends (POST /admin); answers the body's fields (data / code). */
export function handleStorageAction(storage: LocalStorage, base: string, action: string, params: Json): Json {
  switch (action) {
    case 'storage.getUploadMetadata': {
      const cloudPath = normaliseCloudPath(typeof params.path === 'string' ? params.path : '');
      const token = storage.grantUpload(cloudPath);
      return {
        data: {
          url: `${base}/storage-upload/${token}`,
          token,
          authorization: 'local-cloud',
          fileId: fileIdOf(cloudPath),
          cosFileId: `local-${token}`,
          download_url: downloadUrl(base, cloudPath),
        },
      };
    }
    case 'storage.batchGetDownloadUrl': {
      const list = Array.isArray(params.file_list) ? (params.file_list as Json[]) : [];
      return {
        data: {
          download_list: list.map((item) => {
            const fileID = typeof item.fileid === 'string' ? item.fileid : '';
            const cloudPath = cloudPathOf(fileID);
            const maxAge = typeof item.max_age === 'number' ? item.max_age : 86400;
            if (!cloudPath || !storage.exists(cloudPath))
              return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', maxAge };
            return { fileID, tempFileURL: downloadUrl(base, cloudPath), code: 'SUCCESS', maxAge };
          }),
        },
      };
    }
    case 'storage.batchDeleteFile': {
      const list = Array.isArray(params.fileid_list) ? (params.fileid_list as unknown[]) : [];
      return {
        data: {
          delete_list: list.map((item) => {
            const fileID = typeof item === 'string' ? item : '';
            const cloudPath = cloudPathOf(fileID);
            const removed = cloudPath !== undefined && storage.remove(cloudPath);
            return { fileID, code: removed ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
          }),
        },
      };
    }
    default:
      throw new StorageError('INVALID_PARAM', `local cloud: action ${action} is not implemented`);
  }
}

export interface StorageRequest {
  method: string;
  /** The URL path's segments, still encoded (`['storage', 'covers', 'a%20b.png']`). */
  parts: string[];
  body: Buffer;
  contentType: string;
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

/** COS answers errors as XML; node-sdk parses `Error.Code / Message / RequestId / TraceId`. */
function sendCosError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = Buffer.from(
    `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>local</RequestId><TraceId>local</TraceId></Error>`,
  );
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length });
  res.end(body);
}

function decodedPath(segments: string[]): string | undefined {
  try {
    return normaliseCloudPath(segments.map((s) => decodeURIComponent(s)).join('/'));
  } catch {
    return undefined;
  }
}

/**
 * The HTTP routes of the stand-in. Answers true when it handled the request:
 * - `POST /storage/upload` (multipart: `file`, `cloudPath`): a picture of at most {@link MAX_UPLOAD_BYTES}
 *   → 200 `{ fileID, url, local: true }`; 400 / 413 `{ code, message }` otherwise;
 * - `GET` / `HEAD /storage/<cloudPath>`: the file, or 404;
 * - `PUT /storage-upload/<token>`: the SDK's upload after `storage.getUploadMetadata` (empty 200 body, as COS).
 */
export function handleStorageRoute(
  storage: LocalStorage,
  base: string,
  req: StorageRequest,
  res: http.ServerResponse,
  log: (line: string) => void,
): boolean {
  const { method, parts } = req;
  if (method === 'POST' && parts[0] === 'storage' && parts[1] === 'upload' && parts.length === 2) {
    const boundary = boundaryOf(req.contentType);
    if (!req.contentType.startsWith('multipart/form-data') || !boundary) {
      sendJson(res, 400, { code: 'INVALID_PARAM', message: 'send a multipart form: file, cloudPath' });
      return true;
    }
    const form = parseMultipart(req.body, boundary);
    const file = form.get('file');
    let cloudPath: string;
    try {
      cloudPath = normaliseCloudPath(form.get('cloudPath')?.toString('utf8') ?? '');
    } catch (error) {
      sendJson(res, 400, { code: 'INVALID_PARAM', message: (error as Error).message });
      return true;
    }
    if (!file || file.length === 0) {
      sendJson(res, 400, { code: 'INVALID_PARAM', message: 'the form has no file' });
      return true;
    }
    if (file.length > MAX_UPLOAD_BYTES) {
      sendJson(res, 413, { code: 'FILE_TOO_LARGE', message: `at most ${MAX_UPLOAD_BYTES} bytes` });
      return true;
    }
    if (!UPLOAD_EXTENSIONS.includes(path.extname(cloudPath).toLowerCase())) {
      sendJson(res, 400, {
        code: 'INVALID_FILE_TYPE',
        message: `only ${UPLOAD_EXTENSIONS.join(' ')} files`,
      });
      return true;
    }
    const fileID = storage.write(cloudPath, file);
    log(`storage: stored ${cloudPath} (${file.length} bytes) on disk`);
    sendJson(res, 200, { fileID, url: downloadUrl(base, cloudPath), local: true });
    return true;
  }
  if ((method === 'GET' || method === 'HEAD') && parts[0] === 'storage' && parts.length >= 2) {
    const cloudPath = decodedPath(parts.slice(1));
    const content = cloudPath ? storage.read(cloudPath) : undefined;
    if (!cloudPath || !content) {
      sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: 'no such file' });
      return true;
    }
    res.writeHead(200, {
      'content-type': contentTypeOf(cloudPath),
      'content-length': content.length,
      'cache-control': 'no-cache',
    });
    res.end(method === 'HEAD' ? undefined : content);
    return true;
  }
  if (method === 'PUT' && parts[0] === 'storage-upload' && parts.length === 2) {
    const cloudPath = storage.takeUpload(parts[1] as string);
    if (!cloudPath) {
      sendCosError(res, 403, 'AccessDenied', 'unknown or expired upload token (local cloud)');
      return true;
    }
    storage.write(cloudPath, req.body);
    log(`storage: stored ${cloudPath} (${req.body.length} bytes) for wx-server-sdk`);
    res.writeHead(200, { 'content-length': 0 });
    res.end();
    return true;
  }
  return false;
}
