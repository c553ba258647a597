/**
 * Checks what only WeChat's own compilers and the app's JSON can tell: every WXML through wcc, every WXSS
 * through wcsc, every page in app.json present, every `usingComponents` path resolvable.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_DIR } from '../paths';

interface CompilerModule {
  wxmlToJs(rootPath: string): string;
}

const SKIP_DIRS = new Set(['node_modules']);

/** Every file under the mini-program root with this extension, relative to the root. */
export function filesWithExt(ext: string, dir = MINIPROGRAM_DIR): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...filesWithExt(ext, full));
    } else if (entry.name.endsWith(ext)) {
      out.push(path.relative(MINIPROGRAM_DIR, full));
    }
  }
  return out.sort();
}

export function checkWxml(): string[] {
  // miniprogram-compiler is plain JS without types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiler = require('miniprogram-compiler') as CompilerModule;
  try {
    compiler.wxmlToJs(MINIPROGRAM_DIR);
    return [];
  } catch (error) {
    return [`WXML: ${String((error as Error).message ?? error)}`];
  }
}

export function checkWxss(): string[] {
  const wcsc = path.join(
    path.dirname(require.resolve('miniprogram-compiler/package.json')),
    'bin/linux/wcsc',
  );
  // The npm package ships wcsc without its executable bit (wcc has it).
  if ((statSync(wcsc).mode & 0o111) === 0) chmodSync(wcsc, 0o755);
  const failures: string[] = [];
  for (const file of filesWithExt('.wxss').filter((f) => !f.startsWith('miniprogram_npm'))) {
    const res = spawnSync(wcsc, ['-db', '-pc', '1', file], { cwd: MINIPROGRAM_DIR, encoding: 'utf8' });
    if (res.error) failures.push(`WXSS ${file}: wcsc could not run: ${res.error.message}`);
    else if (res.status !== 0) failures.push(`WXSS ${file}: ${(res.stderr || res.stdout).trim()}`);
  }
  return failures;
}

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] };
  usingComponents?: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A component path as WeChat resolves it from the file `from` (relative to the root, no extension). */
function componentExists(from: string, target: string): boolean {
  if (target.startsWith('plugin://')) return true;
  const candidates: string[] = [];
  if (target.startsWith('/')) candidates.push(target.slice(1));
  else if (target.startsWith('.')) candidates.push(path.join(path.dirname(from), target));
  else {
    candidates.push(path.join('miniprogram_npm', target));
    candidates.push(path.join(path.dirname(from), target));
  }
  return candidates.some((c) => {
    const base = path.join(MINIPROGRAM_DIR, c);
    const asFile = ['.json'].some((ext) => existsSync(base + ext));
    const asDir = existsSync(path.join(base, 'index.json'));
    return asFile || asDir;
  });
}

export function checkAppJson(): string[] {
  const failures: string[] = [];
  const app = readJson<AppJson>(path.join(MINIPROGRAM_DIR, 'app.json'));
  const subpackages = app.subpackages ?? app.subPackages ?? [];
  const pages = [...app.pages, ...subpackages.flatMap((s) => s.pages.map((p) => path.join(s.root, p)))];
  for (const page of pages) {
    for (const ext of ['.wxml', '.json']) {
      if (!existsSync(path.join(MINIPROGRAM_DIR, page + ext)))
        failures.push(`app.json: ${page}${ext} is missing`);
    }
    if (!['.ts', '.js'].some((ext) => existsSync(path.join(MINIPROGRAM_DIR, page + ext)))) {
      failures.push(`app.json: ${page}.ts is missing`);
    }
  }
  for (const tab of app.tabBar?.list ?? []) {
    if (!app.pages.includes(tab.pagePath))
      failures.push(`tabBar: ${tab.pagePath} is not a main-package page`);
    for (const icon of [tab.iconPath, tab.selectedIconPath]) {
      if (icon && !existsSync(path.join(MINIPROGRAM_DIR, icon)))
        failures.push(`tabBar: icon ${icon} is missing`);
    }
  }
  for (const [tag, target] of Object.entries(app.usingComponents ?? {})) {
    if (!componentExists('app', target)) failures.push(`app.json: <${tag}> → ${target} not found`);
  }
  for (const json of filesWithExt('.json').filter((f) => !f.startsWith('miniprogram_npm'))) {
    if (json === 'app.json' || json.endsWith('package.json') || json.endsWith('package-lock.json')) continue;
    if (json === 'sitemap.json' || json.endsWith('tsconfig.json')) continue;
    let parsed: { usingComponents?: Record<string, string> };
    try {
      parsed = readJson(path.join(MINIPROGRAM_DIR, json));
    } catch (error) {
      failures.push(`${json}: ${(error as Error).message}`);
      continue;
    }
    const from = json.replace(/\.json$/, '');
    for (const [tag, target] of Object.entries(parsed.usingComponents ?? {})) {
      if (!componentExists(from, target)) failures.push(`${json}: <${tag}> → ${target} not found`);
    }
  }
  return failures;
}
