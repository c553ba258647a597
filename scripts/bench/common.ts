/**
 * What the benchmarks share: percentiles, a light keep-alive HTTP client for `/functions/<name>` (it runs
 * in the same thread as the local cloud it measures), a private copy of the function bundles, and the GC
 * flag the local cloud's heap wants.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions, FUNCTIONS_DIR } from '../build/functions';
import { ALL_COLLECTIONS, declaredIndexes } from '../../cloudfunctions/_shared/collections';
import type { ApiResult, CloudFunctions, FunctionName, RequestOf, ResponseOf } from '../../typings';
import { TEST_ADMIN_OPENID } from '../../test/support/env';
import type { DatabaseStats } from '../local-cloud/database';
import { startLocalCloud, type LocalCloud } from '../local-cloud/index';
import { openStore } from '../local-cloud/store';
import { ROOT } from '../paths';
import { seedDemo } from '../seed/demo';

export interface Latency {
  p50: number;
  p95: number;
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function summary(latencies: number[]): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;

export const mean = (values: number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** A function's answer over HTTP: the status and the JSON body as text. */
export interface FunctionAnswer {
  status: number;
  text: string;
}

/**
 * Keep-alive connections to one local cloud (`sockets` of them: as many as requests in flight), calling
 * functions as the caller an `X-WX-OPENID` header names.
 */
export class FunctionClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    sockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  post(fn: string, event: unknown, openid: string): Promise<FunctionAnswer> {
    const body = JSON.stringify(event);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}/functions/${fn}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-wx-openid': openid,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** `fn`'s `action` as `openid`: the function's answer (throws on an HTTP error). */
  async call<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
    fn: F,
    action: A,
    params: RequestOf<CloudFunctions[F], A>,
    openid: string,
  ): Promise<ApiResult<ResponseOf<CloudFunctions[F], A>>> {
    const answer = await this.post(fn, { action, ...(params as object) }, openid);
    if (answer.status !== 200)
      throw new Error(`${fn}.${action} answered HTTP ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as ApiResult<ResponseOf<CloudFunctions[F], A>>;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The database requests the local cloud counted since `before` (a `local.stats()`): in all, and per action. */
export function statsSince(local: LocalCloud, before: DatabaseStats): DatabaseStats {
  const after = local.stats();
  const byAction: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.byAction)) {
    const added = count - (before.byAction[name] ?? 0);
    if (added > 0) byAction[name] = added;
  }
  return { requests: after.requests - before.requests, byAction };
}

/**
 * The local cloud serves from the benchmark's process: a young generation large enough for its
 * per-request garbage keeps scavenges from dominating p95 (a property of the emulator's heap, not of what
 * is measured; any baseline runs on the same server). Re-runs the script with the flag unless it is set;
 * answers true in the parent, which then only waits for the child's exit.
 */
const GC_FLAG = '--max-semi-space-size=64';

export function rerunWithGcFlag(): boolean {
  if (
    process.execArgv.includes(GC_FLAG) ||
    (process.env.NODE_OPTIONS ?? '').includes('max-semi-space-size')
  ) {
    return false;
  }
  const child = spawnSync(process.execPath, [...process.execArgv, GC_FLAG, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

/**
 * The function bundles, built now and copied to a folder of the benchmark's own (inside node_modules, so
 * the bundles still find wx-server-sdk). The runner restarts a function's instances whenever its bundle
 * changes, and every test run rebuilds cloudfunctions/<name>/index.js: measured from there, a benchmark
 * would time instance start-ups whenever someone runs the tests.
 */
export async function privateFunctions(): Promise<{ dir: string; remove: () => void }> {
  const names = await buildFunctions();
  const dir = path.join(ROOT, 'node_modules', '.cache', 'shuwu-bench', `functions-${process.pid}`);
  for (const name of names) {
    mkdirSync(path.join(dir, name), { recursive: true });
    for (const file of ['index.js', 'config.json', 'package.json']) {
      const from = path.join(FUNCTIONS_DIR, name, file);
      if (existsSync(from)) copyFileSync(from, path.join(dir, name, file));
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BenchCloudOptions {
  /** More environment variables for the functions (reminder templates…), beside the first admin. */
  env?: Record<string, string>;
}

/**
 * A local cloud in this process (its database stats readable) on a fresh data directory seeded with the
 * demo reading room, serving the functions of `functionsDir`, no timers, the test admin as first admin.
 */
export async function benchCloud(
  functionsDir: string,
  label: string,
  options: BenchCloudOptions = {},
): Promise<{ local: LocalCloud; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `shuwu-bench-${label}-`));
  const store = await openStore(dir);
  try {
    for (const spec of ALL_COLLECTIONS) await store.ensureCollection(spec.name);
    await seedDemo(store);
  } finally {
    await store.close();
  }
  const local = await startLocalCloud({
    dataDir: dir,
    port: 0,
    functionsDir,
    indexes: declaredIndexes(),
    env: { ...options.env, ADMIN_OPENIDS: TEST_ADMIN_OPENID },
    timers: false,
    log: () => undefined,
  });
  return { local, dir };
}

/** Runs `body` on a bench cloud serving a private copy of the bundles; closes and removes both after. */
export async function withBenchCloud<T>(
  label: string,
  body: (local: LocalCloud) => Promise<T>,
  options: BenchCloudOptions = {},
): Promise<T> {
  const functions = await privateFunctions();
  const { local, dir } = await benchCloud(functions.dir, label, options);
  try {
    return await body(local);
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
    functions.remove();
  }
}

/** A benchmark's entry point: a failure is printed and ends the process with status 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
