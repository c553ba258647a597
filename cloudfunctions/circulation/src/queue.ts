/**
 * A book's hold queue: waiting holds in the order they were placed. When a copy comes back (return), is
 * pulled from the shelf, or leaves the hold shelf (a ready hold cancelled or expired), the first waiting
 * hold gets it: the copy goes on the hold shelf for that member until the pickup deadline.
 *
 * The queue is read by a query, which production cannot run inside a transaction (document operations
 * only). So the first waiting hold is read just before the transaction, then read again by id inside it:
 * if it is no longer waiting (cancelled, or readied by a concurrent return) the transaction gives up with
 * QueueMoved and `withFirstWaiting` starts again with a fresh read. A hold placed or cancelled while the
 * transaction runs changes a document it read, so the transaction conflicts and re-runs.
 */
import { _ } from '../../_shared/cloud';
import { conflict } from '../../_shared/errors';
import { txFindById, type Tx } from '../../_shared/transaction';
import type { CirculationSettings, LoanRule } from '../../../typings/entities';
import { endOfChinaDay } from './dates';
import { HOLDS, holdsCollection, type CirculationCopyDoc, type HoldDoc } from './docs';
import { sendReminder } from './reminders';
import { ruleFor } from './rules';

/** The hold read before the transaction is no longer the first waiting one. */
export class QueueMoved extends Error {
  constructor() {
    super('the hold queue moved');
    this.name = 'QueueMoved';
  }
}

const QUEUE_ATTEMPTS = 5;

export async function firstWaiting(bookId: string): Promise<HoldDoc | null> {
  const res = await holdsCollection()
    .where({ bookId, status: 'waiting' })
    .orderBy('placedAt', 'asc')
    .limit(1)
    .get();
  return res.data[0] ?? null;
}

export async function waitingCount(bookId: string): Promise<number> {
  return (await holdsCollection().where({ bookId, status: 'waiting' }).count()).total;
}

/** A waiting hold's place in its book's queue (1 = next). */
export async function queuePosition(hold: HoldDoc): Promise<number> {
  const ahead = await holdsCollection()
    .where({ bookId: hold.bookId, status: 'waiting', placedAt: _.lt(hold.placedAt) })
    .count();
  return ahead.total + 1;
}

/**
 * Runs `attempt` (one transaction) with the book's first waiting hold, or null when nobody waits; again
 * with a fresh read when the transaction found the queue moved.
 */
export async function withFirstWaiting<T>(
  bookId: string,
  attempt: (candidate: HoldDoc | null) => Promise<T>,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    const candidate = await firstWaiting(bookId);
    try {
      return await attempt(candidate);
    } catch (error) {
      if (!(error instanceof QueueMoved)) throw error;
      if (tries >= QUEUE_ATTEMPTS) throw conflict('预约队列正在变化，请稍后重试');
    }
  }
}

/** The copy's circulation fields: set aside for `hold` on the hold shelf, or none (back on the shelf). */
export function shelfFields(hold: HoldDoc | null): Record<string, unknown> {
  return hold
    ? { holdId: hold._id, memberId: hold.memberId, loanId: _.remove() }
    : { holdId: _.remove(), memberId: _.remove(), loanId: _.remove() };
}

/** What a hold becomes when `copy` is set aside for it at `at`: ready until the end of its pickup days. */
export function readyPatch(
  copy: Pick<CirculationCopyDoc, '_id' | 'barcode'>,
  at: Date,
  rule: Pick<LoanRule, 'pickupDays'>,
): Pick<HoldDoc, 'status' | 'copyId' | 'barcode' | 'readyAt' | 'readyUntil' | 'updatedAt'> {
  return {
    status: 'ready',
    copyId: copy._id,
    barcode: copy.barcode,
    readyAt: at,
    readyUntil: endOfChinaDay(at, rule.pickupDays),
    updatedAt: at,
  };
}

/**
 * Inside a transaction: the candidate (read again) becomes ready for `copy`, with its pickup deadline
 * from the loan rule of its member's category. QueueMoved when it is no longer waiting.
 */
export async function readyInTransaction(
  tx: Tx,
  candidateId: string,
  copy: CirculationCopyDoc,
  settings: CirculationSettings,
  at: Date,
): Promise<HoldDoc> {
  const hold = await txFindById<HoldDoc>(tx, HOLDS, candidateId);
  if (!hold || hold.status !== 'waiting') throw new QueueMoved();
  const patch = readyPatch(copy, at, ruleFor(settings, hold.memberCategory));
  await tx.collection<HoldDoc>(HOLDS).doc(hold._id).update({ data: patch });
  return { ...hold, ...patch };
}

/** Tells the members whose holds became ready (after the transaction committed; never throws). */
export async function announceReady(holds: (HoldDoc | null | undefined)[]): Promise<void> {
  for (const hold of holds) {
    if (hold) await sendReminder('holdReady', hold);
  }
}
