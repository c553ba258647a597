/** `tsc --noEmit` over both programs: the mini-program, and everything that runs on Node. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../paths';

export const TS_PROJECTS = ['tsconfig.json', 'miniprogram/tsconfig.json', 'test/pages/tsconfig.json'];

export function typecheck(): string[] {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const failures: string[] = [];
  for (const project of TS_PROJECTS) {
    const res = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (res.status !== 0) failures.push(`tsc -p ${project}\n${res.stdout}${res.stderr}`);
  }
  return failures;
}
