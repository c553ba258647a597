/**
 * Reminders of the `circulation` function (docs/circulation.md, "Reminders"): consent counted per kind,
 * the daily timer job (fired by the local cloud's scheduler when the clock passes 09:00 China time, and
 * again by hand), each reminder at most once per loan or hold per kind, the outbox of the local
 * subscribeMessage.send stand-in, staff's manual remind.
 *
 * A private local cloud (its clock moves forward only, so every scenario starts from "now", whatever
 * the previous ones left the clock at), the real functions over HTTP, the outbox read from its store.
 */
import { chinaAt, chinaDayStart } from '../../cloudfunctions/_shared/china-time';
import { memberIdFor } from '../../cloudfunctions/_shared/members';
import type { ApiResult, CloudFunctions, FunctionName, RequestOf, ResponseOf } from '../../typings';
import type { ReminderKind } from '../../typings/entities';
import * as reminders from '../../cloudfunctions/circulation/src/reminders';
import { sdkEnv } from '../../scripts/local-cloud/env';
import { invoke } from '../support/cloud';
import { advanceClock, cloudNow, fireTimer, privateCloud, type PrivateCloud } from '../support/clock';

const ADMIN = 'reminders-admin';
const BRANCH = 'branch-office-1';
const HOUR = 3_600_000;

const TEMPLATES: Record<ReminderKind, string> = {
  dueSoon: 'TPL-DUE-SOON',
  overdue: 'TPL-OVERDUE',
  holdReady: 'TPL-HOLD-READY',
  holdExpiring: 'TPL-HOLD-EXPIRING',
  eventTomorrow: 'TPL-EVENT-TOMORROW',
  eventPromoted: 'TPL-EVENT-PROMOTED',
};

let cloud: PrivateCloud;
let librarian: string;
let categoryId: string;
let serial = 0;

async function call<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ApiResult<ResponseOf<CloudFunctions[F], A>>> {
  return (await invoke(fn, { action, ...(params as object) }, openid, cloud.url)) as ApiResult<
    ResponseOf<CloudFunctions[F], A>
  >;
}

async function ok<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ResponseOf<CloudFunctions[F], A>> {
  const result = await call(fn, action, params, openid);
  if (!result.ok) throw new Error(`${fn}.${action} answered ${result.error.code}: ${result.error.message}`);
  return result.data;
}

function expectError(result: unknown, code: string): string {
  expect(result).toMatchObject({ ok: false, error: { code } });
  const message = (result as { error: { message: string } }).error.message;
  expect(message).toMatch(/[\u4e00-\u9fff]/);
  return message;
}

async function member(label: string): Promise<string> {
  serial += 1;
  const openid = `reminders-${label}-${serial}`;
  await ok('user', 'register', { name: `读者${serial}`, branchId: BRANCH, category: '党员' }, openid);
  return openid;
}

/** A new book with `copies` copies; answers its id and barcodes. */
async function book(title: string, copies = 1): Promise<{ bookId: string; barcodes: string[] }> {
  serial += 1;
  const saved = await ok(
    'catalogue',
    'saveBook',
    { title: `${title}${serial}`, author: '作者', categoryId },
    ADMIN,
  );
  const added = await ok(
    'catalogue',
    'addCopies',
    { bookId: saved.book._id, count: copies, location: '一楼书架', source: 'purchase' },
    ADMIN,
  );
  return { bookId: saved.book._id, barcodes: added.copies.map((c) => c.barcode) };
}

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  sentAt: Date;
}

async function outbox(touser: string, templateId?: string): Promise<OutboxMessage[]> {
  const store = await cloud.store();
  if (!(await store.hasCollection('outbox'))) return [];
  return store.find<OutboxMessage>('outbox', { touser, ...(templateId ? { templateId } : {}) });
}

async function consents(openid: string): Promise<Partial<Record<ReminderKind, number>>> {
  const store = await cloud.store();
  const doc = await store.findOne<{ reminderConsents?: Partial<Record<ReminderKind, number>> }>('members', {
    _id: memberIdFor(openid),
  });
  return doc?.reminderConsents ?? {};
}

