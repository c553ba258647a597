/**
 * The local WeChat cloud ("emulator"): a CloudBase-compatible database, function runner and open API
 * stand-ins behind one HTTP server, so the unmodified wx-server-sdk runs against it by environment
 * variables alone (see {@link sdkEnv}). docs/local-cloud.md tells what it implements and how it differs
 * from production.
 */
import type { AddressInfo } from 'node:net';
import { type ClockMove, type ClockState } from './clock';
import { databaseStats, type DatabaseStats } from './database';
import { sdkEnv } from './env';
import type { IndexSpec } from './indexes';
import { DEFAULT_SEC_CHECK_WORDS, OUTBOX, parseSecCheckWords } from './openapi';
import type { Synchronous } from './persistence';
import { DEFAULT_RUNNER_OPTIONS, FunctionRunner } from './runner';
import { TimerScheduler, type FiredTimer } from './scheduler';
import { createServer } from './server';
import { Engine } from './engine';

export { sdkEnv, apiPath, DEFAULT_APPID, type Caller } from './env';
export { openStore, Store, type Doc } from './store';
export { OUTBOX } from './openapi';
export { timerEvent, type FiredTimer, type TimerEvent } from './scheduler';
export {
  ClockError,
  parseClockArgument,
  CLOCK_OFFSET_VARIABLE,
  type ClockMove,
  type ClockState,
} from './clock';

export interface LocalCloudOptions {
  /** Where the data lives (`<dataDir>/cloud.sqlite`); created if missing. */
  dataDir: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Folder holding `<name>/index.js` function bundles. */
  functionsDir: string;
  /** Extra environment for the functions (e.g. `{ ADMIN_OPENIDS: '...' }`). */
  env?: Record<string, string>;
  /** Worker threads per function at most (each runs one invocation at a time). Default 8. */
  maxWorkersPerFunction?: number;
  /** Timeout for functions whose config.json declares none. Default 60 000 ms. */
  functionTimeoutMs?: number;
  /** The APPID functions see when the caller does not name one. */
  appId?: string;
  /**
   * msgSecCheck's word list, `word[:label],...`. Default: `env.LOCAL_SEC_CHECK_WORDS`, then
   * `process.env.LOCAL_SEC_CHECK_WORDS`, then {@link DEFAULT_SEC_CHECK_WORDS}.
   */
  secCheckWords?: string;
  /** Indexes to declare at start, per collection (unique ones are enforced). */
  indexes?: Record<string, IndexSpec[]>;
  /** SQLite synchronous mode (see persistence.ts). Default NORMAL. */
  synchronous?: Synchronous;
  /** Where the local cloud's own log lines go. Default: stderr with a `[local-cloud]` prefix. */
  log?: (line: string) => void;
  /**
   * Fire the functions' timer triggers when their time comes on the clock (scheduler.ts). Default true,
   * as in production; false leaves only explicit firing (`fireTimer`, `POST /admin/timers/...`).
   */
  timers?: boolean;
}

/** A clock move's answer: the new state and the timer triggers it made due (already fired). */
export interface ClockMoveResult extends ClockState {
  fired: FiredTimer[];
}

export interface LocalCloud {
  /** `http://host:port` */
  url: string;
  port: number;
  /** Environment variables pointing wx-server-sdk at this cloud (see {@link sdkEnv}). */
  sdkEnv: typeof sdkEnv;
  /** Database requests answered so far (a copy): benchmarks count the requests of a function call. */
  stats(): DatabaseStats;
  /** The movable clock: `{ now, offsetMs }` (clock.ts). */
  clock(): ClockState;
  /**
   * Moves the clock forward, by `{ advanceMs }` or `{ to }` (not before its current time); throws
   * ClockError otherwise. The move persists in the data directory.
   */
  advanceClock(move: ClockMove): Promise<ClockMoveResult>;
  /**
   * Fires a function's timer trigger now, as the platform would (no OPENID); undefined if the function's
   * config.json does not declare it.
   */
  fireTimer(functionName: string, trigger: string): Promise<FiredTimer | undefined>;
  /** Stops the workers and the server, then closes SQLite. */
  close(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.error(`[local-cloud] ${line}`));
  const engine = new Engine(options.dataDir, options.synchronous ? { synchronous: options.synchronous } : {});
  try {
    for (const [collection, specs] of Object.entries(options.indexes ?? {})) {
      for (const spec of specs) engine.ensureIndex(collection, spec);
    }
    engine.createCollection(OUTBOX);
  } catch (error) {
    engine.close();
    throw error;
  }
  const runner = new FunctionRunner({
    functionsDir: options.functionsDir,
    maxWorkersPerFunction: options.maxWorkersPerFunction ?? DEFAULT_RUNNER_OPTIONS.maxWorkersPerFunction,
    env: options.env ?? {},
    appId: options.appId ?? DEFAULT_RUNNER_OPTIONS.appId,
    defaultTimeoutMs: options.functionTimeoutMs ?? DEFAULT_RUNNER_OPTIONS.defaultTimeoutMs,
    clockOffsetMs: () => engine.clock.offsetMs(),
    log,
  });
  const words =
    options.secCheckWords ??
    options.env?.LOCAL_SEC_CHECK_WORDS ??
    process.env.LOCAL_SEC_CHECK_WORDS ??
    DEFAULT_SEC_CHECK_WORDS;
  const timersOn = options.timers ?? true;
  const scheduler = new TimerScheduler({
    functionsDir: options.functionsDir,
    now: () => engine.clock.now(),
    claim: (key, occurrence) => engine.claimTimer(key, occurrence),
    invoke: (name, event) => runner.invoke(name, event, {}),
    log,
  });
  const advanceClock = async (move: ClockMove): Promise<ClockMoveResult> => {
    const moveClock = () => {
      const state = engine.clock.move(move);
      log(`clock moved to ${state.now} (offset ${state.offsetMs} ms)`);
      return state;
    };
    if (!timersOn) return { ...moveClock(), fired: [] };
    const { before, fired } = await scheduler.tick(moveClock);
    return { ...(before as ClockState), fired };
  };
  const fireTimer = (name: string, trigger: string) => scheduler.fireNow(name, trigger);
  const server = createServer({
    engine,
    runner,
    secCheckWords: parseSecCheckWords(words),
    advanceClock,
    fireTimer,
    log,
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    engine.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  runner.setUrl(url);
  if (timersOn) scheduler.start();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await scheduler.stop();
      await runner.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      engine.close();
    })();
    return closing;
  };
  const stats = (): DatabaseStats => {
    const current = databaseStats(engine);
    return { requests: current.requests, byAction: { ...current.byAction } };
  };
  return { url, port, sdkEnv, stats, clock: () => engine.clock.state(), advanceClock, fireTimer, close };
}

/** Closes the local cloud cleanly on Ctrl-C or SIGTERM, then exits (0, or 1 if closing failed). */
export function closeOnSignals(cloud: Pick<LocalCloud, 'close'>, say: (line: string) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    cloud
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
