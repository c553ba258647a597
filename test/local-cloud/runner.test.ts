/**
 * The function runner: identity per invocation, callFunction between functions, errors, timeouts, pool
 * growth and queueing, environment pass-through.
 */
import { startHarness, type Harness, type Loose } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { ADMIN_OPENIDS: 'admin-1,admin-2' }, maxWorkersPerFunction: 3 });
});

afterAll(async () => {
  await h.close();
});

interface Ran {
  startedAt: number;
  endedAt: number;
  threadId: number;
}

/** The most invocations running at one instant, from the times the workers themselves recorded. */
function maxOverlap(runs: Ran[]): number {
  return Math.max(
    ...runs.map((r) => runs.filter((o) => o.startedAt <= r.startedAt && r.startedAt < o.endedAt).length),
  );
}

async function post(name: string, event: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.cloud.url}/functions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(event),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Loose };
}

it('answers GET /health', async () => {
  const res = await fetch(`${h.cloud.url}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
});

it('runs two overlapping invocations, each with its own OPENID', async () => {
  const [a, b] = await Promise.all([
    post('whoami', { delayMs: 300 }, { 'x-wx-openid': 'user-a' }),
    post('whoami', { delayMs: 300 }, { 'x-wx-openid': 'user-b', 'x-wx-appid': 'wx-other' }),
  ]);
  expect(a.status).toBe(200);
  expect(a.type).toMatch(/^application\/json/);
  expect(a.body).toMatchObject({
    OPENID: 'user-a',
    APPID: 'wxlocalcloud000000',
    ENV: 'local',
    userInfo: { openId: 'user-a', appId: 'wxlocalcloud000000' },
    adminOpenids: 'admin-1,admin-2',
  });
  expect(b.body).toMatchObject({ OPENID: 'user-b', APPID: 'wx-other', userInfo: { openId: 'user-b' } });
  // They ran side by side, in two workers (times recorded inside the workers, not by a wall clock here).
  const runs = [a.body.ran as Ran, b.body.ran as Ran];
  expect(runs[0].threadId).not.toBe(runs[1].threadId);
  expect(maxOverlap(runs)).toBe(2);
});

it('keeps the caller OPENID through cloud.callFunction, also under concurrency', async () => {
  const calls = ['c-1', 'c-2', 'c-3', 'c-4'].map((openid) =>
    post('caller', { delayMs: 50 }, { 'x-wx-openid': openid }),
  );
  const answers = await Promise.all(calls);
  answers.forEach((answer, i) => {
    expect(answer.status).toBe(200);
    expect(answer.body.self).toBe(`c-${i + 1}`);
    expect(answer.body.callee).toMatchObject({ OPENID: `c-${i + 1}`, userInfo: { openId: `c-${i + 1}` } });
  });
});

it('runs callFunction from outside a function as the identity given to sdkEnv', async () => {
  const { result } = (await h.sdk.callFunction({ name: 'whoami', data: {} })) as Loose;
  expect(result).toMatchObject({ OPENID: 'test-openid', userInfo: { openId: 'test-openid' } });
});

it('answers 404 for an unknown function and 500 with the message when a function throws', async () => {
  const missing = await post('no-such-function', {});
  expect(missing.status).toBe(404);
  expect(missing.body).toMatchObject({ code: 'FUNCTION_NOT_FOUND' });
  const thrown = await post('thrower', { message: 'bad input' }, { 'x-wx-openid': 'u' });
  expect(thrown.status).toBe(500);
  expect(thrown.body).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'boom: bad input' });
  const dbError = await post('thrower', { kind: 'db' }, { 'x-wx-openid': 'u' });
  expect(dbError.status).toBe(500);
  expect(dbError.body).toMatchObject({ errCode: -502005, message: expect.stringMatching(/not exist/) });
});

it('turns a failing callee into a callFunction:fail error for the caller', async () => {
  const answer = await post('caller', { target: 'thrower' }, { 'x-wx-openid': 'u' });
  expect(answer.status).toBe(500);
  expect(answer.body.message).toBe('callFunction:fail boom: thrown');
});

it('stops a function at its config.json timeout (504) and keeps serving', async () => {
  const answer = await post('slow', { ms: 5000 });
  expect(answer.status).toBe(504);
  expect(answer.body).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' });
  expect((await post('slow', { ms: 10 })).body).toEqual({ done: true });
});

it('queues invocations beyond the worker limit and reuses warm workers', async () => {
  // maxWorkersPerFunction is 3: six 300 ms invocations take two rounds.
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_x, i) => post('whoami', { delayMs: 300 }, { 'x-wx-openid': `q-${i}` })),
  );
  answers.forEach((answer, i) => expect(answer.body.OPENID).toBe(`q-${i}`));
  const runs = answers.map((answer) => answer.body.ran as Ran);
  // Never more than three at once, and the six ran on at most three (reused) workers.
  expect(maxOverlap(runs)).toBeLessThanOrEqual(3);
  expect(maxOverlap(runs)).toBeGreaterThanOrEqual(2);
  expect(new Set(runs.map((r) => r.threadId)).size).toBeLessThanOrEqual(3);
});

it('passes an event without openid header through without userInfo', async () => {
  const answer = await post('whoami', { x: 1 });
  expect(answer.body.OPENID).toBeUndefined();
  expect(answer.body.userInfo).toBeUndefined();
});