interface StoredReminder {
  result: string;
  reason?: string;
  at: Date;
}

async function remindersOf(
  collection: 'loans' | 'holds',
  id: string,
): Promise<Record<string, StoredReminder>> {
  const store = await cloud.store();
  const doc = await store.findOne<{ reminders?: Record<string, StoredReminder> }>(collection, { _id: id });
  return doc?.reminders ?? {};
}

/** 10:00 China time, `days` calendar days after the China day of `at` (the daily job runs at 09:00). */
function tenOClock(at: Date | string, days: number): Date {
  return chinaAt(new Date(at), days, 10);
}

/** Moves the clock to `to`; the daily job fires on the way (09:00 China time): answers its report. */
async function moveTo(to: Date): Promise<DailyReport> {
  const moved = await advanceClock(cloud.url, { to });
  const fired = moved.fired.filter((f) => f.function === 'circulation' && f.trigger === 'daily');
  expect(fired).toHaveLength(1);
  return reportOf(fired[0]?.result);
}

interface DailyReport {
  holds: { expired: number; passedOn: number };
  reminders: Record<ReminderKind, { sent: number; skipped: Record<string, number>; failed: number }>;
}

function reportOf(result: unknown): DailyReport {
  const answer = result as ApiResult<DailyReport>;
  if (!answer.ok) throw new Error(`daily failed: ${answer.error.message}`);
  return answer.data;
}

async function runDailyAgain(): Promise<DailyReport> {
  return reportOf(await fireTimer(cloud.url, 'circulation', 'daily'));
}

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN } });
  const store = await cloud.store();
  await store.update(
    'config',
    { _id: 'reminders' },
    { $set: { templates: TEMPLATES, miniprogramState: 'developer' } },
    { upsert: true },
  );
  const category = await ok('catalogue', 'saveCategory', { name: '提醒测试' }, ADMIN);
  categoryId = category.category._id;
  librarian = await member('librarian');
  const { member: staff } = await ok('user', 'me', {}, librarian);
  await ok('user', 'setRoles', { memberId: staff._id, roles: ['librarian'] }, ADMIN);
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('options and consent', () => {
  it('options answers the template ids to any WeChat user', async () => {
    const options = await ok('circulation', 'options', {}, 'reminders-stranger');
    expect(options.templates).toEqual(TEMPLATES);
    expect(typeof options.selfServiceBorrow).toBe('boolean');
  });

  it('refuses bad consent input and counts nothing', async () => {
    const openid = await member('bad-input');
    const bad: unknown[] = [
      {},
      { kinds: 'dueSoon' },
      { kinds: { dueSoon: 1 } },
      { kinds: ['dueSoon', 'birthday'] },
      { kinds: [{ $gt: '' }] },
      { kinds: ['dueSoon'], requestId: { $ne: '' } },
      { kinds: Array(9).fill('dueSoon') },
    ];
    for (const params of bad) {
      const result = await invoke(
        'circulation',
        { action: 'consent', ...(params as object) },
        openid,
        cloud.url,
      );
      expectError(result, 'INVALID_ARGUMENT');
    }
    expect(await consents(openid)).toEqual({});
    expectError(
      await call('circulation', 'consent', { kinds: ['dueSoon'] }, 'reminders-unregistered'),
      'UNAUTHENTICATED',
    );
  });

  it('counts one message per accepted kind; a retried requestId counts nothing again', async () => {
    const openid = await member('consent');
    const first = await ok(
      'circulation',
      'consent',
      { kinds: ['dueSoon', 'overdue'], requestId: 'c-1' },
      openid,
    );
    expect(first.accepted).toEqual(['dueSoon', 'overdue']);
    await ok('circulation', 'consent', { kinds: ['overdue', 'dueSoon'], requestId: 'c-1' }, openid);
    expect(await consents(openid)).toEqual({ dueSoon: 1, overdue: 1 });
    await ok('circulation', 'consent', { kinds: ['dueSoon'], requestId: 'c-2' }, openid);
    await ok('circulation', 'consent', { kinds: ['dueSoon', 'dueSoon'] }, openid);
    expect(await consents(openid)).toEqual({ dueSoon: 3, overdue: 1 });
  });

  it("does not count a kind whose template is not configured (or is another kind's)", async () => {
    const store = await cloud.store();
    await store.update('config', { _id: 'reminders' }, { $unset: { 'templates.holdExpiring': '' } });
    try {
      const openid = await member('unconfigured');
      const options = await ok('circulation', 'options', {}, openid);
      expect(options.templates.holdExpiring).toBe('');
      const answer = await ok('circulation', 'consent', { kinds: ['holdExpiring', 'holdReady'] }, openid);
      expect(answer.accepted).toEqual(['holdReady']);
      expect(await consents(openid)).toEqual({ holdReady: 1 });
      // one template for two kinds would count one consent twice: the later kind is not configured
      await store.update(
        'config',
        { _id: 'reminders' },
        { $set: { 'templates.holdExpiring': { templateId: TEMPLATES.holdReady } } },
      );
      expect((await ok('circulation', 'options', {}, openid)).templates).toMatchObject({
        holdReady: TEMPLATES.holdReady,
        holdExpiring: '',
      });
      const again = await ok('circulation', 'consent', { kinds: ['holdExpiring', 'holdReady'] }, openid);
      expect(again.accepted).toEqual(['holdReady']);
    } finally {
      await store.update(
        'config',
        { _id: 'reminders' },
        { $set: { 'templates.holdExpiring': TEMPLATES.holdExpiring } },
      );
    }
  });
});

