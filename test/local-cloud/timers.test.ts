/**
 * Timer triggers: the router runs a timer handler only for an event without a user (the platform's), the
 * admin endpoint fires a declared trigger that way, and the scheduler fires a trigger once when the clock
 * passes its time (once for a jump over many), including a clock moved by another process.
 */
import path from 'node:path';
import { parseTimerConfig, readTimerTriggers, timerEvent } from '../../scripts/local-cloud/scheduler';
import type { Store } from '../../scripts/local-cloud/store';
import { invoke } from '../support/cloud';
import { advanceClock, cloudNow, fireTimer, privateCloud, type PrivateCloud } from '../support/clock';
import { buildFixtureFunctions, type FixtureFunctions } from '../support/fixture-function';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'timed-function');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface TimerRun {
  trigger: string;
  time: string;
  at: Date;
  openid: string;
}

let fixtures: FixtureFunctions;

beforeAll(async () => {
  fixtures = await buildFixtureFunctions({ timed: FIXTURE });
});

afterAll(() => fixtures?.remove());

async function startCloud(timers: boolean): Promise<{ cloud: PrivateCloud; store: Store }> {
  const cloud = await privateCloud({ seed: false, functionsDir: fixtures.functionsDir, timers });
  const store = await cloud.store();
  await store.ensureCollection('stamps');
  await store.ensureCollection('timer_runs');
  return { cloud, store };
}

async function runs(store: Store): Promise<TimerRun[]> {
  return store.find<TimerRun>('timer_runs', {}, { sort: { at: 1 } });
}

/** The first 09:00 in UTC+8 strictly after `ms` (the fixture's `0 0 9 * * * *`), computed by hand. */
function nextNineOClock(ms: number): number {
  const offset = 8 * HOUR;
  const dayStart = Math.floor((ms + offset) / DAY) * DAY - offset;
  const nine = dayStart + 9 * HOUR;
  return nine > ms ? nine : nine + DAY;
}

describe('firing a timer trigger on request', () => {
  let cloud: PrivateCloud;
  let store: Store;

  beforeAll(async () => ({ cloud, store } = await startCloud(false)));
  afterAll(async () => cloud?.stop());

  it('runs the handler as the platform would: no OPENID, Type Timer, the trigger name and time', async () => {
    expect(await fireTimer(cloud.url, 'timed', 'daily')).toEqual({ ok: true, data: { recorded: true } });
    const [run, ...more] = await runs(store);
    expect(more).toEqual([]);
    expect(run).toMatchObject({ trigger: 'daily', openid: '' });
    expect(run?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(new Date(run?.time ?? 0).getTime() - Date.now())).toBeLessThan(MINUTE);
  });

  it('refuses an undeclared trigger', async () => {
    await expect(fireTimer(cloud.url, 'timed', 'weekly')).rejects.toThrow('TRIGGER_NOT_FOUND');
    await expect(fireTimer(cloud.url, 'nosuchfunction', 'daily')).rejects.toThrow('HTTP 404');
  });

  it('does not let a caller pretend to be the timer', async () => {
    const before = (await runs(store)).length;
    const fake = { Type: 'Timer', TriggerName: 'daily', Time: new Date().toISOString(), Message: '' };
    // A mini-program user: the platform puts the OPENID in the context.
    expect(await invoke('timed', fake, 'sneaky-member', cloud.url)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '定时任务只能由平台触发' },
    });
    // An anonymous web request through CloudBase's HTTP access service (no OPENID, HTTP fields).
    expect(
      await invoke('timed', { ...fake, httpMethod: 'POST', headers: {}, path: '/timed' }, '', cloud.url),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The platform's userInfo marks a user's call too, even if the context had lost the OPENID.
    expect(
      await invoke('timed', { ...fake, userInfo: { appId: 'wx', openId: 'someone' } }, '', cloud.url),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Without a user, an unknown trigger is an invalid argument, and so is an action-less event.
    expect(await invoke('timed', { ...fake, TriggerName: 'weekly' }, '', cloud.url)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '未知的定时触发器' },
    });
    expect(await invoke('timed', { Type: 'timer', TriggerName: 'daily' }, '', cloud.url)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect((await runs(store)).length).toBe(before);
    // Ordinary actions still work next to the timer.
    expect(await invoke('timed', { action: 'now' }, 'member', cloud.url)).toMatchObject({ ok: true });
  });
});

