/**
 * The local cloud as a process:
 *
 *   npx tsx scripts/local-cloud/main.ts --data-dir DIR --port N --functions-dir DIR
 *     [--host H] [--max-workers N] [--function-timeout-ms N] [--synchronous NORMAL|FULL]
 *     [--indexes FILE]   (JSON: { "<collection>": [{ "name"?, "keys": { "<field>": 1 }, "unique"? }] })
 *     [--no-timers]      (timer triggers fire only when asked: POST /admin/timers/<function>/<trigger>)
 *
 * Prints exactly one line `LOCAL_CLOUD_URL=http://127.0.0.1:PORT` on stdout when ready (its own log
 * goes to stderr), passes its environment (ADMIN_OPENIDS, LOCAL_SEC_CHECK_WORDS, ...) to the functions,
 * and stops cleanly on SIGINT / SIGTERM.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeOnSignals, startLocalCloud } from './index';
import type { IndexSpec } from './indexes';
import { declaredIndexes } from '../../cloudfunctions/_shared/collections';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'functions-dir': { type: 'string' },
      'max-workers': { type: 'string' },
      'function-timeout-ms': { type: 'string' },
      synchronous: { type: 'string' },
      indexes: { type: 'string' },
      'no-timers': { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const functionsDir = values['functions-dir'];
  if (!dataDir || !functionsDir) {
    console.error('usage: main.ts --data-dir DIR --port N --functions-dir DIR [--host H] [--max-workers N]');
    process.exit(2);
  }
  const synchronous = values.synchronous?.toUpperCase();
  if (synchronous !== undefined && synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    console.error('--synchronous is NORMAL or FULL');
    process.exit(2);
  }
  // Without --indexes, the indexes the project declares for its collections.
  const indexes = values.indexes
    ? (JSON.parse(readFileSync(path.resolve(values.indexes), 'utf8')) as Record<string, IndexSpec[]>)
    : declaredIndexes();
  const cloud = await startLocalCloud({
    dataDir: path.resolve(dataDir),
    port: Number(values.port),
    host: values.host,
    functionsDir: path.resolve(functionsDir),
    ...(values['max-workers'] ? { maxWorkersPerFunction: Number(values['max-workers']) } : {}),
    ...(values['function-timeout-ms'] ? { functionTimeoutMs: Number(values['function-timeout-ms']) } : {}),
    ...(synchronous ? { synchronous } : {}),
    indexes,
    timers: !values['no-timers'],
  });
  process.stdout.write(`LOCAL_CLOUD_URL=${cloud.url}\n`);

  closeOnSignals(cloud, (line) => console.error(`[local-cloud] ${line}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