describe('myReminders: what to ask for on the phone', () => {
  it('asks for loan reminders after a desk lend, until the consents cover the open loans', async () => {
    const reader = await member('desk-lent');
    const { member: me } = await ok('user', 'me', {}, reader);
    expect(await ok('circulation', 'myReminders', {}, reader)).toEqual({
      consents: { dueSoon: 0, overdue: 0, holdReady: 0, holdExpiring: 0, eventTomorrow: 0, eventPromoted: 0 },
      wanted: [],
    });
    const first = await book('借还台', 1);
    const second = await book('借还台', 1);
    await ok(
      'circulation',
      'lend',
      { memberCode: me.memberCode, barcode: first.barcodes[0] as string },
      librarian,
    );
    expect((await ok('circulation', 'myReminders', {}, reader)).wanted).toEqual(['dueSoon', 'overdue']);
    await ok('circulation', 'consent', { kinds: ['dueSoon', 'overdue'] }, reader);
    expect(await ok('circulation', 'myReminders', {}, reader)).toEqual({
      consents: { dueSoon: 1, overdue: 1, holdReady: 0, holdExpiring: 0, eventTomorrow: 0, eventPromoted: 0 },
      wanted: [],
    });
    await ok(
      'circulation',
      'lend',
      { memberCode: me.memberCode, barcode: second.barcodes[0] as string },
      librarian,
    );
    expect((await ok('circulation', 'myReminders', {}, reader)).wanted).toEqual(['dueSoon', 'overdue']);

    // a hold on a book that is out: hold reminders wanted too
    const out = await book('借还台', 1);
    const other = await member('desk-other');
    await ok('circulation', 'borrow', { barcode: out.barcodes[0] as string }, other);
    await ok('circulation', 'hold', { bookId: out.bookId }, reader);
    expect((await ok('circulation', 'myReminders', {}, reader)).wanted).toEqual([
      'dueSoon',
      'overdue',
      'holdReady',
      'holdExpiring',
    ]);
    expectError(await call('circulation', 'myReminders', {}, 'reminders-nobody'), 'UNAUTHENTICATED');
  });
});