describe('the scheduler', () => {
  let cloud: PrivateCloud;
  let store: Store;

  beforeAll(async () => ({ cloud, store } = await startCloud(true)));
  afterAll(async () => cloud?.stop());

  it('fires a trigger once when the clock passes its time, and once for a jump over many', async () => {
    const nine = nextNineOClock((await cloudNow(cloud.url)).getTime());
    const early = await advanceClock(cloud.url, { to: new Date(nine - MINUTE) });
    expect(early.fired).toEqual([]);
    expect(await runs(store)).toEqual([]);

    const passed = await advanceClock(cloud.url, { minutes: 2 });
    expect(passed.fired).toEqual([
      {
        function: 'timed',
        trigger: 'daily',
        time: new Date(nine).toISOString().replace('.000Z', 'Z'),
        status: 200,
        result: { ok: true, data: { recorded: true } },
      },
    ]);
    const [first] = await runs(store);
    expect(first).toMatchObject({ trigger: 'daily', openid: '', time: passed.fired[0]?.time });
    // The handler's now() is the moved clock, just after 09:00.
    expect(first!.at.getTime()).toBeGreaterThanOrEqual(nine);
    expect(first!.at.getTime()).toBeLessThan(nine + 2 * MINUTE + MINUTE);

    expect((await advanceClock(cloud.url, { hours: 1 })).fired).toEqual([]);

    // A week later: seven 09:00s passed; one firing, for the latest.
    const week = await advanceClock(cloud.url, { days: 7 });
    expect(week.fired.map((f) => f.time)).toEqual([
      new Date(nextNineOClock(week.now.getTime()) - DAY).toISOString().replace('.000Z', 'Z'),
    ]);
    expect(await runs(store)).toHaveLength(2);
  });

  it('notices a clock moved by another process on the same data directory', async () => {
    const before = (await runs(store)).length;
    const now = (await cloudNow(cloud.url)).getTime();
    store.engine.clock.move({ to: new Date(nextNineOClock(now) + MINUTE) });
    const deadline = Date.now() + 15_000;
    while ((await runs(store)).length === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await runs(store)).toHaveLength(before + 1);
  });

  it('does not fire again after a restart for a time it already fired', async () => {
    const before = (await runs(store)).length;
    await cloud.restart();
    expect((await advanceClock(cloud.url, { ms: 1 })).fired).toEqual([]);
    expect(await runs(store)).toHaveLength(before);
    // ... and it keeps the schedule: the next 09:00 fires.
    const next = nextNineOClock((await cloudNow(cloud.url)).getTime());
    expect((await advanceClock(cloud.url, { to: new Date(next) })).fired).toHaveLength(1);
  });
});

describe('timer configuration', () => {
  it('accepts what WeChat documents and refuses the rest', () => {
    for (const ok of [
      '0 0 9 * * * *',
      '*/5 * * * * * *',
      '0 0 2 1 * * *',
      '0 15 10 * * MON-FRI *',
      '0 0 10,14,16 * * * *',
      '0 */30 9-17 * * * *',
      '0 1/10 * * * * 2026-2099',
    ]) {
      expect(() => parseTimerConfig(ok)).not.toThrow();
    }
    for (const bad of [
      '0 0 9 * * *',
      '0 0 9 * * * * *',
      '0 0 9 L * * *',
      '0 0 9 * * ? *',
      '0 0 9 * * MON#2 *',
      'daily',
    ]) {
      expect(() => parseTimerConfig(bad)).toThrow();
    }
    // `a/n` is "from a, every n" (WeChat's documented form).
    const steps = parseTimerConfig('0 1/10 * * * * *').nextRuns(3, new Date('2026-11-22T00:05:00Z'));
    expect(steps.map((d) => d.toISOString())).toEqual([
      '2026-11-22T00:11:00.000Z',
      '2026-11-22T00:21:00.000Z',
      '2026-11-22T00:31:00.000Z',
    ]);
    // Weekday 0 is Sunday: 2026-11-22 is a Sunday.
    const sunday = parseTimerConfig('0 0 9 * * 0 *').nextRun(new Date('2026-11-21T12:00:00Z'));
    expect(sunday?.toISOString()).toBe('2026-11-22T01:00:00.000Z');
  });

  it('reads the triggers of built functions from their config.json', () => {
    expect(readTimerTriggers(fixtures.functionsDir)).toEqual({
      triggers: [{ functionName: 'timed', name: 'daily', config: '0 0 9 * * * *' }],
      problems: [],
    });
    expect(timerEvent('daily', new Date('2026-11-22T01:00:00.123Z'))).toEqual({
      Type: 'Timer',
      TriggerName: 'daily',
      Time: '2026-11-22T01:00:00Z',
      Message: '',
    });
  });
});
