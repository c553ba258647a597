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
 * after the last document read (_shared/reminders/pass.ts), and each reminder is claimed on its loan /
 * hold, so a second run, or two instances at once, send nothing new. Answers and logs the counts per kind.
 */
import { chinaDayStart } from '../../_shared/china-time';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { readReminderConfig, type ReminderConfig } from '../../_shared/reminders/config';
import { runPasses, type KindCounts, type Pass } from '../../_shared/reminders/pass';
import { HOLDS, LOANS, type HoldDoc, type LoanDoc } from './docs';
import { expireHolds } from './holds';
import { sendReminder, type CirculationKind } from './reminders';

/** The kinds of the daily job (the report's keys). */
const KINDS: readonly CirculationKind[] = ['dueSoon', 'overdue', 'holdReady', 'holdExpiring'];

export interface DailyReport {
  at: string;
  holds: { expired: number; passedOn: number };
  reminders: Record<CirculationKind, KindCounts>;
  /** Steps that failed (logged): `expireHolds` or a kind. */
  failed?: string[];
  elapsedMs: number;
}

function passes(at: Date, config: ReminderConfig): (Pass<LoanDoc | HoldDoc> & { kind: CirculationKind })[] {
  const options = { config, now: at };
  const today = chinaDayStart(at);
  const tomorrow = chinaDayStart(at, 1);
  const unclaimed = (kind: CirculationKind) => ({ [`reminders.${kind}`]: _.exists(false) });
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
  return [...holdPasses, ...loanPasses] as (Pass<LoanDoc | HoldDoc> & { kind: CirculationKind })[];
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
  const config = await readReminderConfig();
  const reminders = await runPasses(KINDS, passes(at, config), config, failed);
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
