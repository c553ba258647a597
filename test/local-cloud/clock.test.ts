/**
 * The movable clock: `db.serverDate()` through the SDK and `now()` inside a function (also one reached by
 * `callFunction`) follow it; it only moves forward; it survives a restart; other processes on the same
 * data directory read the same time.
 */
import path from 'node:path';
import { parseClockArgument, type LocalCloud } from '../../scripts/local-cloud';
import { openStore } from '../../scripts/local-cloud/store';
import type { ApiResult } from '../../typings';
import { invoke } from '../support/cloud';
import { advanceClock, clockState, cloudNow, privateCloud, type PrivateCloud } from '../support/clock';
import { buildFixtureFunctions, type FixtureFunctions } from '../support/fixture-function';
import { postJson } from '../support/http';
import { startHarness, type Harness } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Slack for the time a request takes between reading the clock here and there. */
const SLACK = 60_000;

function expectNear(actual: Date | string, expected: number): void {
  const ms = new Date(actual).getTime();
  expect(Math.abs(ms - expected)).toBeLessThan(SLACK);
}

describe('the clock of a local cloud process', () => {
  let fixtures: FixtureFunctions;
  let cloud: PrivateCloud;

  beforeAll(async () => {
    fixtures = await buildFixtureFunctions({
      timed: path.join(__dirname, '..', 'fixtures', 'timed-function'),
    });
    cloud = await privateCloud({ seed: false, functionsDir: fixtures.functionsDir });
    const store = await cloud.store();
    await store.ensureCollection('stamps');
    await store.ensureCollection('timer_runs');
  });

  afterAll(async () => {
    await cloud?.stop();
    fixtures?.remove();
  });

  async function timed<T>(action: string): Promise<T> {
    const result = (await invoke('timed', { action }, 'clock-tester', cloud.url)) as ApiResult<T>;
    if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
    return result.data;
  }

  it('starts at real time, then moves serverDate and now() in functions by the same offset', async () => {
    const before = await clockState(cloud.url);
    expect(before.offsetMs).toBe(0);
    expectNear(before.now, Date.now());
    const unmoved = await timed<{ serverAt: string; functionAt: string }>('stamp');
    expectNear(unmoved.serverAt, Date.now());
    expectNear(unmoved.functionAt, Date.now());

    const moved = await advanceClock(cloud.url, { days: 3, hours: 2 });
    expect(moved.offsetMs).toBe(3 * DAY + 2 * HOUR);
    expectNear(moved.now, Date.now() + 3 * DAY + 2 * HOUR);

    const stamp = await timed<{ serverAt: string; functionAt: string }>('stamp');
    expectNear(stamp.serverAt, Date.now() + 3 * DAY + 2 * HOUR);
    expectNear(stamp.functionAt, Date.now() + 3 * DAY + 2 * HOUR);
    // A function reached through cloud.callFunction runs on the same clock.
    expectNear((await timed<{ now: string }>('calleeNow')).now, Date.now() + 3 * DAY + 2 * HOUR);
  });

  it('moves to an instant, never backwards, and refuses bad input without moving', async () => {
    const start = await clockState(cloud.url);
    const target = new Date(start.now.getTime() + 5 * HOUR);
    const moved = await advanceClock(cloud.url, { to: target });
    expect(moved.offsetMs - start.offsetMs).toBeGreaterThan(5 * HOUR - SLACK);
    expect(moved.offsetMs - start.offsetMs).toBeLessThanOrEqual(5 * HOUR);

    const refused = [
      { advanceMs: -1 },
      { advanceMs: 0 },
      { advanceMs: 1.5 },
      { advanceMs: '86400000' },
      { to: new Date(target.getTime() - HOUR).toISOString() },
      { to: '2020-01-01T00:00:00Z' },
      { to: 'tomorrow' },
      { to: '2099-01-01' }, // no time of day, no zone: ambiguous
      { advanceMs: 1000, to: target.toISOString() },
      { advanceMs: 1000, by: 'me' },
      {},
      [],
    ];
    for (const body of refused) {
      const res = await postJson(`${cloud.url}/admin/clock`, body, {});
      expect({ body, statusCode: res.statusCode, code: (res.data as { code?: string }).code }).toEqual({
        body,
        statusCode: 400,
        code: 'INVALID_PARAM',
      });
    }
    expect((await clockState(cloud.url)).offsetMs).toBe(moved.offsetMs);
    await expect(advanceClock(cloud.url, { ms: -DAY })).rejects.toThrow('only moves forward');
  });

  it('keeps the moved time across a restart, and other processes on the data directory see it', async () => {
    const before = await clockState(cloud.url);
    expect(before.offsetMs).toBeGreaterThan(3 * DAY);
    await cloud.restart();
    expect((await clockState(cloud.url)).offsetMs).toBe(before.offsetMs);
    expectNear((await timed<{ now: string }>('now')).now, Date.now() + before.offsetMs);

    // A script's store (another process would do the same) reads the clock the server moved.
    const store = await openStore(cloud.dataDir);
    try {
      expect(store.engine.clock.offsetMs()).toBe(before.offsetMs);
      await advanceClock(cloud.url, { hours: 1 });
      expect(store.engine.clock.offsetMs()).toBe(before.offsetMs + HOUR);
      expectNear(new Date(store.engine.clock.now()), (await cloudNow(cloud.url)).getTime());
    } finally {
      await store.close();
    }
  });
});

describe('the clock of an in-process local cloud', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.db.createCollection('dates');
  });

  afterAll(async () => h?.close());

  it('resolves db.serverDate() written through wx-server-sdk to the moved time', async () => {
    const cloud: LocalCloud = h.cloud;
    const state = await cloud.advanceClock({ advanceMs: 10 * DAY });
    expect(state.offsetMs).toBe(10 * DAY);
    expect(cloud.clock().offsetMs).toBe(10 * DAY);
    const { _id } = await h.db
      .collection('dates')
      .add({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: HOUR }) } });
    const { data } = await h.db.collection('dates').doc(_id).get();
    expectNear(data.at, Date.now() + 10 * DAY);
    expect(data.later.getTime() - data.at.getTime()).toBe(HOUR);
    // Queries see the same clock: the document is not "before now" in real time, it is in moved time.
    const { total } = await h.db
      .collection('dates')
      .where({ at: h._.lte(h.db.serverDate()) })
      .count();
    expect(total).toBe(1);
    await expect(cloud.advanceClock({ to: new Date(Date.now()) })).rejects.toThrow('only moves forward');
  });
});

describe('parseClockArgument (npm run clock)', () => {
  it('reads durations and instants', () => {
    expect(parseClockArgument('+3d')).toEqual({ advanceMs: 3 * DAY });
    expect(parseClockArgument('+2h30m')).toEqual({ advanceMs: 2.5 * HOUR });
    expect(parseClockArgument('+1d12h')).toEqual({ advanceMs: 1.5 * DAY });
    expect(parseClockArgument('+90m')).toEqual({ advanceMs: 90 * 60_000 });
    expect(parseClockArgument('+45s')).toEqual({ advanceMs: 45_000 });
    expect(parseClockArgument('+500ms')).toEqual({ advanceMs: 500 });
    expect(parseClockArgument('2026-12-01T09:00:00+08:00')).toEqual({
      to: new Date('2026-12-01T01:00:00Z'),
    });
    for (const bad of ['+', '+3', '+3x', '3d', '+-1d', '+0d', 'next week', '+1d 2h']) {
      expect(() => parseClockArgument(bad)).toThrow();
    }
  });
});
