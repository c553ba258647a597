/**
 * The function runner: `<functionsDir>/<name>/index.js` (an esbuild bundle exporting `main(event,
 * context)`) runs in a pool of worker threads per function, each worker ONE invocation at a time (like a
 * cloud instance: warm workers are reused), growing on demand up to `maxWorkersPerFunction`, queueing
 * beyond.
 *
 * Each invocation gets a token; its worker's TCB_CONTEXT_CNFG points the SDK at `/admin/inv/<token>`, so
 * the server knows which invocation a database, open API or `callFunction` request comes from (the callee
 * of a `callFunction` runs as the caller's caller: same OPENID, as in production).
 *
 * Each invocation also carries the movable clock's offset (clock.ts, `LOCAL_CLOUD_CLOCK_OFFSET_MS`), read
 * when it starts, so `now()` in the function (cloudfunctions/_shared/clock.ts) tells the local cloud's time.
 *
 * A rebuilt bundle (new mtime) is picked up by new workers; busy old ones finish first. A function's
 * `config.json` `timeout` (seconds) is honoured; without it, `defaultTimeoutMs` (production's default is
 * 3 s; locally the default is generous because local timings are not production's). A timed-out worker
 * is terminated (JavaScript cannot be interrupted otherwise).
 */
import { transformSync } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CLOCK_OFFSET_VARIABLE } from './clock';
import { DEFAULT_APPID, LOCAL_ENV_ID, sdkEnv, WX_CONTEXT_KEYS, type Caller } from './env';
import type { InvokeMessage, WorkerData, WorkerMessage } from './worker';

export interface RunnerOptions {
  functionsDir: string;
  maxWorkersPerFunction: number;
  /** Extra environment for every function (e.g. ADMIN_OPENIDS). */
  env: Record<string, string>;
  appId: string;
  defaultTimeoutMs: number;
  /** The movable clock's offset (ms) at this moment: passed to each invocation. Default 0. */
  clockOffsetMs?: () => number;
  log: (line: string) => void;
}

/** What the server knows about a running invocation (looked up by its token). */
export interface Invocation {
  functionName: string;
  functionDir: string;
  caller: Caller;
}

/** An HTTP-ready answer: status and a JSON body. */
export interface InvokeResult {
  status: number;
  json: string;
}

interface Pending {
  id: number;
  token: string;
  message: InvokeMessage;
  timeoutMs: number;
  resolve: (result: InvokeResult) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: Pending | undefined;
  generation: number;
}

interface Pool {
  name: string;
  dir: string;
  file: string;
  mtimeMs: number;
  generation: number;
  timeoutMs: number;
  slots: Slot[];
  queue: Pending[];
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,60}$/;

let workerCode: string | undefined;

/** worker.ts compiled to CommonJS once per process. */
function compiledWorker(): string {
  if (workerCode === undefined) {
    const file = path.join(__dirname, 'worker.ts');
    workerCode = transformSync(readFileSync(file, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: file,
    }).code;
  }
  return workerCode;
}

function errorResult(status: number, code: string, message: string, extra: object = {}): InvokeResult {
  return { status, json: JSON.stringify({ code, message, ...extra }) };
}

