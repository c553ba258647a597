/** Headless Debian Chromium: installed with apt when missing, a page's height, a full-page screenshot. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WIDTH = 375;
const MIN_HEIGHT = 812;

function which(command: string): string | null {
  const res = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

export function ensureChromium(): string {
  const found = which('chromium');
  if (found) return found;
  console.log('chromium is missing: apt-get install -y chromium fonts-noto-cjk');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = which('chromium');
  if (!installed) throw new Error('chromium could not be installed');
  return installed;
}

function run(chromium: string, args: string[]): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'gallery-chromium-'));
  try {
    const res = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--hide-scrollbars',
        '--allow-file-access-from-files',
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (res.status !== 0) throw new Error(`chromium failed: ${res.stderr}`);
    return res.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's full height at the phone's width (the HTML writes it into its title once loaded). */
function pageHeight(chromium: string, htmlFile: string): number {
  const dom = run(chromium, [`--window-size=${WIDTH},${MIN_HEIGHT}`, '--dump-dom', `file://${htmlFile}`]);
  const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1]);
  return Number.isFinite(height) && height > MIN_HEIGHT ? Math.ceil(height) : MIN_HEIGHT;
}

export function screenshot(chromium: string, htmlFile: string, pngFile: string): void {
  const height = pageHeight(chromium, htmlFile);
  run(chromium, [`--window-size=${WIDTH},${height}`, `--screenshot=${pngFile}`, `file://${htmlFile}`]);
}
