/**
 * The HTTP face of the local cloud:
 *
 * - `POST /admin`, `/admin/inv/<token>`, `/admin/as/<caller>` (any query string): the CloudBase API the
 *   SDK calls (`database.*`, `functions.invokeFunction`, `wx.openApi`). The path tells who calls: a
 *   running invocation (token from the runner) or an identity encoded by `sdkEnv(url, caller)`.
 *   Answers are HTTP 200 `{ ...body, requestId }`, errors HTTP 200 `{ code, message, requestId }` as in
 *   production (node-sdk treats any other status as a transport failure).
 * - `POST /functions/<name>`: runs a function with the JSON body as event, as the caller named by the
 *   `X-WX-OPENID` header (`X-WX-APPID`, `X-WX-UNIONID` optional); answers its return value as JSON, 404
 *   for an unknown function, 500 `{ code, message }` when it throws, 504 when it times out.
 * - `GET /health`: `{ "ok": true }`.
 * - `GET /admin/clock`: the movable clock `{ now, offsetMs }`; `POST /admin/clock` with
 *   `{ "advanceMs": N }` or `{ "to": "<ISO 8601>" }` moves it forward (400 `INVALID_PARAM` for a move
 *   backwards or bad input) and answers the new state with the timer triggers the move made due, fired:
 *   `{ now, offsetMs, fired: [{ function, trigger, time, status, result }] }`.
 * - `POST /admin/timers/<function>/<trigger>`: fires a declared timer trigger now, as the platform would
 *   (no caller); answers like `/functions/<name>`, 404 `TRIGGER_NOT_FOUND` for an undeclared trigger.
 * - `POST /storage/upload`, `GET /storage/<cloudPath>`, `PUT /storage-upload/<token>`: the storage
 *   stand-in (storage.ts); the API actions `storage.*` are answered there too.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { ClockError, parseClockMove, type ClockMove, type ClockState } from './clock';
import { handleDatabase } from './database';
import type { FiredTimer } from './scheduler';
import { decodeCaller, type Caller } from './env';
import { CloudError, toCloudError } from './errors';
import { boundaryOf, parseMultipart } from './multipart';
import { handleOpenApi, type SecCheckWord } from './openapi';
import type { FunctionRunner, Invocation } from './runner';
import { handleStorageRoute, handleStorageAction, LocalStorage, StorageError } from './storage';
import type { Engine } from './engine';

/** Production's limit for a callFunction payload is about 6 MB; requests above 10 MB are refused. */
const MAX_BODY = 10 * 1024 * 1024;

export interface ServerDeps {
  engine: Engine;
  runner: FunctionRunner;
  secCheckWords: SecCheckWord[];
  /** Moves the clock forward (and whatever follows a move, such as due timer triggers). */
  advanceClock: (move: ClockMove) => Promise<ClockState & { fired: FiredTimer[] }>;
  /** Fires a declared timer trigger now (undefined if not declared). */
  fireTimer: (functionName: string, trigger: string) => Promise<FiredTimer | undefined>;
  log: (line: string) => void;
}

/**
 * Request ids only need to be unique (production's are opaque strings): a random prefix per process and
 * a counter, instead of random bytes drawn for every request.
 */
const REQUEST_ID_PREFIX = `local-${randomBytes(4).toString('hex')}-`;
let requestCount = 0;

function nextRequestId(): string {
  requestCount += 1;
  return REQUEST_ID_PREFIX + requestCount.toString(36);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createServer(deps: ServerDeps): http.Server {
  const storage = new LocalStorage(deps.engine.dataDir);
  const server = http.createServer((req, res) => {
    handle(deps, storage, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!(error instanceof HttpError))
        deps.log(`internal error: ${(error as Error).stack ?? String(error)}`);
      send(res, status, JSON.stringify({ code: 'SYS_ERR', message: (error as Error).message }));
    });
  });
  // The SDK keeps connections alive for 4.8 s: outlive that, or requests race a closing socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function handle(
  deps: ServerDeps,
  storage: LocalStorage,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const parts = url.pathname.split('/').filter(Boolean);
  if (req.method === 'GET' && url.pathname === '/health') {
    send(res, 200, JSON.stringify({ ok: true }));
    return;
  }
  if (parts[0] === 'storage' || parts[0] === 'storage-upload') {
    const body = req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
    const route = {
      method: req.method ?? 'GET',
      parts,
      body,
      contentType: header(req, 'content-type') ?? '',
    };
    if (handleStorageRoute(storage, baseUrl(req), route, res, deps.log)) return;
  }
  if (req.method === 'POST' && parts[0] === 'functions' && parts.length === 2) {
    const body = await readBody(req);
    let event: unknown = {};
    if (body.length > 0) {
      try {
        event = JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        throw new HttpError(400, 'the body must be JSON (the event)');
      }
    }
    const caller: Caller = {};
    const openId = header(req, 'x-wx-openid');
    const appId = header(req, 'x-wx-appid');
    const unionId = header(req, 'x-wx-unionid');
    if (openId) caller.openId = openId;
    if (appId) caller.appId = appId;
    if (unionId) caller.unionId = unionId;
    const result = await deps.runner.invoke(decodeURIComponent(parts[1] as string), event, caller);
    send(res, result.status, result.json);
    return;
  }
  if (parts[0] === 'admin' && parts[1] === 'clock' && parts.length === 2) {
    await handleClock(deps, req, res);
    return;
  }
  if (req.method === 'POST' && parts[0] === 'admin' && parts[1] === 'timers' && parts.length === 4) {
    const [functionName, trigger] = parts.slice(2).map(decodeURIComponent) as [string, string];
    const fired = await deps.fireTimer(functionName, trigger);
    if (fired) send(res, fired.status, JSON.stringify(fired.result));
    else {
      const message = `${functionName} declares no timer trigger ${trigger} (config.json triggers)`;
      send(res, 404, JSON.stringify({ code: 'TRIGGER_NOT_FOUND', message }));
    }
    return;
  }
  if (req.method === 'POST' && parts[0] === 'admin') {
    const body = await readBody(req);
    await handleApi(deps, storage, req, res, body, whoCalls(deps, parts));
    return;
  }
  throw new HttpError(404, `no route for ${req.method ?? ''} ${url.pathname}`);
}

