/**
 * Holds (预约): placing one, cancelling, pickup expiry, and 我的预约.
 *
 * Lifecycle: waiting (in the book's queue, by `placedAt`) → ready (a copy on the hold shelf for the
 * member until `readyUntil`, the end of the pickup day; only that member can borrow it) → fulfilled (the
 * member borrowed it, loans.ts) | expired (not picked up: expireHolds) | cancelled (by the member or
 * staff). A copy leaving the hold shelf because its hold ended goes to the next waiting hold, else back to
 * the shelf — in the same transaction that ends the hold (queue.ts).
 *
 * Placing: only when no copy of the book is on the shelf, never for a book the member has on loan, and one
 * open (waiting or ready) hold per member and book: a second call answers the open one. The hold's id is
 * derived from the member, the book and how many holds the member placed on it before, so two concurrent
 * calls derive the same id and the second insert fails on the primary key (then answers the first).
 */
import type { Page } from '../../../typings/functions/user';
import type { HoldItem, StaffHold } from '../../../typings/functions/circulation';
import { logAudit } from '../../_shared/audit';
import type { BookDoc } from '../../_shared/books';
import type { Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { changeCopy } from '../../_shared/copy-status';
import { findById, isDuplicateKey, readPage } from '../../_shared/docs';
import { AppError, failedPrecondition, notFound, unauthenticated } from '../../_shared/errors';
import { runTransaction, txFindById } from '../../_shared/transaction';
import { derivedId } from '../../_shared/ids';
import {
  BOOKS,
  ENDED_HOLD_STATUSES,
  HOLDS,
  OPEN_HOLD_STATUSES,
  holdsCollection,
  loansCollection,
  toHold,
  toHoldItem,
  waitingHold,
  type CirculationCopyDoc,
  type CirculationMemberDoc,
  type HoldDoc,
} from './docs';
import { announceReady, queuePosition, readyInTransaction, shelfFields, withFirstWaiting } from './queue';
import { readSettings } from './rules';

/** The hold read before the transaction changed (or its deadline is not past): read it again. */
class HoldMoved extends Error {
  constructor() {
    super('the hold changed');
    this.name = 'HoldMoved';
  }
}

/** Ended holds shown on 我的预约 after the open ones. */
const RECENT_ENDED = 10;

function requireMember(caller: Caller): CirculationMemberDoc {
  if (!caller.member) throw unauthenticated();
  return caller.member;
}

/** The member's holds on one book (every status; a member places few holds on one book). */
async function holdsOnBook(memberId: string, bookId: string): Promise<HoldDoc[]> {
  const res = await holdsCollection()
    .where({ memberId, bookId })
    .orderBy('placedAt', 'desc')
    .limit(100)
    .get();
  return res.data;
}

export async function itemOf(hold: HoldDoc): Promise<HoldItem> {
  return toHoldItem(hold, hold.status === 'waiting' ? await queuePosition(hold) : undefined);
}

export async function placeHold(bookId: string, caller: Caller): Promise<{ hold: HoldItem }> {
  const member = requireMember(caller);
  const previous = await holdsOnBook(member._id, bookId);
  const open = previous.find((h) => h.status === 'waiting' || h.status === 'ready');
  if (open) return { hold: await itemOf(open) };
  const onLoan = await loansCollection()
    .where({ memberId: member._id, status: 'active', bookId })
    .limit(1)
    .get();
  if (onLoan.data.length > 0) throw failedPrecondition('您已借阅这本书，不能再预约');

  const holdId = derivedId('h', [member._id, 'hold', bookId, previous.length]);
  try {
    const hold = await runTransaction(async (tx) => {
      // The book read in the transaction: a copy coming back to the shelf meanwhile makes it conflict.
      const book = await txFindById<BookDoc>(tx, BOOKS, bookId);
      if (!book) throw notFound('图书不存在');
      if ((book.total ?? 0) === 0) throw failedPrecondition('这本书暂无馆藏，不能预约');
      if ((book.available ?? 0) > 0) throw failedPrecondition('这本书有在架的复本，请直接借阅');
      const doc = waitingHold(holdId, member, book, now());
      await tx.collection<HoldDoc>(HOLDS).add({ data: doc });
      return doc;
    });
    return { hold: await itemOf(hold) };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const first = await findById<HoldDoc>(HOLDS, holdId); // a concurrent call placed it
    if (!first) throw error;
    return { hold: await itemOf(first) };
  }
}

export type EndStatus = 'cancelled' | 'expired';

/**
 * Ends an open hold. Waiting: one conditional update. Ready: one changeCopy transaction that ends it and
 * passes its copy to the next waiting hold (or back to the shelf). Answers the hold as it is afterwards
 * and the hold that became ready, if any. An expiry only ends a ready hold past its deadline at `at`.
 */
export async function endHold(
  holdId: string,
  status: EndStatus,
  at: Date,
): Promise<{ hold: HoldDoc; readied: HoldDoc | null }> {
  for (let tries = 1; tries <= 5; tries++) {
    const hold = await findById<HoldDoc>(HOLDS, holdId);
    if (!hold) throw notFound('预约不存在');
    if (hold.status === 'waiting' && status === 'cancelled') {
      const ended = { status, endedAt: at, updatedAt: at };
      const res = await holdsCollection().where({ _id: hold._id, status: 'waiting' }).update({ data: ended });
      if (res.stats.updated === 1) return { hold: { ...hold, ...ended }, readied: null };
      continue; // it became ready or ended meanwhile: look again
    }
    if (hold.status !== 'ready' || !hold.copyId) return { hold, readied: null };
    if (status === 'expired' && hold.readyUntil && new Date(hold.readyUntil) >= at)
      return { hold, readied: null };
    const copyId = hold.copyId;
    const settings = await readSettings();
    try {
      const done = await withFirstWaiting(hold.bookId, (candidate) =>
        changeCopy(
          {
            copyId,
            from: ['onHoldShelf'],
            to: candidate ? 'onHoldShelf' : 'available',
            set: shelfFields(candidate),
          },
          async ({ tx, copy }) => {
            const current = await txFindById<HoldDoc>(tx, HOLDS, hold._id);
            if (!current || current.status !== 'ready' || (copy as CirculationCopyDoc).holdId !== hold._id) {
              throw new HoldMoved();
            }
            if (status === 'expired' && current.readyUntil && new Date(current.readyUntil) >= at) {
              throw new HoldMoved();
            }
            const ended = { status, endedAt: at, updatedAt: at };
            await tx.collection<HoldDoc>(HOLDS).doc(hold._id).update({ data: ended });
            const readied = candidate
              ? await readyInTransaction(tx, candidate._id, copy, settings, at)
              : null;
            return { hold: { ...current, ...ended }, readied };
          },
        ),
      );
      await announceReady([done.also.readied]);
      return done.also;
    } catch (error) {
      // The hold changed meanwhile, or its copy left the hold shelf (the member borrowed it): look again.
      const moved = error instanceof HoldMoved;
      if (!moved && !(error instanceof AppError && error.code === 'FAILED_PRECONDITION')) throw error;
    }
  }
  const hold = await findById<HoldDoc>(HOLDS, holdId);
  if (!hold) throw notFound('预约不存在');
  return { hold, readied: null };
}

async function requireOwnHold(holdId: string, memberId: string): Promise<HoldDoc> {
  const hold = await findById<HoldDoc>(HOLDS, holdId);
  if (!hold || hold.memberId !== memberId) throw notFound('预约不存在');
  return hold;
}

export async function cancelHold(holdId: string, caller: Caller): Promise<{ hold: HoldItem }> {
  const member = requireMember(caller);
  await requireOwnHold(holdId, member._id);
  const { hold } = await endHold(holdId, 'cancelled', now());
  return { hold: toHoldItem(hold) };
}

export async function cancelHoldFor(
  input: { holdId: string; reason: string },
  caller: Caller,
): Promise<{ hold: HoldItem }> {
  const before = await findById<HoldDoc>(HOLDS, input.holdId);
  if (!before) throw notFound('预约不存在');
  const { hold, readied } = await endHold(input.holdId, 'cancelled', now());
  if (before.status !== hold.status) {
    await logAudit({
      actorOpenid: caller.openid,
      action: 'cancelHoldFor',
      targetId: hold._id,
      detail: {
        memberId: hold.memberId,
        bookId: hold.bookId,
        from: before.status,
        passedTo: readied?._id ?? '',
      },
      reason: input.reason,
    });
  }
  return { hold: toHoldItem(hold) };
}

/**
 * Ends every ready hold whose pickup deadline passed before `at`; each copy passes to the next waiting
 * hold (whose member is told) or back to the shelf. For the daily timer job. Answers what changed.
 */
export async function expireHolds(at: Date = now()): Promise<{ expired: HoldDoc[]; readied: HoldDoc[] }> {
  const expired: HoldDoc[] = [];
  const readied: HoldDoc[] = [];
  const seen = new Set<string>();
  for (let batch = 0; batch < 100; batch++) {
    const res = await holdsCollection()
      .where({ status: 'ready', readyUntil: _.lt(at) })
      .orderBy('readyUntil', 'asc')
      .limit(100)
      .get();
    const due = res.data.filter((h) => !seen.has(h._id));
    if (due.length === 0) break;
    for (const hold of due) {
      seen.add(hold._id);
      try {
        const done = await endHold(hold._id, 'expired', at);
        if (done.hold.status === 'expired') expired.push(done.hold);
        if (done.readied) readied.push(done.readied);
      } catch (error) {
        // One hold that cannot be ended now (a busy queue) must not stop the others: the next run retries it.
        console.error(`[expireHolds] hold ${hold._id}: not expired this time`, error);
      }
    }
  }
  return { expired, readied };
}

/** 我的预约: open holds (waiting with their place in the queue, ready with the deadline), then recent ended. */
export async function myHolds(caller: Caller): Promise<{ items: HoldItem[] }> {
  const member = requireMember(caller);
  const [open, ended] = await Promise.all([
    holdsCollection()
      .where({ memberId: member._id, status: _.in([...OPEN_HOLD_STATUSES]) })
      .orderBy('placedAt', 'asc')
      .limit(100)
      .get(),
    holdsCollection()
      .where({ memberId: member._id, status: _.in([...ENDED_HOLD_STATUSES]) })
      .orderBy('endedAt', 'desc')
      .limit(RECENT_ENDED)
      .get(),
  ]);
  const openItems = await Promise.all(open.data.map(itemOf));
  const ready = openItems.filter((h) => h.status === 'ready');
  const waiting = openItems.filter((h) => h.status === 'waiting');
  return { items: [...ready, ...waiting, ...ended.data.map((h) => toHoldItem(h))] };
}

// ——— staff lists ———

export function toStaffHold(hold: HoldDoc, availableBarcodes?: string[]): StaffHold {
  return {
    ...toHold(hold),
    memberCode: hold.memberCode,
    ...(availableBarcodes ? { availableBarcodes } : {}),
  };
}

/** Ready holds by pickup deadline (the hold shelf). */
export async function awaitingPickup(input: { page: number; pageSize: number }): Promise<Page<StaffHold>> {
  const page = await readPage(
    holdsCollection().where({ status: 'ready' }).orderBy('readyUntil', 'asc'),
    input,
  );
  return { items: page.items.map((h) => toStaffHold(h)), hasMore: page.hasMore };
}