describe('loan reminders', () => {
  let consenting: string;
  let silent: string;
  let consentingLoan: { _id: string; dueAt: string; title: string };
  let silentLoanId: string;

  beforeAll(async () => {
    consenting = await member('due-consenting');
    silent = await member('due-silent');
    const a = await book('一本书名很长很长很长的党史学习教育读本之', 1);
    const b = await book('理论学习', 1);
    consentingLoan = (await ok('circulation', 'borrow', { barcode: a.barcodes[0] as string }, consenting))
      .loan;
    silentLoanId = (await ok('circulation', 'borrow', { barcode: b.barcodes[0] as string }, silent)).loan._id;
    await ok('circulation', 'consent', { kinds: ['dueSoon', 'overdue'] }, consenting);
    await ok('circulation', 'consent', { kinds: ['dueSoon'] }, consenting);
  });

  it('sends nothing three days before the due date', async () => {
    await moveTo(tenOClock(consentingLoan.dueAt, -3));
    expect(await outbox(consenting)).toEqual([]);
    expect(await remindersOf('loans', consentingLoan._id)).toEqual({});
  });

  it('sends exactly one dueSoon two days before, however many runs; uses one consent', async () => {
    const report = await moveTo(tenOClock(consentingLoan.dueAt, -2));
    expect(report.reminders.dueSoon.sent).toBeGreaterThanOrEqual(1);
    const again = await runDailyAgain();
    expect(again.reminders.dueSoon.sent).toBe(0);

    const messages = await outbox(consenting);
    expect(messages).toHaveLength(1);
    const [message] = messages as [OutboxMessage];
    expect(message).toMatchObject({
      touser: consenting,
      templateId: TEMPLATES.dueSoon,
      page: 'pages/loans/index',
      miniprogramState: 'developer',
    });
    const due = new Date(consentingLoan.dueAt);
    const dueText = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    })
      .formatToParts(due)
      .filter((p) => p.type !== 'literal')
      .map((p) => p.value);
    expect(message.data.date2?.value).toBe(`${dueText[0]}年${dueText[1]}月${dueText[2]}日`);
    expect(message.data.thing3?.value).toBe('还有2天到期，请按时归还或续借');
    // the title is longer than a `thing` keyword holds (20 characters): cut with an ellipsis
    const title = message.data.thing1?.value ?? '';
    expect(Array.from(title)).toHaveLength(20);
    expect(title.endsWith('…')).toBe(true);
    expect(consentingLoan.title.startsWith(title.slice(0, -1))).toBe(true);

    expect(await consents(consenting)).toEqual({ dueSoon: 1, overdue: 1 });
    expect(await remindersOf('loans', consentingLoan._id)).toMatchObject({ dueSoon: { result: 'sent' } });
  });

  it('skips a member without consent, sends nothing, and records why', async () => {
    expect(await outbox(silent)).toEqual([]);
    expect(await remindersOf('loans', silentLoanId)).toMatchObject({
      dueSoon: { result: 'skipped', reason: 'noConsent' },
    });
  });

  it('sends one overdue notice the day after the due date, however many runs', async () => {
    await moveTo(tenOClock(consentingLoan.dueAt, 1));
    await runDailyAgain();
    const overdue = await outbox(consenting, TEMPLATES.overdue);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ page: 'pages/loans/index' });
    expect(overdue[0]?.data.thing3?.value).toBe('已逾期1天，请尽快归还');
    expect(await outbox(consenting)).toHaveLength(2);
    expect(await consents(consenting)).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await remindersOf('loans', silentLoanId)).toMatchObject({
      overdue: { result: 'skipped', reason: 'noConsent' },
    });
    // another day: still one overdue notice per loan
    await moveTo(tenOClock(consentingLoan.dueAt, 2));
    expect(await outbox(consenting, TEMPLATES.overdue)).toHaveLength(1);
  });

  it('remind: refused to members; says why nothing went out; at most one a day per loan', async () => {
    expectError(await call('circulation', 'remind', { loanId: silentLoanId }, silent), 'FORBIDDEN');
    expectError(
      await call('circulation', 'remind', { loanId: { $ne: '' } as unknown as string }, librarian),
      'INVALID_ARGUMENT',
    );
    expectError(await call('circulation', 'remind', { loanId: 'no-such-loan' }, librarian), 'NOT_FOUND');

    const skipped = await ok('circulation', 'remind', { loanId: silentLoanId }, librarian);
    expect(skipped.sent).toBe(false);
    expect(skipped.reason).toMatch(/未订阅/);
    expect(await outbox(silent)).toEqual([]);

    // twice: one consent per message (a kind named twice in one call is still one consent)
    await ok('circulation', 'consent', { kinds: ['overdue', 'overdue'] }, silent);
    await ok('circulation', 'consent', { kinds: ['overdue'] }, silent);
    const sent = await ok('circulation', 'remind', { loanId: silentLoanId }, librarian);
    expect(sent).toEqual({ sent: true });
    const again = await ok('circulation', 'remind', { loanId: silentLoanId }, librarian);
    expect(again.sent).toBe(false);
    expect(again.reason).toMatch(/今天已提醒/);
    const messages = await outbox(silent, TEMPLATES.overdue);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.data.thing3?.value).toMatch(/^已逾期\d+天/);
    expect(await consents(silent)).toMatchObject({ overdue: 1 });

    const overdueList = await ok('circulation', 'overdue', {}, librarian);
    const listed = overdueList.items.find((l) => l._id === silentLoanId);
    expect(listed?.remindedAt).toBeDefined();

    const store = await cloud.store();
    const audit = await store.find<{ actorOpenid: string; detail: { result: string } }>('auditLog', {
      action: 'remind',
      targetId: silentLoanId,
    });
    expect(audit.map((a) => a.detail.result).sort()).toEqual(['sent', 'skipped', 'skipped']);
    expect(audit.every((a) => a.actorOpenid === librarian)).toBe(true);

    // the next day, staff may remind again
    await moveTo(tenOClock(await cloudNow(cloud.url), 1));
    expect(await ok('circulation', 'remind', { loanId: silentLoanId }, librarian)).toEqual({ sent: true });
    expect(await outbox(silent, TEMPLATES.overdue)).toHaveLength(2);
    expect(await consents(silent)).toMatchObject({ overdue: 0 });
  });

  it('remind refuses a loan that is not overdue', async () => {
    const reader = await member('not-overdue');
    const { barcodes } = await book('新书', 1);
    const loan = (await ok('circulation', 'borrow', { barcode: barcodes[0] as string }, reader)).loan;
    expectError(await call('circulation', 'remind', { loanId: loan._id }, librarian), 'FAILED_PRECONDITION');
  });

  it('timer runs at the same moment send each reminder once', async () => {
    // 15 overdue loans (3 members × 5 copies of one book), each member with more consents than loans
    const { barcodes } = await book('并发', 15);
    const readers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reader = await member(`race-${i}`);
      readers.push(reader);
      for (const barcode of barcodes.slice(i * 5, i * 5 + 5)) {
        await ok('circulation', 'borrow', { barcode }, reader);
      }
      for (let n = 0; n < 6; n++) await ok('circulation', 'consent', { kinds: ['overdue'] }, reader);
    }
    const store = await cloud.store();
    const [loan] = await store.find<{ dueAt: Date }>('loans', {
      memberId: memberIdFor(readers[0] as string),
    });
    const due = (loan as { dueAt: Date }).dueAt;
    // to the due day (the job runs on the way: nothing overdue yet), then past midnight (no 09:00 passed):
    // the loans are overdue and no run has looked at them yet
    await moveTo(tenOClock(due, 0));
    const quiet = await advanceClock(cloud.url, { to: new Date(chinaDayStart(due, 1).getTime() + HOUR / 2) });
    expect(quiet.fired.filter((f) => f.function === 'circulation')).toEqual([]); // events' 18:00 may fire
    // four instances ready (warm), then four runs at once
    await Promise.all([1, 2, 3, 4].map(() => ok('circulation', 'options', {}, readers[0] as string)));
    await Promise.all([runDailyAgain(), runDailyAgain(), runDailyAgain(), runDailyAgain()]);
    for (const reader of readers) {
      expect(await outbox(reader, TEMPLATES.overdue)).toHaveLength(5);
      expect(await consents(reader)).toMatchObject({ overdue: 1 });
    }
  });
});

