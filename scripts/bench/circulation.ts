/**
 * `npm run bench:circulation`: borrow → return cycles through the real `circulation` function over HTTP
 * (the local cloud's function runner, wx-server-sdk inside), on a private local cloud seeded with the demo
 * reading room plus its own members and copies (created through the functions).
 *
 *   npm run bench:circulation [-- --cycles 200 --levels 1,8,32]
 *
 * Three workloads, each sequentially and with 8 and 32 requests in flight (a client per member, each
 * with a copy of its own, so no two clients want the same copy):
 * - self-service: `borrow { barcode, requestId }` as the member, then `return { barcode }` as a librarian;
 * - desk: `lend { memberCode, barcode, requestId }` then `return`, both as the librarian;
 * - baseline: `catalogue.copy { barcode }` as the member (one plain read of a copy and its book), in the
 *   same run, so the ratio holds on a busy machine too.
 * Prints cycles (or reads) per second, p50 / p95 per action, and database requests per action (counted by
 * the local cloud: exact per action when sequential, per cycle at every level).
 */
import { parseArgs } from 'node:util';
import {
  bookWithCopies,
  newLibrarian,
  newMember,
  type Site,
  type TestMember,
} from '../../test/support/circulation';
import type { LocalCloud } from '../local-cloud/index';
import {
  FunctionClient,
  mean,
  ms,
  rerunWithGcFlag,
  runMain,
  statsSince,
  summary,
  withBenchCloud,
} from './common';

type Action = 'borrow' | 'lend' | 'return' | 'copy';

/** One request of a cycle: which function and action, with what, as whom. */
interface Step {
  action: Action;
  fn: 'circulation' | 'catalogue';
  event: () => Record<string, unknown>;
  openid: string;
}

/** A client's part: its member and its copy. */
interface Reader {
  member: TestMember;
  barcode: string;
}

interface Workload {
  name: string;
  unit: 'cycles' | 'reads';
  steps: (reader: Reader, librarian: TestMember) => Step[];
}

let requestIds = 0;
const requestId = () => `bench-${process.pid}-${(requestIds += 1)}`;

const WORKLOADS: Workload[] = [
  {
    name: 'baseline: catalogue.copy',
    unit: 'reads',
    steps: (reader) => [
      {
        action: 'copy',
        fn: 'catalogue',
        event: () => ({ action: 'copy', barcode: reader.barcode }),
        openid: reader.member.openid,
      },
    ],
  },
  {
    name: 'self-service borrow → return',
    unit: 'cycles',
    steps: (reader, librarian) => [
      {
        action: 'borrow',
        fn: 'circulation',
        event: () => ({ action: 'borrow', barcode: reader.barcode, requestId: requestId() }),
        openid: reader.member.openid,
      },
      {
        action: 'return',
        fn: 'circulation',
        event: () => ({ action: 'return', barcode: reader.barcode }),
        openid: librarian.openid,
      },
    ],
  },
  {
    name: 'desk lend → return',
    unit: 'cycles',
    steps: (reader, librarian) => [
      {
        action: 'lend',
        fn: 'circulation',
        event: () => ({
          action: 'lend',
          memberCode: reader.member.member.memberCode,
          barcode: reader.barcode,
          requestId: requestId(),
        }),
        openid: librarian.openid,
      },
      {
        action: 'return',
        fn: 'circulation',
        event: () => ({ action: 'return', barcode: reader.barcode }),
        openid: librarian.openid,
      },
    ],
  },
];

interface Run {
  workload: Workload;
  level: number;
  perSecond: number;
  latency: Map<Action, number[]>;
  requestsPerCycle: number;
  /** Sequential runs only: database requests of each action, and by database action. */
  exact?: Map<Action, { requests: number[]; byAction: Record<string, number> }>;
}

/** Answers the function's data; a refusal or an error stops the benchmark (nothing is counted silently). */
async function send(client: FunctionClient, step: Step): Promise<void> {
  const answer = await client.post(step.fn, step.event(), step.openid);
  const body = JSON.parse(answer.text) as { ok?: boolean; error?: { code: string; message: string } };
  if (answer.status !== 200 || body.ok !== true) {
    throw new Error(`${step.fn}.${step.action} answered ${answer.status} ${answer.text}`);
  }
}

