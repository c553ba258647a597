/**
 * The demo circulation (the seed's `circulation` part), relative to the seed time, so that 我的借阅,
 * 我的预约, the desk, 逾期 and 预约 have something to show on a fresh `npm start`:
 *
 * - 陈志远 (demo-member): 《乡土中国》 borrowed by scanning 12 days ago; 《万历十五年》 lent at the desk
 *   34 days ago, now overdue; two returned loans in his history; waiting first in line for 《资本论》.
 * - 刘晓燕 (demo-student): 《资本论》 (its only copy) borrowed 5 days ago; a copy of 《国家与革命》
 *   waiting for her on the hold shelf.
 * - 王建国 (demo-admin): the other copy of 《国家与革命》, lent at the desk 20 days ago.
 *
 * Written as the circulation function writes them (cloudfunctions/circulation/src/docs.ts): each copy's
 * status and fields, the book's available count, the member's loan count and the loan or hold together.
 * A book the catalogue does not have, or whose copies are no longer on the shelf (the data directory has
 * been used), is left out.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { derivedId } from '../../cloudfunctions/_shared/ids';
import { memberIdFor } from '../../cloudfunctions/_shared/members';
import {
  activeLoan,
  waitingHold,
  type CirculationCopyDoc,
  type CirculationMemberDoc,
  type LoanDoc,
} from '../../cloudfunctions/circulation/src/docs';
import { readyPatch } from '../../cloudfunctions/circulation/src/queue';
import { DEFAULT_LOAN_RULE } from '../../typings/entities';
import type { BookDoc } from '../../cloudfunctions/_shared/books';
import type { Store } from '../local-cloud/store';

const DAY = 24 * 3600_000;

interface DemoLoan {
  openid: string;
  title: string;
  daysAgo: number;
  /** Lent at the desk by this member (absent: borrowed by scanning). */
  lentBy?: string;
  /** Returned this many days ago (absent: still on loan). */
  returnedDaysAgo?: number;
}

interface DemoHold {
  openid: string;
  title: string;
  daysAgo: number;
  /** Set aside on the hold shelf this many days ago (absent: waiting in line). */
  readyDaysAgo?: number;
}

const DEMO_LOANS: DemoLoan[] = [
  { openid: 'demo-member', title: '共产党宣言', daysAgo: 60, returnedDaysAgo: 41 },
  { openid: 'demo-member', title: '长征', daysAgo: 40, lentBy: 'demo-librarian', returnedDaysAgo: 15 },
  { openid: 'demo-member', title: '万历十五年', daysAgo: 34, lentBy: 'demo-librarian' },
  { openid: 'demo-member', title: '乡土中国', daysAgo: 12 },
  { openid: 'demo-student', title: '资本论', daysAgo: 5 },
  { openid: 'demo-admin', title: '国家与革命', daysAgo: 20, lentBy: 'demo-librarian' },
];

const DEMO_HOLDS: DemoHold[] = [
  { openid: 'demo-member', title: '资本论', daysAgo: 3 },
  { openid: 'demo-student', title: '国家与革命', daysAgo: 9, readyDaysAgo: 1 },
];

interface Ctx {
  store: Store;
  at: Date;
  members: Map<string, CirculationMemberDoc>;
}

const COPIES = COLLECTIONS.copies.name;
const BOOKS = COLLECTIONS.books.name;

/** The starter book of that title; null when this data directory's catalogue does not have it. */
async function bookTitled(store: Store, title: string): Promise<BookDoc | null> {
  const [book] = await store.find<BookDoc>(BOOKS, { title }, { limit: 1 });
  return book ?? null;
}

