/**
 * What pages read: the book page's circulation state, the member the desk scanned, and the staff's lists
 * (overdue loans, holds to pull). Every list is paged; every read is bounded.
 */
import type {
  BookCirculation,
  DeskMember,
  OverdueLoan,
  StaffHold,
} from '../../../typings/functions/circulation';
import type { Page } from '../../../typings/functions/user';
import type { BookDoc } from '../../_shared/books';
import type { Caller } from '../../_shared/caller';
import { _, collection } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { findById, readPage } from '../../_shared/docs';
import { notFound } from '../../_shared/errors';
import { daysLate } from './dates';
import {
  BOOKS,
  copiesCollection,
  holdsCollection,
  iso,
  loansCollection,
  membersCollection,
  toLoan,
  toHoldItem,
  type CirculationMemberDoc,
  type HoldDoc,
} from './docs';
import { itemOf, toStaffHold } from './holds';
import { activeLoans, loanItems } from './loans';
import { waitingCount } from './queue';
import { lastOverdueReminder } from './reminders';
import { readSettings, ruleFor } from './rules';

type PageInput = { page: number; pageSize: number };

/** The book page: copies on the shelf, the queue's length, the caller's loan and hold, what they may do. */
export async function bookCirculation(bookId: string, caller: Caller): Promise<BookCirculation> {
  const [book, settings, waiting] = await Promise.all([
    findById<BookDoc>(BOOKS, bookId),
    readSettings(),
    waitingCount(bookId),
  ]);
  if (!book) throw notFound('图书不存在');
  const member = caller.member;
  const base = { available: book.available ?? 0, waiting, selfServiceBorrow: settings.selfServiceBorrow };
  if (!member) return { ...base, myLoan: null, myHold: null, canHold: false };
  const [loans, holds] = await Promise.all([
    loansCollection().where({ memberId: member._id, status: 'active', bookId }).limit(1).get(),
    holdsCollection()
      .where({ memberId: member._id, bookId, status: _.in(['waiting', 'ready']) })
      .limit(1)
      .get(),
  ]);
  const rule = ruleFor(settings, member.category);
  const [myLoan] = await loanItems(loans.data, rule, now());
  const hold = holds.data[0];
  return {
    ...base,
    myLoan: myLoan ?? null,
    myHold: hold ? await itemOf(hold) : null,
    canHold: member.status === 'active' && base.available === 0 && (book.total ?? 0) > 0 && !myLoan && !hold,
  };
}

/** The member with this code (scanned from 我的 at the desk). */
export async function memberByCode(memberCode: string): Promise<CirculationMemberDoc> {
  const res = await membersCollection().where({ memberCode }).limit(1).get();
  const member = res.data[0];
  if (!member) throw notFound('没有找到这个读者，请核对读者码');
  return member;
}

/** The member the desk scanned: who, their rule, current loans, copies waiting for them on the hold shelf. */
export async function deskMember(memberCode: string): Promise<DeskMember> {
  const member = await memberByCode(memberCode);
  const [settings, loans, ready] = await Promise.all([
    readSettings(),
    activeLoans(member._id),
    holdsCollection().where({ memberId: member._id, status: 'ready' }).limit(100).get(),
  ]);
  const rule = ruleFor(settings, member.category);
  const suspended = member.borrowingSuspendedUntil;
  return {
    memberId: member._id,
    name: member.name,
    branchName: member.branchName,
    category: member.category,
    status: member.status,
    rule,
    loans: await loanItems(loans, rule, now()),
    readyHolds: ready.data.map((h) => toHoldItem(h)),
    ...(suspended && new Date(suspended) > now() ? { borrowingSuspendedUntil: iso(suspended) } : {}),
  };
}

/** Active loans past their due date, the longest overdue first. */
export async function overdue(input: PageInput): Promise<Page<OverdueLoan>> {
  const at = now();
  const page = await readPage(
    loansCollection()
      .where({ status: 'active', dueAt: _.lt(at) })
      .orderBy('dueAt', 'asc'),
    input,
  );
  const items = page.items.map((loan): OverdueLoan => {
    const reminded = lastOverdueReminder(loan.reminders);
    return {
      ...toLoan(loan),
      daysLate: daysLate(new Date(loan.dueAt), at),
      memberCode: loan.memberCode,
      ...(reminded ? { remindedAt: iso(reminded) } : {}),
    };
  });
  return { items, hasMore: page.hasMore };
}

/** Waiting holds read per batch while looking for those whose book has a copy on the shelf. */
const PULL_BATCH = 200;
/** At most this many waiting holds are looked at for one page (a reading room has far fewer). */
const PULL_SCAN_LIMIT = 5000;

/**
 * Holds to pull: waiting holds, first placed first, whose book has a copy on the shelf now (a copy that
 * came back to the shelf without passing the desk: repaired, found, added). Staff take the copy from
 * the shelf and scan it at the desk (`return`), which sets it aside for the first in line.
 */
export async function holdsToPull(input: PageInput): Promise<Page<StaffHold>> {
  const wanted = input.page * input.pageSize + 1;
  const found: HoldDoc[] = [];
  for (let skip = 0; skip < PULL_SCAN_LIMIT && found.length < wanted; skip += PULL_BATCH) {
    const batch = (
      await holdsCollection()
        .where({ status: 'waiting' })
        .orderBy('placedAt', 'asc')
        .skip(skip)
        .limit(PULL_BATCH)
        .get()
    ).data;
    const bookIds = [...new Set(batch.map((h) => h.bookId))];
    if (bookIds.length > 0) {
      const books = await collection<BookDoc>(BOOKS)
        .where({ _id: _.in(bookIds), available: _.gt(0) })
        .field({ _id: true })
        .limit(bookIds.length)
        .get();
      const onShelf = new Set(books.data.map((b) => b._id));
      found.push(...batch.filter((h) => onShelf.has(h.bookId)));
    }
    if (batch.length < PULL_BATCH) break;
  }
  const page = found.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  const barcodes = await availableBarcodes([...new Set(page.map((h) => h.bookId))]);
  return {
    items: page.map((h) => toStaffHold(h, barcodes.get(h.bookId) ?? [])),
    hasMore: found.length > input.page * input.pageSize,
  };
}

/** Barcodes of the copies on the shelf, per book. */
async function availableBarcodes(bookIds: string[]): Promise<Map<string, string[]>> {
  const byBook = new Map<string, string[]>();
  if (bookIds.length === 0) return byBook;
  const res = await copiesCollection()
    .where({ bookId: _.in(bookIds), status: 'available' })
    .field({ bookId: true, barcode: true })
    .limit(1000)
    .get();
  for (const copy of res.data) byBook.set(copy.bookId, [...(byBook.get(copy.bookId) ?? []), copy.barcode]);
  return byBook;
}
