/**
 * The `circulation` function through the real SDK and the local cloud's function runner (shared cloud):
 * borrow, lend, return, renew, 我的借阅, repeated requests, the desk; every count checked against the
 * catalogue's view of the copies.
 */
import { DEFAULT_LOAN_RULE } from '../../typings/entities';
import { invoke, newOpenid } from '../support/cloud';
import {
  ADMIN,
  bookNow,
  bookWithCopies,
  circ,
  circOk,
  copyStatus,
  expectError,
  newLibrarian,
  newMember,
  okAt,
  requestId,
  sharedSite,
  useSharedStore,
} from '../support/circulation';

const site = sharedSite();
const store = useSharedStore();

async function loanCount(memberId: string): Promise<number> {
  const [doc] = await store().find<{ loanCount?: number }>('members', { _id: memberId });
  return doc?.loanCount ?? 0;
}

describe('borrow, myLoans, return', () => {
  it('lends a copy to the member, counts it, shows it, and takes it back at the desk', async () => {
    const { book, copies } = await bookWithCopies(site, 2);
    const reader = await newMember(site);
    const staff = await newLibrarian(site);
    const barcode = copies[0]!.barcode;

    const { loan } = await circOk(site, 'borrow', { barcode: barcode.toLowerCase() }, reader.openid);
    expect(loan).toMatchObject({
      bookId: book._id,
      title: book.title,
      barcode,
      renewals: 0,
      status: 'active',
      overdue: false,
      renewable: true,
    });
    const days = (Date.parse(loan.dueAt) - Date.parse(loan.borrowedAt)) / 86_400_000;
    expect(days).toBeGreaterThan(30); // the end of the 30th China day after today
    expect(days).toBeLessThanOrEqual(31);
    expect(await copyStatus(site, barcode)).toBe('onLoan');
    expect(await bookNow(site, book._id)).toMatchObject({ available: 1, total: 2 });
    expect(await loanCount(reader.member._id)).toBe(1);

    const mine = await circOk(site, 'myLoans', {}, reader.openid);
    expect(mine.items.map((l) => l._id)).toEqual([loan._id]);
    expect(mine.hasMore).toBe(false);

    // the same copy again, by anyone: not available
    const other = await newMember(site);
    expectError(await circ(site, 'borrow', { barcode }, other.openid), 'FAILED_PRECONDITION');

    const returned = await circOk(site, 'return', { barcode }, staff.openid);
    expect(returned.loan).toMatchObject({ _id: loan._id, status: 'returned', memberId: reader.member._id });
    expect(returned.daysLate).toBe(0);
    expect(returned.hold).toBeUndefined();
    expect(returned.suspendedUntil).toBeUndefined();
    expect(await copyStatus(site, barcode)).toBe('available');
    expect(await bookNow(site, book._id)).toMatchObject({ available: 2, total: 2 });
    expect(await loanCount(reader.member._id)).toBe(0);

    // returning it twice: it is not on loan
    expectError(await circ(site, 'return', { barcode }, staff.openid), 'FAILED_PRECONDITION');

    const after = await circOk(site, 'myLoans', {}, reader.openid);
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ _id: loan._id, status: 'returned', renewable: false });
    expect(after.items[0]!.returnedAt).toBeDefined();
  });

  it('lists current loans first by due date, then history newest first, paged', async () => {
    const { copies } = await bookWithCopies(site, 5);
    const reader = await newMember(site);
    const staff = await newLibrarian(site);
    const lent: string[] = [];
    for (const copy of copies) {
      lent.push((await circOk(site, 'borrow', { barcode: copy.barcode }, reader.openid)).loan._id);
    }
    // return the first three, in order: history newest first is 2, 1, 0
    for (const copy of copies.slice(0, 3))
      await circOk(site, 'return', { barcode: copy.barcode }, staff.openid);
    const { loan: renewed } = await circOk(site, 'renew', { loanId: lent[3]! }, reader.openid);
    expect(renewed.renewals).toBe(1);

    const all = await circOk(site, 'myLoans', { pageSize: 50 }, reader.openid);
    // active: lent[4] (due first: not renewed), lent[3] (renewed, due later); then lent[2], lent[1], lent[0]
    expect(all.items.map((l) => l._id)).toEqual([lent[4], lent[3], lent[2], lent[1], lent[0]]);
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await circOk(site, 'myLoans', { page, pageSize: 2 }, reader.openid);
      pages.push(...res.items.map((l) => l._id));
      expect(res.hasMore).toBe(page < 3);
    }
    expect(pages).toEqual(all.items.map((l) => l._id));
  });

  it('renews within the rule: once by default, 15 days more, then refused', async () => {
    const { copies } = await bookWithCopies(site, 1);
    const reader = await newMember(site);
    const { loan } = await circOk(site, 'borrow', { barcode: copies[0]!.barcode }, reader.openid);
    const { loan: renewed } = await circOk(site, 'renew', { loanId: loan._id }, reader.openid);
    expect((Date.parse(renewed.dueAt) - Date.parse(loan.dueAt)) / 86_400_000).toBe(15);
    expect(renewed).toMatchObject({ renewals: 1, renewable: false });
    expect(renewed.renewRefusal).toMatch(/续借/);
    expectError(await circ(site, 'renew', { loanId: loan._id }, reader.openid), 'RESOURCE_EXHAUSTED');
    // someone else's loan is not found for them
    const other = await newMember(site);
    expectError(await circ(site, 'renew', { loanId: loan._id }, other.openid), 'NOT_FOUND');
  });

  it('answers a repeated requestId with the first loan and changes nothing', async () => {
    const { book, copies } = await bookWithCopies(site, 2);
    const reader = await newMember(site);
    const id = requestId();
    const first = await circOk(site, 'borrow', { barcode: copies[0]!.barcode, requestId: id }, reader.openid);
    const again = await circOk(site, 'borrow', { barcode: copies[0]!.barcode, requestId: id }, reader.openid);
    expect(again.loan._id).toBe(first.loan._id);
    // even naming another copy: the request already happened
    const other = await circOk(site, 'borrow', { barcode: copies[1]!.barcode, requestId: id }, reader.openid);
    expect(other.loan._id).toBe(first.loan._id);
    expect(await loanCount(reader.member._id)).toBe(1);
    expect(await bookNow(site, book._id)).toMatchObject({ available: 1, total: 2 });
  });

  it('answers concurrent repeats of one request with one loan', async () => {
    const { book, copies } = await bookWithCopies(site, 1);
    const reader = await newMember(site);
    const id = requestId();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        circ(site, 'borrow', { barcode: copies[0]!.barcode, requestId: id }, reader.openid),
      ),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.data.loan._id : r.error.code)));
    expect([...ids]).toHaveLength(1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await loanCount(reader.member._id)).toBe(1);
    expect(await store().count('loans', { memberId: reader.member._id })).toBe(1);
    expect(await bookNow(site, book._id)).toMatchObject({ available: 0, total: 1 });
  });

  it('refuses the sixth loan with RESOURCE_EXHAUSTED (default rule: 5)', async () => {
    const { copies } = await bookWithCopies(site, 6);
    const reader = await newMember(site);
    for (const copy of copies.slice(0, 5))
      await circOk(site, 'borrow', { barcode: copy.barcode }, reader.openid);
    expectError(
      await circ(site, 'borrow', { barcode: copies[5]!.barcode }, reader.openid),
      'RESOURCE_EXHAUSTED',
    );
    expect(await copyStatus(site, copies[5]!.barcode)).toBe('available');
    expect(await loanCount(reader.member._id)).toBe(5);
  });

  it('refuses a suspended member (FORBIDDEN) and an unknown barcode (NOT_FOUND)', async () => {
    const { copies } = await bookWithCopies(site, 1);
    const reader = await newMember(site);
    await circOk(site, 'myLoans', {}, reader.openid);
    await okAt(site, 'user', 'suspend', { memberId: reader.member._id, reason: '测试' }, ADMIN);
    expectError(await circ(site, 'borrow', { barcode: copies[0]!.barcode }, reader.openid), 'FORBIDDEN');
    const staff = await newLibrarian(site);
    expectError(
      await circ(
        site,
        'lend',
        { memberCode: reader.member.memberCode, barcode: copies[0]!.barcode, override: '急用' },
        staff.openid,
      ),
      'FORBIDDEN',
    );
    const other = await newMember(site);
    expectError(await circ(site, 'borrow', { barcode: 'NO-SUCH-COPY-1' }, other.openid), 'NOT_FOUND');
    expect(await copyStatus(site, copies[0]!.barcode)).toBe('available');
  });
});