export class FunctionRunner {
  private url = '';
  private readonly pools = new Map<string, Pool>();
  private readonly invocations = new Map<string, Invocation>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: RunnerOptions) {}

  /** The server's base URL (known once it listens). */
  setUrl(url: string): void {
    this.url = url;
  }

  invocation(token: string): Invocation | undefined {
    return this.invocations.get(token);
  }

  /** Runs `name` as `caller` with `event`; answers the function's return value as JSON, or an error. */
  invoke(name: string, event: unknown, caller: Caller): Promise<InvokeResult> {
    if (this.closed) return Promise.resolve(errorResult(503, 'SYS_ERR', 'the local cloud is stopping'));
    if (!FUNCTION_NAME.test(name)) {
      return Promise.resolve(errorResult(404, 'FUNCTION_NOT_FOUND', `invalid function name: ${name}`));
    }
    const pool = this.pool(name);
    if (!pool) {
      return Promise.resolve(
        errorResult(404, 'FUNCTION_NOT_FOUND', `ResourceNotFound.Function: no function ${name}`),
      );
    }
    const appId = caller.appId ?? this.options.appId;
    // Unguessable (it names the invocation in the SDK's URL); randomUUID draws from a cached pool.
    const token = randomUUID().replaceAll('-', '');
    const requestId = `local-${token}`;
    const payload = event !== null && typeof event === 'object' && !Array.isArray(event) ? event : {};
    const fullEvent = caller.openId ? { ...payload, userInfo: { appId, openId: caller.openId } } : payload;
    const wx: Record<string, string | null> = {
      WX_CONTEXT_KEYS,
      WX_OPENID: caller.openId ?? null,
      WX_APPID: appId,
      WX_UNIONID: caller.unionId ?? null,
      TCB_ENV: LOCAL_ENV_ID,
    };
    const message: InvokeMessage = {
      type: 'invoke',
      id: this.nextId++,
      event: fullEvent,
      context: {
        callbackWaitsForEmptyEventLoop: false,
        memory_limit_in_mb: 256,
        time_limit_in_ms: pool.timeoutMs,
        request_id: requestId,
        function_name: name,
        function_version: '$LATEST',
        namespace: LOCAL_ENV_ID,
        environment: JSON.stringify(wx),
      },
      env: {
        ...wx,
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.url}/admin/inv/${token}` }),
        [CLOCK_OFFSET_VARIABLE]: String(this.options.clockOffsetMs?.() ?? 0),
      },
    };
    this.invocations.set(token, { functionName: name, functionDir: pool.dir, caller: { ...caller, appId } });
    return new Promise((resolve) => {
      pool.queue.push({
        id: message.id,
        token,
        message,
        timeoutMs: pool.timeoutMs,
        resolve: (result) => {
          this.invocations.delete(token);
          resolve(result);
        },
      });
      this.pump(pool);
    });
  }

  /** The pool of `name`, refreshed if its bundle changed; undefined if there is no such function. */
  private pool(name: string): Pool | undefined {
    const dir = path.join(this.options.functionsDir, name);
    const file = path.join(dir, 'index.js');
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    let pool = this.pools.get(name);
    if (!pool) {
      pool = { name, dir, file, mtimeMs, generation: 0, timeoutMs: 0, slots: [], queue: [] };
      pool.timeoutMs = this.timeoutOf(dir);
      this.pools.set(name, pool);
    } else if (pool.mtimeMs !== mtimeMs) {
      pool.mtimeMs = mtimeMs;
      pool.generation += 1;
      pool.timeoutMs = this.timeoutOf(dir);
      for (const slot of [...pool.slots]) if (!slot.busy) this.retire(pool, slot);
    }
    return pool;
  }

  private timeoutOf(dir: string): number {
    try {
      const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { timeout?: unknown };
      if (typeof config.timeout === 'number' && config.timeout > 0) return config.timeout * 1000;
    } catch {
      // no config.json: the default applies
    }
    return this.options.defaultTimeoutMs;
  }

  private pump(pool: Pool): void {
    while (pool.queue.length > 0) {
      const current = pool.slots.filter((s) => s.generation === pool.generation);
      const idle = current.find((s) => s.ready && !s.busy);
      if (idle) {
        this.run(pool, idle, pool.queue.shift() as Pending);
        continue;
      }
      const starting = current.filter((s) => !s.ready).length;
      if (current.length < this.options.maxWorkersPerFunction && starting < pool.queue.length) {
        this.spawn(pool);
        continue;
      }
      break;
    }
  }

  private spawn(pool: Pool): void {
    const workerData: WorkerData = { file: pool.file };
    const worker = new Worker(compiledWorker(), {
      eval: true,
      workerData,
      env: { ...process.env, ...sdkEnv(this.url), ...this.options.env },
    });
    const slot: Slot = { worker, ready: false, busy: undefined, generation: pool.generation };
    pool.slots.push(slot);
    worker.on('message', (message: WorkerMessage) => this.onMessage(pool, slot, message));
    worker.on('error', (error) => {
      this.finish(pool, slot, errorResult(500, 'FUNCTIONS_EXECUTE_FAIL', error.message));
      this.retire(pool, slot);
    });
    worker.on('exit', () => {
      this.finish(pool, slot, errorResult(500, 'FUNCTIONS_EXECUTE_FAIL', 'the function instance exited'));
      this.remove(pool, slot);
      if (!this.closed) this.pump(pool);
    });
  }

  private onMessage(pool: Pool, slot: Slot, message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        this.pump(pool);
        return;
      case 'load-error': {
        this.options.log(`function ${pool.name} failed to load: ${message.message}`);
        const failed = errorResult(
          500,
          'FUNCTIONS_EXECUTE_FAIL',
          `failed to load ${pool.name}: ${message.message}`,
        );
        for (const pending of pool.queue.splice(0)) pending.resolve(failed);
        this.retire(pool, slot);
        return;
      }
      case 'result': {
        const result = message.ok
          ? { status: 200, json: message.json }
          : errorResult(500, 'FUNCTIONS_EXECUTE_FAIL', message.message, {
              ...(message.errCode !== undefined ? { errCode: message.errCode } : {}),
            });
        this.finish(pool, slot, result);
        if (slot.generation !== pool.generation) this.retire(pool, slot);
        this.pump(pool);
        return;
      }
    }
  }

  private run(pool: Pool, slot: Slot, pending: Pending): void {
    slot.busy = pending;
    pending.timer = setTimeout(() => {
      if (slot.busy !== pending) return;
      const seconds = pending.timeoutMs / 1000;
      this.options.log(`function ${pool.name} timed out after ${seconds} s; its instance is stopped`);
      this.finish(
        pool,
        slot,
        errorResult(504, 'FUNCTIONS_TIME_LIMIT_EXCEEDED', `Invoking task timed out after ${seconds} seconds`),
      );
      this.retire(pool, slot);
      this.pump(pool);
    }, pending.timeoutMs);
    slot.worker.postMessage(pending.message);
  }

  /** Answers the invocation `slot` is running, if any. */
  private finish(_pool: Pool, slot: Slot, result: InvokeResult): void {
    const pending = slot.busy;
    if (!pending) return;
    slot.busy = undefined;
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  private retire(pool: Pool, slot: Slot): void {
    this.remove(pool, slot);
    void slot.worker.terminate();
  }

  private remove(pool: Pool, slot: Slot): void {
    const i = pool.slots.indexOf(slot);
    if (i !== -1) pool.slots.splice(i, 1);
  }

  /** Stops every worker; queued invocations answer 503. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping: Promise<number>[] = [];
    for (const pool of this.pools.values()) {
      for (const pending of pool.queue.splice(0)) {
        pending.resolve(errorResult(503, 'SYS_ERR', 'the local cloud is stopping'));
      }
      for (const slot of pool.slots.splice(0)) {
        this.finish(pool, slot, errorResult(503, 'SYS_ERR', 'the local cloud is stopping'));
        stopping.push(slot.worker.terminate());
      }
    }
    await Promise.all(stopping);
  }
}

export const DEFAULT_RUNNER_OPTIONS = {
  maxWorkersPerFunction: 8,
  appId: DEFAULT_APPID,
  defaultTimeoutMs: 60_000,
};
