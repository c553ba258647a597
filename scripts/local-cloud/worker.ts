/**
 * The body of one function worker (a worker_thread: its own process.env copy, its own module registry),
 * like one warm cloud function instance: it loads `<functionsDir>/<name>/index.js` once and runs ONE
 * invocation at a time, with the caller's identity in process.env (wx-server-sdk's getWXContext reads
 * only process.env) and a per-invocation API URL in TCB_CONTEXT_CNFG (so the server knows which
 * invocation a database or callFunction request comes from).
 *
 * runner.ts compiles this file with esbuild and starts it with `eval: true`, so it works the same under
 * tsx, ts-jest or plain node. It must import nothing but node built-ins.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface WorkerData {
  file: string;
}

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: unknown;
  context: Record<string, unknown>;
  /** Variables to set (a string) or unset (null) for this invocation. */
  env: Record<string, string | null>;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; ok: true; json: string }
  | { type: 'result'; id: number; ok: false; message: string; errCode?: number | string };

type Main = (event: unknown, context: unknown) => unknown;

function describe(error: unknown): { message: string; errCode?: number | string } {
  if (error instanceof Error) {
    const errCode = (error as Error & { errCode?: unknown }).errCode;
    return typeof errCode === 'number' || typeof errCode === 'string'
      ? { message: error.message, errCode }
      : { message: error.message };
  }
  if (error !== null && typeof error === 'object') {
    const { errCode, errMsg, message } = error as Record<string, unknown>;
    const text = typeof errMsg === 'string' ? errMsg : typeof message === 'string' ? message : undefined;
    return {
      message: text ?? JSON.stringify(error),
      ...(typeof errCode === 'number' || typeof errCode === 'string' ? { errCode } : {}),
    };
  }
  return { message: String(error) };
}

function start(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts runs inside a worker thread');
  const post = (message: WorkerMessage) => port.postMessage(message);
  const { file } = workerData as WorkerData;
  let main: Main;
  try {
    // A built function bundle, loaded by path at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { main?: unknown };
    if (typeof mod.main !== 'function') throw new Error(`${file} does not export main(event, context)`);
    main = mod.main as Main;
  } catch (error) {
    post({ type: 'load-error', message: describe(error).message });
    return;
  }
  port.on('message', (message: InvokeMessage) => {
    for (const [key, value] of Object.entries(message.env)) {
      if (value === null) delete process.env[key];
      else process.env[key] = value;
    }
    Promise.resolve()
      .then(() => main(message.event, message.context))
      .then((value) => {
        post({
          type: 'result',
          id: message.id,
          ok: true,
          json: JSON.stringify(value === undefined ? null : value),
        });
      })
      .catch((error: unknown) => {
        post({ type: 'result', id: message.id, ok: false, ...describe(error) });
      });
  });
  post({ type: 'ready' });
}

start();
