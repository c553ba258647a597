/**
 * `npm run bench:reminders`: the `circulation` function's daily timer job over a reading room with N
 * overdue loans and N loans due in two days (members: half with consents, half without), through the
 * real function on a local cloud with the declared indexes (timer fired by hand). Prints per size, at the
 * end (the function's own log, a line per reminder, comes first): the first run's time,
 * messages sent, reminders skipped, database requests per reminder; and the second run (nothing new to
 * send: time, requests).
 *
 *   npm run bench:reminders [-- --sizes 100,1000,5000 --keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chinaDayStart } from '../../cloudfunctions/_shared/china-time';
import type { DailyReport } from '../../cloudfunctions/circulation/src/daily';
import { ALL_COLLECTIONS, declaredIndexes } from '../../cloudfunctions/_shared/collections';
import { memberIdFor } from '../../cloudfunctions/_shared/members';
import type { ApiResult } from '../../typings';
import { startLocalCloud } from '../local-cloud/index';
import { openStore } from '../local-cloud/store';
import { privateFunctions } from './common';

const DAY = 86_400_000;

/** N overdue loans and N due in two days, one of each per member; even members consented. */
async function buildRoom(dir: string, size: number): Promise<void> {
  const store = await openStore(dir);
  try {
    for (const spec of ALL_COLLECTIONS) await store.ensureCollection(spec.name);
    await store.insert('config', {
      _id: 'reminders',
      templates: { dueSoon: 'B-DUE', overdue: 'B-OVERDUE', holdReady: 'B-READY', holdExpiring: 'B-EXPIRING' },
    });
    const now = new Date();
    const overdueAt = new Date(chinaDayStart(now, -3).getTime() - 1);
    const dueSoonAt = new Date(chinaDayStart(now, 3).getTime() - 1);
    const members = [];
    const loans = [];
    for (let i = 0; i < size; i++) {
      const openid = `bench-reader-${i}`;
      const memberId = memberIdFor(openid);
      members.push({
        _id: memberId,
        openid,
        name: `读者${i}`,
        status: 'active',
        roles: [],
        memberCode: `MBENCH${String(i).padStart(6, '0')}`,
        ...(i % 2 === 0 ? { reminderConsents: { dueSoon: 1, overdue: 1 } } : {}),
        createdAt: now,
        updatedAt: now,
      });
      for (const [kind, dueAt] of [
        ['o', overdueAt],
        ['d', dueSoonAt],
      ] as const) {
        loans.push({
          _id: `bench-loan-${kind}-${i}`,
          memberId,
          memberName: `读者${i}`,
          memberCode: `MBENCH${String(i).padStart(6, '0')}`,
          bookId: `bench-book-${i}`,
          title: `基准测试图书${i}`,
          copyId: `bench-copy-${kind}-${i}`,
          barcode: `BENCH${kind.toUpperCase()}${i}`,
          borrowedAt: new Date(dueAt.getTime() - 30 * DAY),
          dueAt,
          renewals: 0,
          status: 'active',
          updatedAt: now,
        });
      }
    }
    for (let i = 0; i < members.length; i += 1000) await store.insert('members', members.slice(i, i + 1000));
    for (let i = 0; i < loans.length; i += 1000) await store.insert('loans', loans.slice(i, i + 1000));
  } finally {
    await store.close();
  }
}

interface Run {
  ms: number;
  requests: number;
  report: DailyReport;
}

async function benchSize(size: number, keep: boolean, functionsDir: string): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-bench-reminders-'));
  await buildRoom(dir, size);
  const local = await startLocalCloud({
    dataDir: dir,
    port: 0,
    functionsDir,
    indexes: declaredIndexes(),
    timers: false,
    functionTimeoutMs: 600_000,
    log: () => undefined,
  });
  const run = async (): Promise<Run> => {
    const before = local.stats().requests;
    const started = performance.now();
    const fired = await local.fireTimer('circulation', 'daily');
    const ms = performance.now() - started;
    const answer = fired?.result as ApiResult<DailyReport> | undefined;
    if (!answer?.ok) throw new Error(`daily failed: ${JSON.stringify(fired)}`);
    return { ms, requests: local.stats().requests - before, report: answer.data };
  };
  try {
    const first = await run();
    const second = await run();
    const r = first.report.reminders;
    const sent = r.dueSoon.sent + r.overdue.sent;
    const skipped = [r.dueSoon, r.overdue]
      .flatMap((k) => Object.values(k.skipped))
      .reduce((a: number, b) => a + (b ?? 0), 0);
    const reminders = sent + skipped;
    return (
      `${String(size).padStart(6)} members, ${2 * size} loans: first run ${(first.ms / 1000).toFixed(2)} s ` +
      `(${sent} sent, ${skipped} skipped; ${(first.ms / Math.max(1, reminders)).toFixed(2)} ms and ` +
      `${(first.requests / Math.max(1, reminders)).toFixed(2)} database requests per reminder); ` +
      `second run ${(second.ms / 1000).toFixed(2)} s, ${second.requests} requests, ` +
      `${second.report.reminders.dueSoon.sent + second.report.reminders.overdue.sent} sent`
    );
  } finally {
    await local.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`  kept ${dir}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,5000' },
      keep: { type: 'boolean', default: false },
    },
  });
  // a private copy of the bundles: a test run elsewhere rebuilds them, which would restart the instances
  const functions = await privateFunctions();
  const sizes = values.sizes
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const lines: string[] = [];
  try {
    for (const size of sizes) lines.push(await benchSize(size, values.keep, functions.dir));
  } finally {
    functions.remove();
  }
  // printed at the end: the function's own log (a line per reminder) shares this process's stdout
  console.log(
    '\ndaily job (circulation/daily) through the local cloud; sends go to the local outbox stand-in',
  );
  for (const line of lines) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