describe('the desk', () => {
  it('lends by member code, past the limit only with a reason, logged with who and why', async () => {
    const { copies } = await bookWithCopies(site, 6);
    const reader = await newMember(site);
    const staff = await newLibrarian(site);
    for (const copy of copies.slice(0, 5)) {
      const res = await circOk(
        site,
        'lend',
        { memberCode: reader.member.memberCode.toLowerCase(), barcode: copy.barcode, requestId: requestId() },
        staff.openid,
      );
      expect(res.memberName).toBe(reader.member.name);
    }
    const sixth = copies[5]!.barcode;
    expectError(
      await circ(site, 'lend', { memberCode: reader.member.memberCode, barcode: sixth }, staff.openid),
      'RESOURCE_EXHAUSTED',
    );
    const { loan } = await circOk(
      site,
      'lend',
      { memberCode: reader.member.memberCode, barcode: sixth, override: '培训班教材' },
      staff.openid,
    );
    expect(await loanCount(reader.member._id)).toBe(6);
    const [stored] = await store().find<{ lentBy?: string }>('loans', { _id: loan._id });
    expect(stored?.lentBy).toBe(staff.member._id);
    const audit = await store().find<{
      actorOpenid: string;
      reason: string;
      detail: { overrides: string[] };
    }>('auditLog', { action: 'lendOverride', targetId: loan._id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorOpenid: staff.openid, reason: '培训班教材' });
    expect(audit[0]!.detail.overrides).toEqual(['limit']);

    const desk = await circOk(site, 'deskMember', { memberCode: reader.member.memberCode }, staff.openid);
    expect(desk).toMatchObject({ memberId: reader.member._id, name: reader.member.name, status: 'active' });
    expect(desk.rule.maxLoans).toBe(5);
    expect(desk.loans).toHaveLength(6);
    expect(desk.readyHolds).toEqual([]);
    expectError(await circ(site, 'deskMember', { memberCode: 'MZZZZZZZZZZZ' }, staff.openid), 'NOT_FOUND');
  });
});

