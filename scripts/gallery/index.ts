/**
 * `npm run gallery`: every page rendered with demo data to PNG in gallery/ (git-ignored), to look at.
 *
 * 1. Chromium (apt-get when missing), miniprogram_npm and the function bundles;
 * 2. a private local cloud seeded with the demo reading room (or LOCAL_CLOUD_URL, an already running one;
 *    the gallery then adds two demo newcomers to it);
 * 3. jest renders the scenes (`*.gallery.ts`, each through scene.ts's runner) with miniprogram-simulate
 *    into gallery/*.html;
 * 4. Chromium screenshots each at a phone's width (375 px), the full height of the page.
 *
 * GALLERY_ONLY=me renders only the scenes whose name contains "me" (a file left with none skips).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from '../build/functions';
import { packNpm } from '../build/npm';
import { openStore } from '../local-cloud/store';
import { ROOT } from '../paths';
import { seedDemo } from '../seed/demo';
import { startCloudProcess, type CloudProcess } from '../../test/support/process';
import { ensureChromium, screenshot } from './chromium';

const OUT = path.join(ROOT, 'gallery');

async function privateCloud(): Promise<{ url: string; stop: () => Promise<void> }> {
  await buildFunctions();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-gallery-'));
  const store = await openStore(dataDir);
  try {
    await seedDemo(store);
  } finally {
    await store.close();
  }
  const cloud: CloudProcess = await startCloudProcess(dataDir);
  return {
    url: cloud.url,
    stop: async () => {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const chromium = ensureChromium();
  await packNpm();
  const cloud = process.env.LOCAL_CLOUD_URL
    ? { url: process.env.LOCAL_CLOUD_URL, stop: async () => undefined }
    : await privateCloud();
  if (!process.env.GALLERY_ONLY) rmSync(OUT, { recursive: true, force: true });
  const started = Date.now();
  try {
    const jest = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        'scripts/gallery/jest.config.js',
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, LOCAL_CLOUD_URL: cloud.url, GALLERY_DIR: OUT } },
    );
    if (jest.status !== 0) throw new Error('rendering the scenes failed (see above)');
  } finally {
    await cloud.stop();
  }
  const pages = readdirSync(OUT).filter(
    (f) => f.endsWith('.html') && statSync(path.join(OUT, f)).mtimeMs >= started,
  );
  for (const file of pages) {
    const png = path.join(OUT, file.replace(/\.html$/, '.png'));
    screenshot(chromium, path.join(OUT, file), png);
    console.log(`  ${path.relative(ROOT, png)}`);
  }
  console.log(`gallery: ${pages.length} pages in ${path.relative(ROOT, OUT)}/`);
  process.exit(0); // miniprogram-ci leaves handles open
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
