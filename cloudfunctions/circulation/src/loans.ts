/**
 * Loans: borrow (self-service), lend (the desk), return, renew, and 我的借阅.
 *
 * Lending and returning change a copy, so each is ONE changeCopy transaction (_shared/copy-status.ts),
 * in this order, whatever the path (every transaction meets the others on the same documents first):
 *
 *   1. the copy                 — its status allows the change (else FAILED_PRECONDITION)
 *   2. its book                 — counts
 *   3. the member               — account active, borrowing suspension, `loanCount` against the rule's
 *                                 maxLoans (lend: a librarian's `override` passes the last two)
 *   4. the loan                 — borrow: the request's derived loan id (a replay answers that loan);
 *                                 return: the active loan, which must still be active
 *   5. the hold                 — borrow: the member's hold on the book is fulfilled; return: the book's
 *                                 first waiting hold becomes ready (queue.ts)
 *   then the writes: member (`loanCount` ±1, suspension), loan (add / returned), hold, copy, book counts.
 *
 * All of it commits or nothing does; a conflict (another transaction changed any of these documents
 * since this one started) re-runs the whole thing (transaction.ts), so the checks always see the
 * committed state: the last copy goes to one borrower, `loanCount` never passes maxLoans.
 *
 * Renewal changes only the loan: one conditional update (where still active with the renewals it had).
 *
 * Overdue loans cannot be renewed: the member brings the book back (and a late return may earn a
 * borrowing suspension); renewing would hide the lateness.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_LOAN_RULE, type CirculationSettings, type LoanRule } from '../../../typings/entities';
import type { LoanItem, ReturnResult } from '../../../typings/functions/circulation';
import type { Page } from '../../../typings/functions/user';
import { logAudit } from '../../_shared/audit';
import { normaliseBarcode } from '../../_shared/books';
import type { Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { changeCopy, statusName } from '../../_shared/copy-status';
import { findById } from '../../_shared/docs';
import {
  AppError,
  failedPrecondition,
  forbidden,
  notFound,
  resourceExhausted,
  unauthenticated,
} from '../../_shared/errors';
import { memberIdFor } from '../../_shared/members';
import { txFindById } from '../../_shared/transaction';
import { derivedId } from '../../_shared/ids';
import { daysLate, endOfChinaDay, isOverdue } from './dates';
import {
  activeLoan,
  HOLDS,
  LOANS,
  MEMBERS,
  copiesCollection,
  holdsCollection,
  iso,
  loansCollection,
  toLoan,
  type CirculationCopyDoc,
  type CirculationMemberDoc,
  type HoldDoc,
  type LoanDoc,
} from './docs';
import { announceReady, readyInTransaction, shelfFields, waitingCount, withFirstWaiting } from './queue';
import { readSettings, ruleFor } from './rules';

export async function copyByBarcode(barcode: string): Promise<CirculationCopyDoc> {
  const code = normaliseBarcode(barcode);
  const res = await copiesCollection().where({ barcode: code }).limit(1).get();
  const copy = res.data[0];
  if (!copy) throw notFound(`没有条码为 ${code} 的复本`);
  return copy;
}

// ——— 我的借阅 items ———

/** Why `renew` would refuse this loan now (null: it would renew). */
export function renewRefusal(loan: LoanDoc, rule: LoanRule, waiting: number, at: Date): AppError | null {
  if (loan.status !== 'active') return failedPrecondition('这本书已经归还');
  if (isOverdue(loan.dueAt, at)) return failedPrecondition('已逾期，不能续借，请尽快到服务台归还');
  if (loan.renewals >= rule.renewals) {
    return resourceExhausted(
      rule.renewals === 0 ? '您所在的人员类别不能续借' : `已续借 ${loan.renewals} 次，不能再续借`,
    );
  }
  if (rule.noRenewalWhenHeld && waiting > 0) return failedPrecondition('有其他读者在预约这本书，不能续借');
  return null;
}