describe('who may call what', () => {
  const staffActions: [string, Record<string, unknown>][] = [
    ['lend', { memberCode: 'MABCDEFGHJKM', barcode: 'ANY-1234' }],
    ['return', { barcode: 'ANY-1234' }],
    ['deskMember', { memberCode: 'MABCDEFGHJKM' }],
    ['overdue', {}],
    ['remind', { loanId: 'l1234' }],
    ['holdsToPull', {}],
    ['awaitingPickup', {}],
    ['pull', { barcode: 'ANY-1234' }],
    ['cancelHoldFor', { holdId: 'h1234', reason: '测试' }],
  ];
  const adminActions: [string, Record<string, unknown>][] = [
    ['rules', {}],
    [
      'saveRules',
      {
        selfServiceBorrow: false,
        defaultRule: { ...DEFAULT_LOAN_RULE, maxLoans: 1, loanDays: 1 },
        categoryRules: [],
      },
    ],
  ];

  it('refuses every librarian and admin action to a member (FORBIDDEN) and a stranger (UNAUTHENTICATED)', async () => {
    const reader = await newMember(site);
    const stranger = newOpenid('stranger');
    for (const [action, params] of [...staffActions, ...adminActions]) {
      expectError(await invoke('circulation', { action, ...params }, reader.openid), 'FORBIDDEN');
      expectError(await invoke('circulation', { action, ...params }, stranger), 'UNAUTHENTICATED');
    }
    // a librarian is not an admin
    const staff = await newLibrarian(site);
    for (const [action, params] of adminActions) {
      expectError(await invoke('circulation', { action, ...params }, staff.openid), 'FORBIDDEN');
    }
    // nothing changed: the rules are still the defaults' shape with self-service on
    expect((await circOk(site, 'rules', {}, ADMIN)).selfServiceBorrow).toBe(true);
  });

  it('refuses member actions to a stranger; the book page answers them without a loan or hold', async () => {
    const { book, copies } = await bookWithCopies(site, 1);
    const stranger = newOpenid('stranger');
    expectError(await circ(site, 'borrow', { barcode: copies[0]!.barcode }, stranger), 'UNAUTHENTICATED');
    expectError(await circ(site, 'hold', { bookId: book._id }, stranger), 'UNAUTHENTICATED');
    expectError(await circ(site, 'myLoans', {}, stranger), 'UNAUTHENTICATED');
    expect(await circOk(site, 'bookCirculation', { bookId: book._id }, stranger)).toMatchObject({
      available: 1,
      waiting: 0,
      myLoan: null,
      myHold: null,
      canHold: false,
      selfServiceBorrow: true,
    });
  });
});

