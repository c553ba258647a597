/** Builds miniprogram/miniprogram_npm from miniprogram/package.json with miniprogram-ci (offline). */
import path from 'node:path';
import { MINIPROGRAM_DIR } from '../paths';

interface MiniprogramCi {
  packNpmManually(options: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<unknown>;
}

export async function packNpm(): Promise<void> {
  // miniprogram-ci ships no usable types for packNpmManually; the shape above is its documented API.
  const ci = (await import('miniprogram-ci')) as unknown as MiniprogramCi;
  await ci.packNpmManually({
    packageJsonPath: path.join(MINIPROGRAM_DIR, 'package.json'),
    miniprogramNpmDistDir: MINIPROGRAM_DIR,
  });
}
