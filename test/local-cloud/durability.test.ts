/**
 * The CLI as a child process: one LOCAL_CLOUD_URL line, every acknowledged write survives `kill -9`,
 * a script writing the data directory while the server runs is seen by it, SIGTERM stops it cleanly.
 */
import { rmSync } from 'node:fs';
import * as cloudSdk from 'wx-server-sdk';
import { sdkEnv } from '../../scripts/local-cloud/env';
import { openStore } from '../../scripts/local-cloud/store';
import { startCloudProcess, type CloudProcess } from '../support/process';
import { FIXTURE_FUNCTIONS, tempDir, type Loose } from './harness';

const children: CloudProcess[] = [];

async function startCli(dir: string): Promise<CloudProcess> {
  const child = await startCloudProcess(dir, { functionsDir: FIXTURE_FUNCTIONS });
  children.push(child);
  return child;
}

let dataDir: string;
let db: Loose;

beforeAll(() => {
  dataDir = tempDir('local-cloud-durability-');
  cloudSdk.init({ env: cloudSdk.DYNAMIC_CURRENT_ENV as unknown as string });
  db = cloudSdk.database();
});

afterAll(() => {
  for (const child of children) void child.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every acknowledged insert across kill -9, sees other writers, stops on SIGTERM', async () => {
  const first = await startCli(dataDir);
  expect(first.stdout().match(/LOCAL_CLOUD_URL=/g)).toHaveLength(1);
  Object.assign(process.env, sdkEnv(first.url));
  await db.createCollection('durable');

  const acknowledged = await Promise.all(
    Array.from({ length: 100 }, (_x, i) => db.collection('durable').add({ data: { i, at: new Date() } })),
  );
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');

  const second = await startCli(dataDir);
  Object.assign(process.env, sdkEnv(second.url));
  const ids = acknowledged.map((r: Loose) => r._id as string);
  const { data } = await db
    .collection('durable')
    .where({ _id: db.command.in(ids) })
    .limit(1000)
    .get();
  expect(data).toHaveLength(100);
  expect(new Set(data.map((d: Loose) => d.i))).toEqual(new Set(ids.map((_x, i) => i)));
  expect(data[0].at).toBeInstanceOf(Date);

  // A script writing the same data directory while the server runs.
  const store = await openStore(dataDir);
  await store.ensureCollection('seeded');
  await store.insert('seeded', { _id: 's1', n: 1 });
  await store.update('durable', { i: 0 }, { $set: { touched: true } });
  await store.remove('durable', { i: 1 });
  expect((await db.collection('seeded').doc('s1').get()).data).toEqual({ _id: 's1', n: 1 });
  expect((await db.collection('durable').where({ touched: true }).count()).total).toBe(1);
  expect((await db.collection('durable').count()).total).toBe(99);
  // ... and the script sees what the server wrote.
  await db
    .collection('seeded')
    .doc('s1')
    .update({ data: { n: 2 } });
  expect((await store.findOne('seeded', { _id: 's1' }))?.n).toBe(2);
  await store.close();

  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
}, 60_000);