describe('bad input', () => {
  it('answers INVALID_ARGUMENT in Chinese for wrong types, operator objects and huge strings, changing nothing', async () => {
    const { book, copies } = await bookWithCopies(site, 1);
    const reader = await newMember(site);
    const staff = await newLibrarian(site);
    const barcode = copies[0]!.barcode;
    const huge = 'A'.repeat(100_000);
    const bad: [string, Record<string, unknown>, string][] = [
      ['borrow', {}, reader.openid],
      ['borrow', { barcode: 12345678 }, reader.openid],
      ['borrow', { barcode: { $gt: '' } }, reader.openid],
      ['borrow', { barcode: huge }, reader.openid],
      ['borrow', { barcode, requestId: { $ne: null } }, reader.openid],
      ['borrow', { barcode, requestId: 'short' }, reader.openid],
      ['renew', { loanId: { $exists: true } }, reader.openid],
      ['hold', { bookId: ['x'] }, reader.openid],
      ['hold', { bookId: huge }, reader.openid],
      ['cancelHold', { holdId: null }, reader.openid],
      ['myLoans', { page: 0 }, reader.openid],
      ['myLoans', { pageSize: 1000 }, reader.openid],
      ['myLoans', { page: '1' }, reader.openid],
      ['bookCirculation', { bookId: { $regex: '.*' } }, reader.openid],
      ['lend', { memberCode: { $gt: '' }, barcode }, staff.openid],
      ['lend', { memberCode: reader.member.memberCode, barcode, override: huge }, staff.openid],
      ['lend', { memberCode: reader.member.memberCode, barcode, override: '  ' }, staff.openid],
      ['return', { barcode: ['A'] }, staff.openid],
      ['deskMember', { memberCode: '' }, staff.openid],
      ['overdue', { pageSize: -1 }, staff.openid],
      ['cancelHoldFor', { holdId: 'h1234' }, staff.openid],
      ['saveRules', { selfServiceBorrow: true }, ADMIN],
      ['nonsense', {}, reader.openid],
    ];
    for (const [action, params, openid] of bad) {
      const result = await invoke('circulation', { action, ...params }, openid);
      expectError(result, 'INVALID_ARGUMENT');
    }
    expect(await copyStatus(site, barcode)).toBe('available');
    expect(await bookNow(site, book._id)).toMatchObject({ available: 1, total: 1 });
    expect(await store().count('loans', { memberId: reader.member._id })).toBe(0);
  });

  it('validates every number of the loan rules in its range', async () => {
    const rule = DEFAULT_LOAN_RULE;
    const wrong: Record<string, unknown>[] = [
      { maxLoans: 0 },
      { maxLoans: 51 },
      { maxLoans: 2.5 },
      { loanDays: 0 },
      { loanDays: 366 },
      { renewals: -1 },
      { renewals: 11 },
      { renewalDays: 0 },
      { pickupDays: 0 },
      { pickupDays: 31 },
      { overdueSuspensionDays: -1 },
      { overdueSuspensionDays: 400 },
      { noRenewalWhenHeld: 'yes' },
      { loanDays: '30' },
      { maxLoans: { $gt: 0 } },
    ];
    for (const patch of wrong) {
      const settings = { selfServiceBorrow: true, defaultRule: { ...rule, ...patch }, categoryRules: [] };
      expectError(
        await invoke('circulation', { action: 'saveRules', ...settings }, ADMIN),
        'INVALID_ARGUMENT',
      );
    }
    const twice = {
      selfServiceBorrow: true,
      defaultRule: rule,
      categoryRules: [
        { category: '学员', rule },
        { category: '学员', rule },
      ],
    };
    expectError(await invoke('circulation', { action: 'saveRules', ...twice }, ADMIN), 'INVALID_ARGUMENT');
    expect(await circOk(site, 'rules', {}, ADMIN)).toMatchObject({ selfServiceBorrow: true });
  });
});
