import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__LOCAL_CLOUD__?.stop();
  const dir = process.env.LOCAL_CLOUD_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