async function run(
  local: LocalCloud,
  workload: Workload,
  level: number,
  cycles: number,
  readers: Reader[],
  librarian: TestMember,
): Promise<Run> {
  const client = new FunctionClient(local.url, level);
  const latency = new Map<Action, number[]>();
  const exact =
    level === 1 ? new Map<Action, { requests: number[]; byAction: Record<string, number> }>() : undefined;
  let next = 0;
  const before = local.stats().requests;
  const started = performance.now();
  try {
    await Promise.all(
      readers.slice(0, level).map(async (reader) => {
        const steps = workload.steps(reader, librarian);
        while (next < cycles) {
          next += 1;
          for (const step of steps) {
            const stats = exact ? local.stats() : undefined;
            const t = performance.now();
            await send(client, step);
            latency.set(step.action, [...(latency.get(step.action) ?? []), performance.now() - t]);
            if (exact && stats) {
              const used = statsSince(local, stats);
              const entry = exact.get(step.action) ?? { requests: [], byAction: {} };
              entry.requests.push(used.requests);
              for (const [name, added] of Object.entries(used.byAction)) {
                entry.byAction[name] = (entry.byAction[name] ?? 0) + added;
              }
              exact.set(step.action, entry);
            }
          }
        }
      }),
    );
  } finally {
    client.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    workload,
    level,
    perSecond: cycles / seconds,
    latency,
    requestsPerCycle: (local.stats().requests - before) / cycles,
    ...(exact ? { exact } : {}),
  };
}

/** Members with a copy each, and a librarian, made through the functions as the desk would. */
async function setUp(site: Site, count: number): Promise<{ readers: Reader[]; librarian: TestMember }> {
  const librarian = await newLibrarian(site);
  const readers: Reader[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, async () => {
        const member = await newMember(site, '党员', 'bench');
        const { copies } = await bookWithCopies(site, 1);
        return { member, barcode: copies[0]!.barcode };
      }),
    );
    readers.push(...batch);
  }
  return { readers, librarian };
}

function latencyText(run: Run): string {
  return [...run.latency]
    .map(([action, values]) => {
      const { p50, p95 } = summary(values);
      return `${action} ${ms(p50)} / ${ms(p95)}`;
    })
    .join(', ');
}

function report(runs: Run[], cycles: number): void {
  const workers = 8; // DEFAULT_RUNNER_OPTIONS.maxWorkersPerFunction: more in flight queue in the runner
  console.log(
    `\ncirculation, HTTP → functions (at most ${workers} instances per function), ${cycles} cycles or reads per row`,
  );
  console.log(
    'workload                        in flight  per second      p50 / p95 per action                                 db requests per cycle',
  );
  for (const r of runs) {
    console.log(
      `${r.workload.name.padEnd(31)} ${String(r.level).padEnd(10)} ${`${r.perSecond.toFixed(1)} ${r.workload.unit}`.padEnd(15)} ${latencyText(r).padEnd(52)} ${r.requestsPerCycle.toFixed(1)}`,
    );
  }
  const baseline = new Map(
    runs.filter((r) => r.workload.unit === 'reads').map((r) => [r.level, r.perSecond]),
  );
  for (const r of runs.filter((x) => x.workload.unit === 'cycles')) {
    const reads = baseline.get(r.level);
    if (reads) {
      console.log(
        `${r.workload.name}, ${r.level} in flight: a cycle costs as much time as ${(reads / r.perSecond).toFixed(1)} copy reads`,
      );
    }
  }
  console.log('database requests per action (sequential, mean; by database action per call):');
  const seen = new Set<Action>();
  for (const r of runs) {
    for (const [action, { requests, byAction }] of r.exact ?? []) {
      if (seen.has(action)) continue;
      seen.add(action);
      const calls = requests.length;
      const parts = Object.entries(byAction)
        .sort((a, b) => b[1] - a[1])
        .map(([name, count]) => `${name.replace('database.', '')} ${(count / calls).toFixed(1)}`)
        .join(', ');
      console.log(
        `  ${action.padEnd(7)} ${mean(requests).toFixed(1)} (max ${Math.max(...requests)}): ${parts}`,
      );
    }
  }
}

async function main(): Promise<void> {
  if (rerunWithGcFlag()) return;
  const { values } = parseArgs({
    options: {
      cycles: { type: 'string', default: '200' },
      levels: { type: 'string', default: '1,8,32' },
    },
  });
  const cycles = Number(values.cycles);
  const levels = values.levels.split(',').map(Number);
  await withBenchCloud('circulation', async (local) => {
    const site: Site = { url: local.url };
    console.error(`setting up ${Math.max(...levels)} members with a copy each…`);
    const { readers, librarian } = await setUp(site, Math.max(...levels));
    // warm-up: every function's instances started (as many as the runner keeps), JIT
    for (const workload of WORKLOADS)
      await run(local, workload, Math.min(8, readers.length), 24, readers, librarian);
    const runs: Run[] = [];
    for (const level of levels) {
      for (const workload of WORKLOADS) {
        const r = await run(local, workload, level, cycles, readers, librarian);
        console.error(`  ${workload.name}, ${level} in flight: ${r.perSecond.toFixed(1)} ${workload.unit}/s`);
        runs.push(r);
      }
    }
    report(runs, cycles);
  });
}

runMain(main);