export function toLoanItem(loan: LoanDoc, rule: LoanRule, waiting: number, at: Date): LoanItem {
  const refusal = renewRefusal(loan, rule, waiting, at);
  return {
    _id: loan._id,
    bookId: loan.bookId,
    title: loan.title,
    barcode: loan.barcode,
    borrowedAt: iso(loan.borrowedAt),
    dueAt: iso(loan.dueAt),
    renewals: loan.renewals,
    status: loan.status,
    ...(loan.returnedAt ? { returnedAt: iso(loan.returnedAt) } : {}),
    overdue: loan.status === 'active' && isOverdue(loan.dueAt, at),
    renewable: refusal === null,
    ...(refusal && loan.status === 'active' ? { renewRefusal: refusal.message } : {}),
  };
}

/** Loan items of one member, with the waiting counts their renewability needs (active loans only). */
export async function loanItems(loans: LoanDoc[], rule: LoanRule, at: Date): Promise<LoanItem[]> {
  const needsQueue = rule.noRenewalWhenHeld;
  const books = [...new Set(loans.filter((l) => l.status === 'active').map((l) => l.bookId))];
  const counts = new Map<string, number>();
  if (needsQueue) {
    await Promise.all(books.map(async (bookId) => counts.set(bookId, await waitingCount(bookId))));
  }
  return loans.map((loan) => toLoanItem(loan, rule, counts.get(loan.bookId) ?? 0, at));
}

/** A member's current loans, due first (a member has at most maxLoans, plus staff overrides). */
export async function activeLoans(memberId: string): Promise<LoanDoc[]> {
  const res = await loansCollection()
    .where({ memberId, status: 'active' })
    .orderBy('dueAt', 'asc')
    .limit(100)
    .get();
  return res.data;
}

/** 我的借阅: current loans (due first), then history (returned most recently first), paged as one list. */
export async function myLoans(
  input: { page: number; pageSize: number },
  caller: Caller,
): Promise<Page<LoanItem>> {
  const member = requireMember(caller);
  const [settings, active] = await Promise.all([readSettings(), activeLoans(member._id)]);
  const rule = ruleFor(settings, member.category);
  const start = (input.page - 1) * input.pageSize;
  const end = start + input.pageSize;
  const fromActive = active.slice(start, end);
  // history fills the rest of the page, plus one more document: is there a next page?
  const historySkip = Math.max(0, start - active.length);
  const historyWanted = Math.max(0, end - Math.max(start, active.length)) + 1;
  const history = (
    await loansCollection()
      .where({ memberId: member._id, status: 'returned' })
      .orderBy('returnedAt', 'desc')
      .skip(historySkip)
      .limit(historyWanted)
      .get()
  ).data;
  const page = [...fromActive, ...history];
  const items = await loanItems(page.slice(0, input.pageSize), rule, now());
  return { items, hasMore: page.length > input.pageSize };
}

function requireMember(caller: Caller): CirculationMemberDoc {
  if (!caller.member) throw unauthenticated();
  return caller.member;
}

// ——— lending ———

export interface LoanRequest {
  /** The borrower as read before the transaction (the caller, or the member the desk scanned). */
  member: CirculationMemberDoc;
  barcode: string;
  requestId?: string;
  /** Lending at the desk: the librarian, and their reason to pass the member's limit or suspension. */
  staff?: { caller: Caller; override?: string };
  /** The settings, when the caller has read them already. */
  settings?: CirculationSettings;
}

/** A replayed request: the loan its first attempt created. */
class Replay extends Error {
  constructor(readonly loan: LoanDoc) {
    super('replayed request');
    this.name = 'Replay';
  }
}

type Override = 'limit' | 'suspension';

/** The member may borrow now under `rule` (throws why not); answers the overrides the staff's reason used. */
function checkBorrower(
  member: CirculationMemberDoc,
  rule: LoanRule,
  at: Date,
  override: string | undefined,
): Override[] {
  if (member.status === 'pending') throw forbidden(`读者 ${member.name} 的账号正在等待审核，不能借阅`);
  if (member.status !== 'active') throw forbidden(`读者 ${member.name} 的账号已被停用，不能借阅`);
  const used: Override[] = [];
  const suspendedUntil = member.borrowingSuspendedUntil;
  if (suspendedUntil && new Date(suspendedUntil).getTime() > at.getTime()) {
    if (!override) {
      throw forbidden(`因逾期归还，暂停借阅至 ${iso(suspendedUntil).slice(0, 10)}`);
    }
    used.push('suspension');
  }
  const count = member.loanCount ?? 0;
  if (count >= rule.maxLoans) {
    if (!override) throw resourceExhausted(`已借 ${count} 册，达到可借上限 ${rule.maxLoans} 册，请先归还`);
    used.push('limit');
  }
  return used;
}