describe('the daily job pages through everything', () => {
  it('reads past a page of 100 in order, ties included, and never beyond its window', async () => {
    const reader = await member('pages');
    const memberId = memberIdFor(reader);
    const now = await cloudNow(cloud.url);
    const loan = (n: number, kind: string, dueAt: Date) => ({
      _id: `paging-${kind}-${String(n).padStart(3, '0')}`,
      memberId,
      memberName: '分页',
      memberCode: 'MPAGING',
      bookId: `paging-book-${n}`,
      title: `分页图书${n}`,
      copyId: `paging-copy-${kind}-${n}`,
      barcode: `PAGING${kind}${n}`,
      borrowedAt: new Date(dueAt.getTime() - 30 * 24 * HOUR),
      dueAt,
      renewals: 0,
      status: 'active',
      updatedAt: now,
    });
    // 250 overdue loans on three due days (many share a due date: the page boundary falls inside a tie),
    // and 30 loans due in 10 days, after them in the index
    const overdue = Array.from({ length: 250 }, (_unused, n) =>
      loan(n, 'o', new Date(chinaDayStart(now, -(n % 3)).getTime() - 1)),
    );
    const later = Array.from({ length: 30 }, (_unused, n) =>
      loan(n, 'l', new Date(chinaDayStart(now, 11).getTime() - 1)),
    );
    const store = await cloud.store();
    await store.insert('loans', [...overdue, ...later]);

    const report = await moveTo(tenOClock(now, 1));
    expect(report.reminders.overdue.skipped.noConsent).toBeGreaterThanOrEqual(overdue.length);
    const marked = await store.find<{ _id: string; reminders?: Record<string, { reason?: string }> }>(
      'loans',
      {
        memberId,
      },
    );
    for (const doc of marked) {
      if (doc._id.startsWith('paging-o-')) expect(doc.reminders?.overdue?.reason).toBe('noConsent');
      else expect(doc.reminders).toBeUndefined();
    }
    expect(marked).toHaveLength(overdue.length + later.length);
  });
});

