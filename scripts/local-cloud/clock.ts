/**
 * The local cloud's movable clock: real time plus an offset that only grows, so demos and tests can
 * jump to tomorrow (a loan falls due, a timer trigger fires) without waiting.
 *
 * The offset lives in the data directory (`meta.clock_offset_ms` in cloud.sqlite): a restart keeps the
 * moved time, and every process sharing the directory (a second server, the store of a script) reads
 * the same clock. It is read on every use (one indexed SQLite read, a few microseconds), so nothing is
 * cached that another process could make stale; a database request reads it only when it carries a
 * server date (database.ts).
 *
 * Who follows it: `db.serverDate()` (database.ts), the outbox's `sentAt` (openapi.ts), and `now()` in
 * cloud functions (cloudfunctions/_shared/clock.ts) through {@link CLOCK_OFFSET_VARIABLE}, which the
 * runner sets for each invocation.
 */
import type { Persistence } from './persistence';

/**
 * The variable the runner sets in a function's worker for each invocation: the clock's offset in ms.
 * cloudfunctions/_shared/clock.ts reads it by the same name (it cannot import local-cloud code).
 */
export const CLOCK_OFFSET_VARIABLE = 'LOCAL_CLOUD_CLOCK_OFFSET_MS';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One move may jump at most this far (beyond, dates stop meaning anything to the app). */
export const MAX_ADVANCE_MS = 100 * 366 * DAY;

/** What the clock says: the moved time and how far it is ahead of real time. */
export interface ClockState {
  /** ISO 8601 */
  now: string;
  offsetMs: number;
}

/** A move forward: by a duration, or to an instant not before the clock's current time. */
export type ClockMove = { advanceMs: number } | { to: Date };

/** A move the clock refuses (backwards, malformed): the server answers it with HTTP 400. */
export class ClockError extends Error {}

export class LocalClock {
  constructor(private readonly disk: Persistence) {}

  offsetMs(): number {
    return this.disk.clockOffset();
  }

  /** The moved time, in ms since the epoch. */
  now(): number {
    return Date.now() + this.disk.clockOffset();
  }

  state(): ClockState {
    const offsetMs = this.disk.clockOffset();
    return { now: new Date(Date.now() + offsetMs).toISOString(), offsetMs };
  }

  /** Moves the clock forward (atomically, against other processes too); throws ClockError otherwise. */
  move(move: ClockMove): ClockState {
    return this.disk.write(() => {
      const offsetMs = this.disk.clockOffset();
      const real = Date.now();
      const by = 'advanceMs' in move ? move.advanceMs : move.to.getTime() - (real + offsetMs);
      checkAdvance(by);
      this.disk.setClockOffset(offsetMs + by);
      return { now: new Date(real + offsetMs + by).toISOString(), offsetMs: offsetMs + by };
    });
  }
}

function checkAdvance(by: number): void {
  if (!Number.isSafeInteger(by)) throw new ClockError('the move must be a whole number of milliseconds');
  if (by < 0) throw new ClockError('the clock only moves forward');
  if (by > MAX_ADVANCE_MS) throw new ClockError(`one move may advance ${MAX_ADVANCE_MS / DAY} days at most`);
}

/**
 * The body of `POST /admin/clock`: `{ "advanceMs": N }` (N > 0) or `{ "to": "<ISO 8601>" }`.
 * Throws ClockError for anything else.
 */
export function parseClockMove(body: unknown): ClockMove {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ClockError('the body must be { "advanceMs": N } or { "to": "<ISO 8601>" }');
  }
  const { advanceMs, to, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new ClockError(`unknown field: ${extra.join(', ')}`);
  if ((advanceMs === undefined) === (to === undefined)) {
    throw new ClockError('give exactly one of advanceMs and to');
  }
  if (advanceMs !== undefined) {
    if (typeof advanceMs === 'number' && advanceMs < 0) throw new ClockError('the clock only moves forward');
    if (typeof advanceMs !== 'number' || !Number.isSafeInteger(advanceMs) || advanceMs <= 0) {
      throw new ClockError('advanceMs must be a positive whole number of milliseconds');
    }
    return { advanceMs };
  }
  return { to: parseInstant(to) };
}

/** A full ISO 8601 date-time with a zone (`2026-11-23T09:00:00+08:00`, `...Z`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(value: unknown): Date {
  const date = typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ClockError('to must be an ISO 8601 date-time with a zone, e.g. 2026-11-23T09:00:00+08:00');
  }
  return date;
}

const UNITS: Record<string, number> = { d: DAY, h: HOUR, m: MINUTE, s: SECOND, ms: 1 };

/**
 * A move as people type it (the `npm run clock` CLI): `+3d`, `+2h30m`, `+90m`, `+1d12h`, `+45s`,
 * `+500ms`, or an ISO 8601 date-time with a zone. Throws ClockError otherwise.
 */
export function parseClockArgument(text: string): ClockMove {
  const trimmed = text.trim();
  if (!trimmed.startsWith('+')) return { to: parseInstant(trimmed) };
  const body = trimmed.slice(1);
  const parts = [...body.matchAll(/(\d+)(ms|d|h|m|s)/g)];
  if (body === '' || parts.map((p) => p[0]).join('') !== body) {
    throw new ClockError(`not a duration: ${text} (e.g. +3d, +2h30m, +90m, +45s)`);
  }
  const advanceMs = parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0);
  if (!Number.isSafeInteger(advanceMs) || advanceMs <= 0) throw new ClockError(`not a forward move: ${text}`);
  return { advanceMs };
}
