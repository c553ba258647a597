/**
 * Builds a TypeScript test function (a fixture using the shared cloud function code: router, clock) the
 * way scripts/build bundles the real ones, into a temp functions folder a local cloud can run.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface FixtureFunctions {
  /** Pass as `functionsDir`. */
  functionsDir: string;
  remove(): void;
}

/**
 * Bundles each `{ name: folder }` (a folder holding `index.ts` and optionally `config.json`) into
 * `<temp>/functions/<name>/`. wx-server-sdk stays external, as in production; `<temp>/node_modules`
 * links to the project's, so the bundle finds it.
 */
export async function buildFixtureFunctions(folders: Record<string, string>): Promise<FixtureFunctions> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'shuwu-functions-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const functionsDir = path.join(root, 'functions');
  for (const [name, folder] of Object.entries(folders)) {
    const dir = path.join(functionsDir, name);
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [path.join(folder, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      logLevel: 'warning',
    });
    const config = path.join(folder, 'config.json');
    if (existsSync(config)) copyFileSync(config, path.join(dir, 'config.json'));
  }
  return { functionsDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
