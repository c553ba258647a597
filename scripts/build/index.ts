/**
 * `npm run build`: packNpm, tsc --noEmit (mini-program and Node sides), WXML / WXSS through WeChat's
 * compilers, app.json and usingComponents paths, and the cloud function bundles. Fails on any error.
 */
import { buildFunctions } from './functions';
import { packNpm } from './npm';
import { checkAppJson, checkWxml, checkWxss } from './templates';
import { typecheck } from './typecheck';

async function step<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  console.log(`✓ ${name} (${Date.now() - started} ms)`);
  return result;
}

async function main(): Promise<void> {
  await step('packNpm → miniprogram/miniprogram_npm', packNpm);
  const names = await step('cloud function bundles', buildFunctions);
  console.log(`  functions: ${names.join(', ')}`);
  const failures = [
    ...(await step('app.json and usingComponents', checkAppJson)),
    ...(await step('WXML (wcc)', checkWxml)),
    ...(await step('WXSS (wcsc)', checkWxss)),
    ...(await step('tsc --noEmit', typecheck)),
  ];
  if (failures.length > 0) {
    console.error(`\n✗ build failed (${failures.length}):\n\n${failures.join('\n\n')}`);
    process.exit(1);
  }
  console.log('build ok');
  process.exit(0); // miniprogram-ci leaves handles open
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
