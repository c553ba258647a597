/**
 * Reminders of loans (dueSoon, overdue) and holds (holdReady, holdExpiring), each sent at most once per
 * loan or hold per kind, however many timer runs, instances or returns race. The send itself (claim on
 * the loan / hold, use one consent, send, record) is the shared rule of _shared/reminders/deliver.ts;
 * this module says when a loan or hold still needs a reminder (the claim's condition: active and not yet
 * due / past due; ready and not past its pickup deadline) and what the message says.
 *
 * Staff's manual overdue reminder (`remind`) uses the slot `reminders.manual`: claimable once per China
 * calendar day per loan (again the same day only after a skip or failure).
 */
import type { ReminderKind } from '../../../typings/entities';
import { chinaDay } from '../../_shared/china-time';
import { _, type Filter } from '../../_shared/cloud';
import { now as clockNow } from '../../_shared/clock';
import { readReminderConfig, type ReminderConfig } from '../../_shared/reminders/config';
import {
  deliver,
  deliverOrFail,
  type ReminderOutcome,
  type ReminderRecord,
  type ReminderRecords,
} from '../../_shared/reminders/deliver';
import { HOLDS, LOANS } from './docs';
import { messageData, REMINDER_PAGES } from './reminder-messages';

export type LoanReminderKind = Extract<ReminderKind, 'dueSoon' | 'overdue'>;
export type HoldReminderKind = Extract<ReminderKind, 'holdReady' | 'holdExpiring'>;
export type CirculationKind = LoanReminderKind | HoldReminderKind;

/** What a loan reminder needs of a loan document. */
export interface ReminderLoan {
  _id: string;
  memberId: string;
  title: string;
  dueAt: Date | string;
}

/** What a hold reminder needs of a hold document (a ready hold has its pickup deadline). */
export interface ReminderHold {
  _id: string;
  memberId: string;
  title: string;
  readyUntil?: Date | string;
}

/** A reminder slot on a loan / hold: one per kind, plus staff's manual overdue reminder. */
export type ReminderSlot = LoanReminderKind | HoldReminderKind | 'manual';

/** The `reminders` field of a loan or hold document. */
export type CirculationReminders = ReminderRecords<ReminderSlot>;

export interface ReminderOptions {
  /** The configuration read once by the caller (the timer job); read here when absent. */
  config?: ReminderConfig;
  now?: Date;
}

/** When a reminder of a loan was last sent (automatic overdue or manual), for staff's overdue list. */
export function lastOverdueReminder(reminders: CirculationReminders | undefined): Date | undefined {
  const sent = [reminders?.overdue, reminders?.manual]
    .filter((r): r is ReminderRecord => r?.result === 'sent')
    .map((r) => new Date(r.at));
  return sent.length ? new Date(Math.max(...sent.map((d) => d.getTime()))) : undefined;
}

/** The loan / hold still needs a reminder of this kind at `at` (part of the claim's condition). */
function stillDue(kind: CirculationKind, at: Date): Filter {
  switch (kind) {
    case 'dueSoon':
      return { status: 'active', dueAt: _.gte(at) };
    case 'overdue':
      return { status: 'active', dueAt: _.lt(at) };
    case 'holdReady':
    case 'holdExpiring':
      return { status: 'ready', readyUntil: _.gte(at) };
  }
}

/**
 * Sends one reminder of a loan (dueSoon, overdue) or a hold (holdReady, holdExpiring) unless it was
 * already sent (or claimed) for it. Call it after the change that makes it due has committed, never inside
 * a transaction (it may be retried). It never throws: a failure is logged and answered as `failed`.
 */
export async function sendReminder(
  kind: LoanReminderKind,
  loan: ReminderLoan,
  options?: ReminderOptions,
): Promise<ReminderOutcome>;
export async function sendReminder(
  kind: HoldReminderKind,
  hold: ReminderHold,
  options?: ReminderOptions,
): Promise<ReminderOutcome>;
export async function sendReminder(
  kind: CirculationKind,
  target: ReminderLoan | ReminderHold,
  options: ReminderOptions = {},
): Promise<ReminderOutcome> {
  const at = options.now ?? clockNow();
  const isLoan = kind === 'dueSoon' || kind === 'overdue';
  const date = isLoan ? (target as ReminderLoan).dueAt : (target as ReminderHold).readyUntil;
  if (date === undefined) return { kind, result: 'skipped', reason: 'notDue' };
  const parts = { title: target.title, date: new Date(date) };
  return deliverOrFail(kind, target._id, async () => ({
    kind,
    slot: kind,
    collectionName: isLoan ? LOANS : HOLDS,
    targetId: target._id,
    memberId: target.memberId,
    page: REMINDER_PAGES[kind],
    message: (fields) => messageData(kind, parts, fields, at),
    claimFilter: {
      _id: target._id,
      ...stillDue(kind, at),
      [`reminders.${kind}`]: _.exists(false),
    },
    config: options.config ?? (await readReminderConfig()),
    now: at,
  }));
}

/**
 * Staff's overdue reminder for one loan, now: at most one sent per loan per China calendar day (a skipped
 * or failed attempt may be repeated). The loan must be active and past due.
 */
export async function sendManualOverdueReminder(
  loan: ReminderLoan,
  staffOpenid: string,
  options: ReminderOptions = {},
): Promise<ReminderOutcome> {
  const config = options.config ?? (await readReminderConfig());
  const at = options.now ?? clockNow();
  const day = chinaDay(at);
  const due = { _id: loan._id, status: 'active', dueAt: _.lt(at) };
  return deliver({
    kind: 'overdue',
    slot: 'manual',
    collectionName: LOANS,
    targetId: loan._id,
    memberId: loan.memberId,
    page: REMINDER_PAGES.overdue,
    message: (fields) =>
      messageData('overdue', { title: loan.title, date: new Date(loan.dueAt) }, fields, at),
    // the SDK types a logic command apart from plain filters
    claimFilter: _.or([
      { ...due, 'reminders.manual.day': _.neq(day) },
      { ...due, 'reminders.manual.result': _.in(['skipped', 'failed']) },
    ]) as unknown as Filter,
    claimExtra: { day, by: staffOpenid },
    unclaimed: { result: 'skipped', reason: 'alreadyToday' },
    config,
    now: at,
  });
}
