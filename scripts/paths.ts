/** Well-known paths of the project, resolved from this file so scripts work from any cwd. */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const MINIPROGRAM_DIR = path.join(ROOT, 'miniprogram');

/** Where the local cloud keeps its data: `DATA_DIR`, default `.data/` in the project. */
export function dataDir(): string {
  return path.resolve(ROOT, process.env.DATA_DIR ?? '.data');
}