describe('hold reminders', () => {
  let holder: string;
  let next: string;
  let holdId: string;
  let nextHoldId: string;
  let barcode: string;

  beforeAll(async () => {
    const borrower = await member('hold-borrower');
    holder = await member('hold-first');
    next = await member('hold-next');
    const made = await book('预约的书', 1);
    barcode = made.barcodes[0] as string;
    await ok('circulation', 'borrow', { barcode }, borrower);
    holdId = (await ok('circulation', 'hold', { bookId: made.bookId }, holder)).hold._id;
    nextHoldId = (await ok('circulation', 'hold', { bookId: made.bookId }, next)).hold._id;
    await ok('circulation', 'consent', { kinds: ['holdReady', 'holdExpiring'] }, holder);
    await ok('circulation', 'consent', { kinds: ['holdReady'] }, next);
  });

  it('tells the first in line at once when a return readies the hold', async () => {
    const returned = await ok('circulation', 'return', { barcode }, librarian);
    expect(returned.hold?.holdId).toBe(holdId);
    const messages = await outbox(holder);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ templateId: TEMPLATES.holdReady, page: 'pages/holds/index' });
    expect(await consents(holder)).toEqual({ holdReady: 0, holdExpiring: 1 });
    // the daily job does not tell them again
    await runDailyAgain();
    expect(await outbox(holder)).toHaveLength(1);
  });

  it('sends holdExpiring on the last pickup day, once', async () => {
    const store = await cloud.store();
    const hold = await store.findOne<{ readyUntil: Date }>('holds', { _id: holdId });
    const readyUntil = (hold as { readyUntil: Date }).readyUntil;
    await moveTo(tenOClock(readyUntil, 0));
    await runDailyAgain();
    const expiring = await outbox(holder, TEMPLATES.holdExpiring);
    expect(expiring).toHaveLength(1);
    expect(expiring[0]?.data.thing3?.value).toBe('今天是最后取书日，过期将顺延给下一位');
    expect(await outbox(next)).toEqual([]);
  });

  it('expires the hold after the deadline and passes the copy to the next, who is told once', async () => {
    const store = await cloud.store();
    const hold = await store.findOne<{ readyUntil: Date }>('holds', { _id: holdId });
    const report = await moveTo(tenOClock((hold as { readyUntil: Date }).readyUntil, 1));
    expect(report.holds.expired).toBeGreaterThanOrEqual(1);
    await runDailyAgain();
    expect(await store.findOne('holds', { _id: holdId })).toMatchObject({ status: 'expired' });
    expect(await store.findOne('holds', { _id: nextHoldId })).toMatchObject({ status: 'ready', barcode });
    const messages = await outbox(next);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      touser: next,
      templateId: TEMPLATES.holdReady,
      page: 'pages/holds/index',
    });
    expect(await consents(next)).toEqual({ holdReady: 0 });
    expect(await outbox(holder)).toHaveLength(2);
  });
});