function newLoanId(memberId: string, requestId: string | undefined): string {
  return requestId ? derivedId('l', [memberId, 'loan', requestId]) : 'l' + randomBytes(15).toString('hex');
}

/**
 * Lends a copy to a member (borrow and lend). A repeated request id answers the loan of the first
 * attempt and changes nothing: the loan's id is derived from the member and the request id, read before
 * and inside the transaction, and asked again when the copy turned out to be lent already.
 */
export async function createLoan(req: LoanRequest): Promise<LoanDoc> {
  const { member, requestId } = req;
  const loanId = newLoanId(member._id, requestId);
  if (requestId) {
    const first = await findById<LoanDoc>(LOANS, loanId);
    if (first) return first;
  }
  const [settings, copy] = await Promise.all([req.settings ?? readSettings(), copyByBarcode(req.barcode)]);
  const rule = ruleFor(settings, member.category);
  const override = req.staff?.override;
  const at = now();
  checkBorrower(member, rule, at, override); // early refusal; checked again on the transaction's read
  const mine = await holdsCollection()
    .where({ memberId: member._id, bookId: copy.bookId, status: _.in(['waiting', 'ready']) })
    .limit(10)
    .get();

  let result;
  try {
    result = await changeCopy(
      {
        copyId: copy._id,
        from: ['available', 'onHoldShelf'],
        to: 'onLoan',
        set: { loanId, memberId: member._id, holdId: _.remove() },
        refuse: (c) => failedPrecondition(`这一册（${c.barcode}）${statusName(c.status)}，不能借阅`),
      },
      async ({ tx, copy: current, book }) => {
        const heldFor = current.status === 'onHoldShelf' ? (current as CirculationCopyDoc) : null;
        if (heldFor && heldFor.memberId !== member._id) {
          throw failedPrecondition(`这一册（${current.barcode}）已为预约的读者留在预约架上，不能借阅`);
        }
        const borrower = await txFindById<CirculationMemberDoc>(tx, MEMBERS, member._id);
        if (!borrower) throw notFound('读者不存在');
        if (requestId) {
          const replay = await txFindById<LoanDoc>(tx, LOANS, loanId);
          if (replay) throw new Replay(replay);
        }
        const overrides = checkBorrower(borrower, rule, at, override);

        const readyElsewhere = mine.data.find((h) => h.status === 'ready' && h.copyId !== current._id);
        if (!heldFor && readyElsewhere) {
          throw failedPrecondition(
            `《${book.title}》已为您留在预约架上（条码 ${readyElsewhere.barcode ?? ''}），请借阅那一册`,
          );
        }
        const holdId = heldFor ? heldFor.holdId : mine.data.find((h) => h.status === 'waiting')?._id;
        const hold = holdId ? await txFindById<HoldDoc>(tx, HOLDS, holdId) : null;

        await tx
          .collection<CirculationMemberDoc>(MEMBERS)
          .doc(borrower._id)
          .update({ data: { loanCount: (borrower.loanCount ?? 0) + 1, updatedAt: at } });
        const loan = activeLoan(
          loanId,
          borrower,
          book,
          current,
          at,
          rule,
          req.staff ? memberIdFor(req.staff.caller.openid) : undefined,
        );
        await tx.collection<LoanDoc>(LOANS).add({ data: loan });
        if (
          hold &&
          hold.memberId === borrower._id &&
          (hold.status === 'ready' || hold.status === 'waiting')
        ) {
          await tx
            .collection<HoldDoc>(HOLDS)
            .doc(hold._id)
            .update({ data: { status: 'fulfilled', endedAt: at, updatedAt: at } });
        }
        return { loan, overrides };
      },
    );
  } catch (error) {
    if (error instanceof Replay) return error.loan;
    if (requestId && error instanceof AppError) {
      // A concurrent attempt of the same request may have lent the copy first.
      const first = await findById<LoanDoc>(LOANS, loanId);
      if (first) return first;
    }
    throw error;
  }
  const { loan, overrides } = result.also;
  if (req.staff && overrides.length > 0) {
    await logAudit({
      actorOpenid: req.staff.caller.openid,
      action: 'lendOverride',
      targetId: loan._id,
      detail: { memberId: member._id, barcode: loan.barcode, overrides, loanCount: member.loanCount ?? 0 },
      reason: override ?? '',
    });
  }
  return loan;
}

