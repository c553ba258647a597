/** HTTP with node's http module: works under jest's node and jsdom environments (jsdom has no fetch). */
import http from 'node:http';
import { cloudPathOf, downloadUrl } from '../../scripts/local-cloud/storage';

/** Answers the HTTP status and the parsed body (the text when it is not JSON). */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ statusCode: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body ?? {}));
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // not JSON: keep the text, as wx.request does
          }
          resolve({ statusCode: res.statusCode ?? 0, data });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A GET answering the status, the content type and the body's bytes. */
export function getBytes(url: string): Promise<{ statusCode: number; contentType: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on('error', reject);
  });
}

/**
 * A local cloud file (`cloud://local.local-storage/<path>`) fetched from `<baseUrl>/storage/<path>`: the
 * status, content type and bytes, and the URL asked; rejects for a file ID that is not a local one.
 */
export async function downloadCloudFile(
  baseUrl: string,
  fileID: string,
): Promise<{ url: string; statusCode: number; contentType: string; body: Buffer }> {
  const cloudPath = cloudPathOf(fileID);
  if (cloudPath === undefined) throw new Error(`not a local cloud file: ${fileID}`);
  const url = downloadUrl(baseUrl, cloudPath);
  return { url, ...(await getBytes(url)) };
}