describe('the claim (reminders.ts in this process, against the same local cloud)', () => {
  beforeAll(() => {
    // this process's wx-server-sdk → the private local cloud (read per request)
    Object.assign(process.env, sdkEnv(cloud.url));
  });

  async function loanWithConsents(kind: ReminderKind, count: number) {
    const reader = await member('claim');
    const { barcodes } = await book('认领', 1);
    const { loan } = await ok('circulation', 'borrow', { barcode: barcodes[0] as string }, reader);
    for (let n = 0; n < count; n++) await ok('circulation', 'consent', { kinds: [kind] }, reader);
    const store = await cloud.store();
    const doc = await store.findOne<{ _id: string; memberId: string; title: string; dueAt: Date }>('loans', {
      _id: loan._id,
    });
    return { reader, loan: doc as { _id: string; memberId: string; title: string; dueAt: Date } };
  }

  it('twenty concurrent sends of one reminder: one message, one consent used, the rest see the claim', async () => {
    const { reader, loan } = await loanWithConsents('dueSoon', 5);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => reminders.sendReminder('dueSoon', loan)),
    );
    expect(outcomes.filter((o) => o.result === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === 'claimed')).toHaveLength(19);
    expect(await outbox(reader, TEMPLATES.dueSoon)).toHaveLength(1);
    expect(await consents(reader)).toMatchObject({ dueSoon: 4 });
  });

  it('ten concurrent manual reminders of one overdue loan: one sent today', async () => {
    const { reader, loan } = await loanWithConsents('overdue', 5);
    const after = new Date(new Date(loan.dueAt).getTime() + HOUR);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => reminders.sendManualOverdueReminder(loan, 'staff', { now: after })),
    );
    expect(outcomes.filter((o) => o.result === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.reason === 'alreadyToday')).toHaveLength(9);
    expect(await outbox(reader, TEMPLATES.overdue)).toHaveLength(1);
    expect(await consents(reader)).toMatchObject({ overdue: 4 });
  });

  it('a send WeChat refuses is recorded as failed and not tried again', async () => {
    const { reader, loan } = await loanWithConsents('dueSoon', 3);
    // the local stand-in refuses a recipient that is not an openid string (40003): a member document
    // damaged that way makes the send fail
    const store = await cloud.store();
    await store.update('members', { _id: memberIdFor(reader) }, { $set: { openid: 40003 } });
    const outcome = await reminders.sendReminder('dueSoon', loan);
    expect(outcome).toMatchObject({ result: 'failed', errCode: 40003 });
    expect(await store.count('outbox', { templateId: TEMPLATES.dueSoon, touser: 40003 })).toBe(0);
    expect(await remindersOf('loans', loan._id)).toMatchObject({
      dueSoon: { result: 'failed', errCode: 40003 },
    });
    expect(await reminders.sendReminder('dueSoon', loan)).toMatchObject({ result: 'claimed' });
    expect(await consents(reader)).toMatchObject({ dueSoon: 2 });
  });
});
