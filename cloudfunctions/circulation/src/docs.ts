/**
 * The stored documents of circulation (loans, holds, and the fields circulation keeps on copies and
 * members), typed handles on their collections, and how they are shown to callers.
 */
import type { Hold, Loan, LoanRule } from '../../../typings/entities';
import type { HoldItem } from '../../../typings/functions/circulation';
import type { BookDoc, CopyDoc } from '../../_shared/books';
import { collection } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import type { MemberDoc } from '../../_shared/members';
import { endOfChinaDay } from './dates';
import type { CirculationReminders } from './reminders';

export const LOANS = COLLECTIONS.loans.name;
export const HOLDS = COLLECTIONS.holds.name;
export const MEMBERS = COLLECTIONS.members.name;
export const COPIES = COLLECTIONS.copies.name;
export const BOOKS = COLLECTIONS.books.name;

/** A stored loan: the API's `Loan` with real dates, plus what staff lists and reminders need. */
export interface LoanDoc extends Omit<Loan, 'borrowedAt' | 'dueAt' | 'returnedAt'> {
  memberCode: string;
  borrowedAt: Date;
  dueAt: Date;
  returnedAt?: Date;
  /** Days late at return (0 on time). */
  daysLate?: number;
  updatedAt: Date;
  /** Reminders sent or skipped for this loan (reminders.ts). */
  reminders?: CirculationReminders;
  /** The request ids of the renewals so far: a retried renew is answered, not renewed again. */
  renewRequestIds?: string[];
}

/** A stored hold: the API's `Hold` with real dates, plus the member's code and category at placing. */
export interface HoldDoc extends Omit<Hold, 'placedAt' | 'readyAt' | 'readyUntil' | 'endedAt'> {
  memberCode: string;
  /** The member category whose loan rule gives the pickup days. */
  memberCategory: string;
  placedAt: Date;
  readyAt?: Date;
  readyUntil?: Date;
  endedAt?: Date;
  updatedAt: Date;
  reminders?: CirculationReminders;
}

/**
 * A copy as circulation sees it: while on loan it names the loan and the member; while on the hold shelf,
 * the hold and the member it is set aside for. The fields are removed when the copy is back on the shelf.
 */
export interface CirculationCopyDoc extends CopyDoc {
  loanId?: string;
  holdId?: string;
  memberId?: string;
}

/** A member as circulation sees it: current loans counted, borrowing suspension after late returns. */
export interface CirculationMemberDoc extends MemberDoc {
  /** Current (active) loans; changed only inside the transactions that lend and return. */
  loanCount?: number;
  borrowingSuspendedUntil?: Date;
}

/** A hold as placed: waiting in the book's queue from `at`. */
export function waitingHold(
  holdId: string,
  member: Pick<MemberDoc, '_id' | 'name' | 'memberCode' | 'category'>,
  book: Pick<BookDoc, '_id' | 'title'>,
  at: Date,
): HoldDoc {
  return {
    _id: holdId,
    memberId: member._id,
    memberName: member.name,
    memberCode: member.memberCode,
    memberCategory: member.category,
    bookId: book._id,
    title: book.title,
    status: 'waiting',
    placedAt: at,
    updatedAt: at,
  };
}

/**
 * A loan as lent: `copy` of `book` to `member` from `at`, due at the end of the China day `rule.loanDays`
 * later; `lentBy` the member id of the staff who lent it at the desk.
 */
export function activeLoan(
  loanId: string,
  member: Pick<MemberDoc, '_id' | 'name' | 'memberCode'>,
  book: Pick<BookDoc, '_id' | 'title'>,
  copy: Pick<CopyDoc, '_id' | 'barcode'>,
  at: Date,
  rule: Pick<LoanRule, 'loanDays'>,
  lentBy?: string,
): LoanDoc {
  return {
    _id: loanId,
    memberId: member._id,
    memberName: member.name,
    memberCode: member.memberCode,
    bookId: book._id,
    title: book.title,
    copyId: copy._id,
    barcode: copy.barcode,
    borrowedAt: at,
    dueAt: endOfChinaDay(at, rule.loanDays),
    renewals: 0,
    status: 'active',
    updatedAt: at,
    ...(lentBy ? { lentBy } : {}),
  };
}

export const loansCollection = () => collection<LoanDoc>(LOANS);
export const holdsCollection = () => collection<HoldDoc>(HOLDS);
export const membersCollection = () => collection<CirculationMemberDoc>(MEMBERS);
export const copiesCollection = () => collection<CirculationCopyDoc>(COPIES);

export const OPEN_HOLD_STATUSES = ['waiting', 'ready'] as const;
export const ENDED_HOLD_STATUSES = ['fulfilled', 'expired', 'cancelled'] as const;

export function iso(date: Date | string): string {
  return new Date(date).toISOString();
}

/** A loan as the contract's `Loan`. */
export function toLoan(doc: LoanDoc): Loan {
  return {
    _id: doc._id,
    memberId: doc.memberId,
    memberName: doc.memberName,
    bookId: doc.bookId,
    title: doc.title,
    copyId: doc.copyId,
    barcode: doc.barcode,
    borrowedAt: iso(doc.borrowedAt),
    dueAt: iso(doc.dueAt),
    renewals: doc.renewals,
    status: doc.status,
    ...(doc.returnedAt ? { returnedAt: iso(doc.returnedAt) } : {}),
    ...(doc.lentBy ? { lentBy: doc.lentBy } : {}),
  };
}

/** A hold as the contract's `Hold`. */
export function toHold(doc: HoldDoc): Hold {
  const dates: Partial<Pick<Hold, 'readyAt' | 'readyUntil' | 'endedAt'>> = {};
  if (doc.readyAt) dates.readyAt = iso(doc.readyAt);
  if (doc.readyUntil) dates.readyUntil = iso(doc.readyUntil);
  if (doc.endedAt) dates.endedAt = iso(doc.endedAt);
  return {
    _id: doc._id,
    memberId: doc.memberId,
    memberName: doc.memberName,
    bookId: doc.bookId,
    title: doc.title,
    status: doc.status,
    placedAt: iso(doc.placedAt),
    ...(doc.copyId ? { copyId: doc.copyId } : {}),
    ...(doc.barcode ? { barcode: doc.barcode } : {}),
    ...dates,
  };
}

/** A hold as 我的预约 shows it (`position`: for a waiting hold, its place in the queue). */
export function toHoldItem(doc: HoldDoc, position?: number): HoldItem {
  const item: HoldItem = {
    _id: doc._id,
    bookId: doc.bookId,
    title: doc.title,
    status: doc.status,
    placedAt: iso(doc.placedAt),
  };
  if (doc.status === 'waiting' && position !== undefined) item.position = position;
  if (doc.status === 'ready') {
    if (doc.readyUntil) item.readyUntil = iso(doc.readyUntil);
    if (doc.barcode) item.barcode = doc.barcode;
  }
  return item;
}