/** Takes a copy of the book off the shelf into `status` with `fields`; null when none is on the shelf. */
async function takeCopy(
  ctx: Ctx,
  book: BookDoc,
  status: 'onLoan' | 'onHoldShelf',
  fields: (copy: CirculationCopyDoc) => Partial<CirculationCopyDoc>,
): Promise<CirculationCopyDoc | null> {
  const [copy] = await ctx.store.find<CirculationCopyDoc>(
    COPIES,
    { bookId: book._id, status: 'available' },
    { sort: { barcode: 1 }, limit: 1 },
  );
  if (!copy) return null;
  const set = { ...fields(copy), status, updatedAt: ctx.at };
  await ctx.store.update(COPIES, { _id: copy._id, status: 'available' }, { $set: set });
  await ctx.store.update(BOOKS, { _id: book._id }, { $inc: { available: -1 } });
  return { ...copy, ...set };
}

function memberOf(ctx: Ctx, openid: string): CirculationMemberDoc {
  const member = ctx.members.get(openid);
  if (!member) throw new Error(`demo circulation: no demo member ${openid}`);
  return member;
}

async function seedLoan(ctx: Ctx, spec: DemoLoan, index: number): Promise<void> {
  const member = memberOf(ctx, spec.openid);
  const book = await bookTitled(ctx.store, spec.title);
  if (!book) return;
  const borrowedAt = new Date(ctx.at.getTime() - spec.daysAgo * DAY);
  const loanId = derivedId('l', ['demo', 'loan', index]);
  const lentBy = spec.lentBy ? memberIdFor(spec.lentBy) : undefined;
  if (spec.returnedDaysAgo !== undefined) {
    const [copy] = await ctx.store.find<CirculationCopyDoc>(COPIES, { bookId: book._id }, { limit: 1 });
    if (!copy) return;
    const returnedAt = new Date(ctx.at.getTime() - spec.returnedDaysAgo * DAY);
    const loan: LoanDoc = {
      ...activeLoan(loanId, member, book, copy, borrowedAt, DEFAULT_LOAN_RULE, lentBy),
      status: 'returned',
      returnedAt,
      daysLate: 0,
      updatedAt: returnedAt,
    };
    await ctx.store.insert(COLLECTIONS.loans.name, loan);
    return;
  }
  const copy = await takeCopy(ctx, book, 'onLoan', () => ({ loanId, memberId: member._id }));
  if (!copy) return;
  const loan = activeLoan(loanId, member, book, copy, borrowedAt, DEFAULT_LOAN_RULE, lentBy);
  await ctx.store.insert(COLLECTIONS.loans.name, loan);
  member.loanCount = (member.loanCount ?? 0) + 1;
  await ctx.store.update(
    COLLECTIONS.members.name,
    { _id: member._id },
    { $set: { loanCount: member.loanCount, updatedAt: ctx.at } },
  );
}

async function seedHold(ctx: Ctx, spec: DemoHold): Promise<void> {
  const member = memberOf(ctx, spec.openid);
  const book = await bookTitled(ctx.store, spec.title);
  if (!book) return;
  const placedAt = new Date(ctx.at.getTime() - spec.daysAgo * DAY);
  const hold = waitingHold(derivedId('h', [member._id, 'hold', book._id, 0]), member, book, placedAt);
  if (spec.readyDaysAgo !== undefined) {
    const copy = await takeCopy(ctx, book, 'onHoldShelf', () => ({ holdId: hold._id, memberId: member._id }));
    if (!copy) return;
    const readyAt = new Date(ctx.at.getTime() - spec.readyDaysAgo * DAY);
    Object.assign(hold, readyPatch(copy, readyAt, DEFAULT_LOAN_RULE));
  }
  await ctx.store.insert(COLLECTIONS.holds.name, hold);
}

export async function seedCirculation(store: Store, at = new Date()): Promise<void> {
  const openids = [...new Set([...DEMO_LOANS, ...DEMO_HOLDS].map((s) => s.openid))];
  const found = await store.find<CirculationMemberDoc>(COLLECTIONS.members.name, {
    _id: { $in: openids.map(memberIdFor) },
  });
  const ctx: Ctx = { store, at, members: new Map(found.map((m) => [m.openid, m])) };
  for (const [index, spec] of DEMO_LOANS.entries()) await seedLoan(ctx, spec, index);
  for (const spec of DEMO_HOLDS) await seedHold(ctx, spec);
}
