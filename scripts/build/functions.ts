/**
 * Bundles each cloud function (cloudfunctions/<name>/src/index.ts) with the shared code into its own
 * deployable cloudfunctions/<name>/index.js; wx-server-sdk stays external (installed by the cloud from the
 * folder's package.json). Folders starting with `_` hold shared code, not functions.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../paths';

export const FUNCTIONS_DIR = path.join(ROOT, 'cloudfunctions');

export function functionNames(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .filter((d) => existsSync(path.join(FUNCTIONS_DIR, d.name, 'src', 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export async function buildFunctions(): Promise<string[]> {
  const names = functionNames();
  await Promise.all(
    names.map((name) =>
      build({
        entryPoints: [path.join(FUNCTIONS_DIR, name, 'src', 'index.ts')],
        outfile: path.join(FUNCTIONS_DIR, name, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        sourcemap: 'linked',
        sourcesContent: false,
        legalComments: 'none',
        logLevel: 'warning',
        banner: { js: `// Built by scripts/build from cloudfunctions/${name}/src. Do not edit.` },
      }),
    ),
  );
  return names;
}