async function handleClock(
  deps: ServerDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  if (req.method === 'GET') {
    send(res, 200, JSON.stringify(deps.engine.clock.state()));
    return;
  }
  if (req.method !== 'POST') throw new HttpError(405, 'GET or POST /admin/clock');
  try {
    const move = parseClockMove(parseClockBody(await readBody(req)));
    send(res, 200, JSON.stringify(await deps.advanceClock(move)));
  } catch (error) {
    if (!(error instanceof ClockError)) throw error;
    send(res, 400, JSON.stringify({ code: 'INVALID_PARAM', message: error.message }));
  }
}

function parseClockBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ClockError('the body must be JSON');
  }
}

interface ApiCaller {
  caller: Caller;
  invocation?: Invocation;
}

function whoCalls(deps: ServerDeps, parts: string[]): ApiCaller {
  if (parts[1] === 'inv' && parts[2]) {
    const invocation = deps.runner.invocation(parts[2]);
    // A request may outlive its invocation (a function that did not await): it keeps no identity.
    return invocation ? { caller: invocation.caller, invocation } : { caller: {} };
  }
  if (parts[1] === 'as' && parts[2]) return { caller: decodeCaller(parts[2]) ?? {} };
  return { caller: {} };
}

async function handleApi(
  deps: ServerDeps,
  storage: LocalStorage,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
  who: ApiCaller,
): Promise<void> {
  const requestId = nextRequestId();
  const contentType = header(req, 'content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType);
    if (!boundary) throw new HttpError(400, 'multipart body without boundary');
    const form = parseMultipart(body, boundary);
    const action = form.get('action')?.toString('utf8');
    if (action !== 'wx.openApi') {
      sendApi(
        res,
        { code: 'INVALID_PARAM', message: `local cloud: action ${String(action)} is not implemented` },
        requestId,
      );
      return;
    }
    const answer = handleOpenApi(
      form.get('apiName')?.toString('utf8') ?? '',
      form.get('requestData') ?? Buffer.alloc(0),
      {
        engine: deps.engine,
        secCheckWords: deps.secCheckWords,
        log: deps.log,
        ...(who.invocation
          ? { callerFunction: { name: who.invocation.functionName, dir: who.invocation.functionDir } }
          : {}),
      },
    );
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': answer.length });
    res.end(answer);
    return;
  }
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the body must be JSON');
  }
  const action = typeof params.action === 'string' ? params.action : '';
  if (action === 'functions.invokeFunction') {
    sendApi(res, await invokeFunction(deps, params, who.caller), requestId);
    return;
  }
  if (action.startsWith('storage.')) {
    try {
      sendApi(res, handleStorageAction(storage, baseUrl(req), action, params), requestId);
    } catch (error) {
      const code = error instanceof StorageError ? error.code : 'STORAGE_REQUEST_FAIL';
      sendApi(res, { code, message: (error as Error).message }, requestId);
    }
    return;
  }
  try {
    if (!action.startsWith('database.')) {
      throw new CloudError('INVALID_PARAM', `local cloud: action ${action} is not implemented`);
    }
    sendApi(res, handleDatabase(deps.engine, action, params), requestId);
  } catch (error) {
    const cloudError = toCloudError(error);
    sendApi(res, { code: cloudError.code, message: cloudError.message }, requestId);
  }
}

async function invokeFunction(
  deps: ServerDeps,
  params: Record<string, unknown>,
  caller: Caller,
): Promise<Record<string, unknown>> {
  const name = typeof params.function_name === 'string' ? params.function_name : '';
  let event: unknown = {};
  if (typeof params.request_data === 'string' && params.request_data !== '') {
    try {
      event = JSON.parse(params.request_data) as unknown;
    } catch {
      return { code: 'INVALID_PARAM', message: 'request_data must be JSON' };
    }
  }
  const result = await deps.runner.invoke(name, event, caller);
  if (result.status === 200) return { data: { response_data: result.json } };
  const error = JSON.parse(result.json) as { message?: string };
  return { code: 'FUNCTIONS_EXECUTE_FAIL', message: error.message ?? 'function failed' };
}

function sendApi(res: http.ServerResponse, body: Record<string, unknown>, requestId: string): void {
  send(res, 200, JSON.stringify({ ...body, requestId }));
}

function send(res: http.ServerResponse, status: number, json: string): void {
  if (res.headersSent) return;
  const body = Buffer.from(json);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

/** `http://<host>` as the client reached this server (download URLs must work from where it stands). */
function baseUrl(req: http.IncomingMessage): string {
  return `http://${header(req, 'host') ?? '127.0.0.1'}`;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
