/**
 * The daily timer job (config.json trigger `daily`, 09:00 China time):
 *
 *   1. expire ready holds past their pickup deadline (holds.ts `expireHolds`: each copy passes to the next
 *      in line, whose member is sent holdReady at once, or back to the shelf);
 *   2. holdReady for ready holds not yet told (a return's own notice that did not go out, say);
 *   3. holdExpiring for ready holds whose last pickup day is today (not those readied today);
 *   4. dueSoon for active loans due today, tomorrow or the day after;
 *   5. overdue for active loans past their due date.
 *
 * Every pass reads page by page in index order (loans `status_dueAt`, holds `status_readyUntil`), resuming
 * after the last document read, and each reminder is claimed on its loan / hold (reminders.ts), so a
 * second run, or two instances at once, send nothing new. Answers and logs the counts per kind.
 */
import { REMINDER_KINDS, type ReminderKind } from '../../../typings/entities';
import { _, collection, type Filter } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { chinaDayStart } from './china-time';
import { HOLDS, LOANS, type HoldDoc, type LoanDoc } from './docs';
import { expireHolds } from './holds';
import { readReminderConfig, type ReminderConfig } from './reminder-config';
import { sendReminder, type ReminderOutcome, type SkipReason } from './reminders';

/** Documents read per page. */
const PAGE_SIZE = 100;
/** Reminders sent at the same time within a page. */
const CONCURRENCY = 8;

export interface KindCounts {
  sent: number;
  /** Skipped, by reason (no consent, no member, refused by WeChat …). */
  skipped: Partial<Record<SkipReason, number>>;
  failed: number;
  /** Taken by another run or instance meanwhile (or no longer due). */
  claimed: number;
  /** No template configured for this kind: nothing was looked at. */
  notConfigured?: true;
}

export interface DailyReport {
  at: string;
  holds: { expired: number; passedOn: number };
  reminders: Record<ReminderKind, KindCounts>;
  /** Steps that failed (logged): `expireHolds` or a kind. */
  failed?: string[];
  elapsedMs: number;
}

function emptyCounts(): KindCounts {
  return { sent: 0, skipped: {}, failed: 0, claimed: 0 };
}

function tally(counts: KindCounts, outcome: ReminderOutcome): void {
  if (outcome.result === 'sent') counts.sent += 1;
  else if (outcome.result === 'failed') counts.failed += 1;
  else if (outcome.result === 'claimed') counts.claimed += 1;
  else if (outcome.reason) counts.skipped[outcome.reason] = (counts.skipped[outcome.reason] ?? 0) + 1;
}

interface Pass<T> {
  kind: ReminderKind;
  collectionName: string;
  filter: Filter;
  /** The indexed date field the pass reads in order (ties by `_id`). */
  orderField: keyof T & string;
  remind: (doc: T) => Promise<ReminderOutcome>;
}

// The SDK types logic commands apart from plain filters.
function anyOf(filters: Filter[]): Filter {
  return _.or(filters) as unknown as Filter;
}

function allOf(filters: Filter[]): Filter {
  return _.and(filters) as unknown as Filter;
}

/** Reads every document of a pass in (orderField, _id) order, a page at a time, and reminds each. */
async function runPass<T extends { _id: string }>(pass: Pass<T>, counts: KindCounts): Promise<void> {
  let last: T | undefined;
  for (;;) {
    // after the last document read: the pass's filter AND (a later date, or the same date and a later _id)
    const where: Filter = last
      ? allOf([
          pass.filter,
          anyOf([
            { [pass.orderField]: _.gt(last[pass.orderField]) },
            { [pass.orderField]: last[pass.orderField], _id: _.gt(last._id) },
          ]),
        ])
      : pass.filter;
    const { data } = await collection<T>(pass.collectionName)
      .where(where)
      .orderBy(pass.orderField, 'asc')
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE)
      .get();
    for (let i = 0; i < data.length; i += CONCURRENCY) {
      const outcomes = await Promise.all(data.slice(i, i + CONCURRENCY).map(pass.remind));
      for (const outcome of outcomes) tally(counts, outcome);
    }
    if (data.length < PAGE_SIZE) return;
    last = data[data.length - 1];
  }
}

function passes(at: Date, config: ReminderConfig): Pass<LoanDoc | HoldDoc>[] {
  const options = { config, now: at };
  const today = chinaDayStart(at);
  const tomorrow = chinaDayStart(at, 1);
  const unclaimed = (kind: ReminderKind) => ({ [`reminders.${kind}`]: _.exists(false) });
  const holdPasses: Pass<HoldDoc>[] = [
    {
      kind: 'holdReady',
      collectionName: HOLDS,
      filter: { status: 'ready', ...unclaimed('holdReady') },
      orderField: 'readyUntil',
      remind: (hold) => sendReminder('holdReady', hold, options),
    },
    {
      kind: 'holdExpiring',
      collectionName: HOLDS,
      filter: {
        status: 'ready',
        readyUntil: _.gte(at).and(_.lt(tomorrow)),
        readyAt: _.lt(today),
        ...unclaimed('holdExpiring'),
      },
      orderField: 'readyUntil',
      remind: (hold) => sendReminder('holdExpiring', hold, options),
    },
  ];
  const loanPasses: Pass<LoanDoc>[] = [
    {
      kind: 'dueSoon',
      collectionName: LOANS,
      filter: { status: 'active', dueAt: _.gte(at).and(_.lt(chinaDayStart(at, 3))), ...unclaimed('dueSoon') },
      orderField: 'dueAt',
      remind: (loan) => sendReminder('dueSoon', loan, options),
    },
    {
      kind: 'overdue',
      collectionName: LOANS,
      filter: { status: 'active', dueAt: _.lt(at), ...unclaimed('overdue') },
      orderField: 'dueAt',
      remind: (loan) => sendReminder('overdue', loan, options),
    },
  ];
  return [...holdPasses, ...loanPasses] as Pass<LoanDoc | HoldDoc>[];
}

/**
 * Runs the whole job once at `at` (the clock's now). A step that fails (the expiry, one pass) is logged
 * and named in `failed`; the other steps still run, and the next run picks up what it left.
 */
export async function runDaily(at: Date = now()): Promise<DailyReport> {
  const started = Date.now();
  const failed: string[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      console.error(`[daily] ${name} failed`, error);
      failed.push(name);
      return undefined;
    }
  };
  const holds = await step('expireHolds', () => expireHolds(at));
  const reminders = Object.fromEntries(REMINDER_KINDS.map((k) => [k, emptyCounts()])) as Record<
    ReminderKind,
    KindCounts
  >;
  const config = await readReminderConfig();
  for (const pass of passes(at, config)) {
    const counts = reminders[pass.kind];
    if (!config.templates[pass.kind]) {
      counts.notConfigured = true;
      continue;
    }
    await step(pass.kind, () => runPass(pass, counts));
  }
  const report: DailyReport = {
    at: at.toISOString(),
    holds: { expired: holds?.expired.length ?? 0, passedOn: holds?.readied.length ?? 0 },
    reminders,
    ...(failed.length ? { failed } : {}),
    elapsedMs: Date.now() - started,
  };
  console.log(`[daily] ${JSON.stringify(report)}`);
  return report;
}