/** The loan as the member's item (rule of their category; waiting count for its renewability). */
export async function describeLoan(loan: LoanDoc, category: string, settings?: CirculationSettings) {
  const rule = ruleFor(settings ?? (await readSettings()), category);
  const [item] = await loanItems([loan], rule, now());
  return item as LoanItem;
}

// ——— renewal ———

export async function renew(
  input: { loanId: string; requestId?: string },
  caller: Caller,
): Promise<LoanItem> {
  const member = requireMember(caller);
  const { requestId } = input;
  const loan = await findById<LoanDoc>(LOANS, input.loanId);
  if (!loan || loan.memberId !== member._id) throw notFound('借阅记录不存在');
  const settings = await readSettings();
  const rule = ruleFor(settings, member.category);
  const at = now();
  const waiting = rule.noRenewalWhenHeld && loan.status === 'active' ? await waitingCount(loan.bookId) : 0;
  const renewedBy = (doc: LoanDoc) =>
    requestId !== undefined && (doc.renewRequestIds ?? []).includes(requestId);
  if (renewedBy(loan)) return toLoanItem(loan, rule, waiting, at);
  const refusal = renewRefusal(loan, rule, waiting, at);
  if (refusal) throw refusal;
  const dueAt = endOfChinaDay(new Date(loan.dueAt), rule.renewalDays);
  const res = await loansCollection()
    .where({ _id: loan._id, status: 'active', renewals: loan.renewals })
    .update({
      data: {
        renewals: loan.renewals + 1,
        dueAt,
        updatedAt: at,
        ...(requestId ? { renewRequestIds: _.push([requestId]) } : {}),
      },
    });
  if (res.stats.updated !== 1) {
    // a concurrent retry of this very renewal won the update: answer what it did
    const latest = await findById<LoanDoc>(LOANS, loan._id);
    if (latest && renewedBy(latest)) return toLoanItem(latest, rule, waiting, at);
    throw failedPrecondition('这条借阅刚刚有了变化，请刷新后再试');
  }
  return toLoanItem({ ...loan, renewals: loan.renewals + 1, dueAt }, rule, waiting, at);
}

// ——— return ———

/**
 * Returns a copy at the desk. On loan: the loan ends (days late; a suspension when the rule gives one),
 * the member's loan count goes down, and the copy goes on the hold shelf for the first waiting member,
 * else back on the shelf. A copy on the shelf while members wait (holds to pull) is put on the hold shelf
 * for the first of them (answered without a loan).
 */
