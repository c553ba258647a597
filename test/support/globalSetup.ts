/**
 * Starts one local cloud for the whole jest run: function bundles built, a fresh data directory with the
 * demo reading room seeded, the CLI in a child process. Tests read LOCAL_CLOUD_URL.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from '../../scripts/build/functions';
import { openStore } from '../../scripts/local-cloud/store';
import { seedDemo } from '../../scripts/seed/demo';
import { TEST_ADMIN_OPENID } from './env';
import { startCloudProcess, type CloudProcess } from './process';

declare global {
  var __LOCAL_CLOUD__: CloudProcess | undefined;
}

export default async function globalSetup(): Promise<void> {
  await buildFunctions();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-test-'));
  const store = await openStore(dataDir);
  try {
    await seedDemo(store);
  } finally {
    await store.close();
  }
  // No timer triggers on the shared cloud: a daily job firing at 09:00 UTC+8 in the middle of a run would
  // change what parallel tests see. Tests of timers fire them explicitly or use privateCloud().
  const cloud = await startCloudProcess(dataDir, {
    env: { ADMIN_OPENIDS: TEST_ADMIN_OPENID },
    timers: false,
  });
  globalThis.__LOCAL_CLOUD__ = cloud;
  process.env.LOCAL_CLOUD_URL = cloud.url;
  process.env.LOCAL_CLOUD_DATA_DIR = dataDir;
}
