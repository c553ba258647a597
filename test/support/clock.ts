/**
 * The local cloud's movable clock and timer triggers, for tests (docs/local-cloud.md, "Clock and timer
 * triggers").
 *
 * Tests share one global local cloud and run in parallel: a test that moves the clock must use its own,
 * from {@link privateCloud}. Moving the shared one would move every other test's time. (The shared one
 * also runs without the timer scheduler: fire its timers with {@link fireTimer}.)
 *
 * Page tests (jsdom) importing this file need node's export conditions for the store's packages:
 * `@jest-environment-options {"customExportConditions": ["node", "node-addons"]}` in the file's docblock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { seedDemo, type DemoPart } from '../../scripts/seed/demo';
import { getBytes, postJson } from './http';
import { startCloudProcess, type CloudProcess, type CloudProcessOptions } from './process';

export interface ClockAnswer {
  /** The moved time. */
  now: Date;
  /** How far the clock is ahead of real time, in ms. */
  offsetMs: number;
}

/** A timer trigger fired by a clock move. */
export interface FiredTimer {
  function: string;
  trigger: string;
  /** The event's `Time` (ISO 8601). */
  time: string;
  /** 200 when the function returned. */
  status: number;
  /** What it answered (an ApiResult for our functions). */
  result: unknown;
}

export interface Advance {
  days?: number;
  hours?: number;
  minutes?: number;
  ms?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The local cloud's current (moved) time. */
export async function cloudNow(cloudUrl: string): Promise<Date> {
  return (await clockState(cloudUrl)).now;
}

export async function clockState(cloudUrl: string): Promise<ClockAnswer> {
  return toAnswer(await getJson(`${cloudUrl}/admin/clock`));
}

/**
 * Moves the clock forward by a duration (`{ days: 1, hours: 2 }`) or to an instant; timer triggers
 * that became due have fired when it answers. Throws if the local cloud refuses the move.
 */
export async function advanceClock(
  cloudUrl: string,
  by: Advance | { to: Date },
): Promise<ClockAnswer & { fired: FiredTimer[] }> {
  const body =
    'to' in by
      ? { to: by.to.toISOString() }
      : {
          advanceMs:
            (by.days ?? 0) * DAY + (by.hours ?? 0) * HOUR + (by.minutes ?? 0) * MINUTE + (by.ms ?? 0),
        };
  const res = await postJson(`${cloudUrl}/admin/clock`, body, {});
  if (res.statusCode !== 200) {
    throw new Error(`the clock refused ${JSON.stringify(body)}: ${JSON.stringify(res.data)}`);
  }
  return { ...toAnswer(res.data), fired: (res.data as { fired: FiredTimer[] }).fired };
}

/**
 * Fires a function's timer trigger now, as the platform would (no OPENID), and answers what the function
 * returned (an ApiResult for our functions). Throws if the function does not declare the trigger or fails.
 */
export async function fireTimer(cloudUrl: string, fn: string, trigger = 'daily'): Promise<unknown> {
  const res = await postJson(`${cloudUrl}/admin/timers/${fn}/${trigger}`, {}, {});
  if (res.statusCode !== 200) {
    throw new Error(`timer ${fn}/${trigger}: HTTP ${res.statusCode} ${JSON.stringify(res.data)}`);
  }
  return res.data;
}

export interface PrivateCloud {
  url: string;
  dataDir: string;
  /** The data directory's store (opened on first use, closed by `stop`). */
  store(): Promise<Store>;
  /** Stops the process and starts it again on the same data directory (a restart keeps the data). */
  restart(): Promise<void>;
  /** Stops the process and removes the data directory. */
  stop(): Promise<void>;
}

export interface PrivateCloudOptions extends CloudProcessOptions {
  /** Seed the demo reading room first. Default true. */
  seed?: boolean;
  /** Demo parts to leave out (a gallery that stages its own loans: `circulation`). */
  skipDemoParts?: readonly DemoPart[];
}

/**
 * A local cloud process of this test's own, on a fresh temp data directory (seeded with the demo
 * reading room unless `seed: false`): move its clock freely.
 */
export async function privateCloud(options: PrivateCloudOptions = {}): Promise<PrivateCloud> {
  const { seed = true, skipDemoParts = [], ...processOptions } = options;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-private-'));
  let store: Store | undefined;
  let child: CloudProcess | undefined;
  try {
    if (seed) {
      const seeding = await openStore(dataDir);
      try {
        await seedDemo(seeding, skipDemoParts);
      } finally {
        await seeding.close();
      }
    }
    child = await startCloudProcess(dataDir, processOptions);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const cloud: PrivateCloud = {
    url: child.url,
    dataDir,
    async store() {
      store ??= await openStore(dataDir);
      return store;
    },
    async restart() {
      await child?.stop();
      child = await startCloudProcess(dataDir, processOptions);
      cloud.url = child.url;
    },
    async stop() {
      await child?.stop();
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cloud;
}

function toAnswer(data: unknown): ClockAnswer {
  const { now, offsetMs } = data as { now: string; offsetMs: number };
  return { now: new Date(now), offsetMs };
}

async function getJson(url: string): Promise<unknown> {
  const { statusCode, body } = await getBytes(url);
  const text = body.toString('utf8');
  if (statusCode !== 200) throw new Error(`GET ${url}: HTTP ${statusCode}: ${text}`);
  return JSON.parse(text) as unknown;
}

/**
 * Sets the phone's calendar (the page's `Date`) to `now`, e.g. a private cloud's moved clock: only Date is
 * faked, timers and the network run as usual. `jest.useRealTimers()` gives the real calendar back.
 */
export function setPhoneDate(now: Date | number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}