export async function returnCopy(barcode: string, caller: Caller): Promise<ReturnResult> {
  const copy = await copyByBarcode(barcode);
  const settings = await readSettings();
  if (copy.status !== 'onLoan') {
    throw failedPrecondition(`这一册（${copy.barcode}）${statusName(copy.status)}，没有借出，无需归还`);
  }
  const loan = await loanOfCopy(copy);

  const done = await withFirstWaiting(copy.bookId, (candidate) =>
    changeCopy(
      {
        copyId: copy._id,
        from: ['onLoan'],
        to: candidate ? 'onHoldShelf' : 'available',
        set: shelfFields(candidate),
      },
      async ({ tx, copy: current }) => {
        const at = now();
        const member = await txFindById<CirculationMemberDoc>(tx, MEMBERS, loan.memberId);
        const active = await txFindById<LoanDoc>(tx, LOANS, loan._id);
        if (!active || active.status !== 'active' || active.copyId !== current._id) {
          throw failedPrecondition('这一册刚刚已办理归还');
        }
        const hold = candidate ? await readyInTransaction(tx, candidate._id, current, settings, at) : null;

        const late = daysLate(new Date(active.dueAt), at);
        const rule = member ? ruleFor(settings, member.category) : DEFAULT_LOAN_RULE;
        let suspendedUntil: Date | undefined;
        if (member) {
          const patch: Record<string, unknown> = {
            loanCount: Math.max(0, (member.loanCount ?? 1) - 1),
            updatedAt: at,
          };
          if (late > 0 && rule.overdueSuspensionDays > 0) {
            const earned = endOfChinaDay(at, rule.overdueSuspensionDays);
            const current = member.borrowingSuspendedUntil ? new Date(member.borrowingSuspendedUntil) : null;
            suspendedUntil = current && current > earned ? current : earned;
            patch.borrowingSuspendedUntil = suspendedUntil;
          }
          await tx.collection<CirculationMemberDoc>(MEMBERS).doc(member._id).update({ data: patch });
        }
        const ended = { status: 'returned' as const, returnedAt: at, daysLate: late, updatedAt: at };
        await tx.collection<LoanDoc>(LOANS).doc(active._id).update({ data: ended });
        return { loan: { ...active, ...ended }, hold, late, suspendedUntil };
      },
    ),
  );
  const { hold, late, suspendedUntil } = done.also;
  await logAudit({
    actorOpenid: caller.openid,
    action: 'return',
    targetId: loan._id,
    detail: { barcode: copy.barcode, memberId: loan.memberId, daysLate: late, holdId: hold?._id ?? '' },
  });
  await announceReady([hold]);
  return {
    loan: toLoan(done.also.loan),
    daysLate: late,
    ...(suspendedUntil ? { suspendedUntil: iso(suspendedUntil) } : {}),
    ...(hold ? { hold: holdSummary(hold) } : {}),
  };
}

function holdSummary(hold: HoldDoc): NonNullable<ReturnResult['hold']> {
  return {
    holdId: hold._id,
    memberName: hold.memberName,
    readyUntil: iso(hold.readyUntil ?? hold.updatedAt),
  };
}

/** The active loan of a copy on loan (named on the copy; older data: looked up). */
async function loanOfCopy(copy: CirculationCopyDoc): Promise<LoanDoc> {
  if (copy.loanId) {
    const loan = await findById<LoanDoc>(LOANS, copy.loanId);
    if (loan && loan.status === 'active') return loan;
  }
  const res = await loansCollection().where({ copyId: copy._id, status: 'active' }).limit(1).get();
  const loan = res.data[0];
  if (!loan) throw failedPrecondition(`找不到这一册（${copy.barcode}）的借阅记录，请核对条码`);
  return loan;
}

/**
 * A copy on the shelf scanned at the desk for the first waiting member ("holds to pull"): it goes on the
 * hold shelf for them, ready until the pickup deadline.
 */
export async function pullForHold(barcode: string, caller: Caller): Promise<HoldDoc> {
  const copy = await copyByBarcode(barcode);
  const settings = await readSettings();
  const done = await withFirstWaiting(copy.bookId, (candidate) => {
    if (!candidate) throw failedPrecondition(`这一册（${copy.barcode}）所属的图书没有读者在排队预约`);
    return changeCopy(
      {
        copyId: copy._id,
        from: ['available'],
        to: 'onHoldShelf',
        set: shelfFields(candidate),
        refuse: (c) => failedPrecondition(`这一册（${c.barcode}）${statusName(c.status)}，不在架上`),
      },
      ({ tx, copy: current }) => readyInTransaction(tx, candidate._id, current, settings, now()),
    );
  });
  await logAudit({
    actorOpenid: caller.openid,
    action: 'pull',
    targetId: done.also._id,
    detail: { barcode: copy.barcode, memberId: done.also.memberId },
  });
  await announceReady([done.also]);
  return done.also;
}
