/**
 * Measures the local cloud through the real wx-server-sdk over HTTP (one process, loopback):
 *
 *   npx tsx scripts/local-cloud/bench.ts [--docs 100000] [--synchronous NORMAL|FULL]
 *
 * Prints requests/s and latency percentiles for a document get, a conditional update and an insert, then
 * equality queries on a large collection with and without a declared index, and at a small size, to
 * show whether p95 stays flat as the collection grows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as cloud from 'wx-server-sdk';
import { sdkEnv } from './env';
import { startLocalCloud } from './index';
import { Engine } from './engine';

// The SDK's database typings answer unions for every call; a benchmark only needs the calls.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

interface Stats {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

async function measure(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(2));
  return { rps: Math.round(total / elapsed), p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function seed(engine: Engine, name: string, count: number): void {
  engine.createCollection(name);
  for (let k = 0; k < count; k += 5000) {
    const docs = Array.from({ length: Math.min(5000, count - k) }, (_x, j) => {
      const i = k + j;
      return {
        _id: `${name}-${i}`,
        branchId: `branch-${i % 500}`,
        status: i % 10 === 0 ? 'pending' : 'active',
        i,
      };
    });
    engine.insert(name, docs);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '100000' },
      synchronous: { type: 'string', default: 'NORMAL' },
    },
  });
  const big = Number(values.docs);
  const synchronous = values.synchronous === 'FULL' ? 'FULL' : 'NORMAL';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-bench-'));
  const index = { keys: { branchId: 1 as const } };
  const report: Record<string, Stats | number | string> = { synchronous };
  let t = performance.now();
  const setup = new Engine(dataDir, { synchronous });
  seed(setup, 'small', 1000);
  seed(setup, 'big', big);
  seed(setup, 'bigScan', big);
  setup.createCollection('bench');
  setup.close();
  report[`store.insert of ${2 * big + 1000} docs in batches of 5000 (ms)`] = Math.round(
    performance.now() - t,
  );

  t = performance.now();
  const local = await startLocalCloud({
    dataDir,
    port: 0,
    functionsDir: dataDir,
    synchronous,
    indexes: { small: [index], big: [index] },
    log: () => undefined,
  });
  report['startLocalCloud (ms)'] = Math.round(performance.now() - t);
  Object.assign(process.env, sdkEnv(local.url));
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  const db = cloud.database() as Loose;
  const _ = db.command;
  const bench = db.collection('bench');
  await bench.add({ data: { _id: 'doc', n: 1_000_000 } });

  await measure(500, 16, () => bench.doc('doc').get()); // warm-up
  report['doc().get()'] = await measure(5000, 16, () => bench.doc('doc').get());
  const raw = JSON.stringify({
    action: 'database.getDocument',
    collectionName: 'bench',
    queryType: 'DOC',
    query: '{"_id":"doc"}',
  });
  report['getDocument, raw HTTP (no SDK client cost)'] = await measure(5000, 16, () =>
    fetch(`${local.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    }).then((res) => res.json()),
  );
  report['where({_id, n>0}).update(inc -1)'] = await measure(3000, 16, () =>
    bench.where({ _id: 'doc', n: _.gt(0) }).update({ data: { n: _.inc(-1) } }),
  );
  report['add()'] = await measure(3000, 16, () => bench.add({ data: { at: new Date() } }));

  const branchQuery = (name: string) => (i: number) =>
    db
      .collection(name)
      .where({ branchId: `branch-${i % 500}`, status: 'active' })
      .limit(20)
      .get();
  t = performance.now();
  await db.collection('big').where({ branchId: 'branch-1' }).limit(1).get(); // loads the collection
  report[`first read of ${big} docs (load, ms)`] = Math.round(performance.now() - t);
  await db.collection('bigScan').limit(1).get();
  report['indexed equality, 1000 docs'] = await measure(2000, 8, branchQuery('small'));
  report[`indexed equality, ${big} docs`] = await measure(2000, 8, branchQuery('big'));
  report[`scan equality, ${big} docs (no index)`] = await measure(200, 8, branchQuery('bigScan'));

  await local.close();
  rmSync(dataDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(report)) console.log(`${name}: ${JSON.stringify(value)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
