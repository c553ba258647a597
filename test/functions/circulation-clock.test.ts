/**
 * Circulation over time, on a PRIVATE local cloud (this file moves its clock and changes the loan rules,
 * which the shared cloud's other tests must not see): rules per member category, self-service switched
 * off, lateness (overdue list, no renewal, days late and a suspension on return, a librarian's override),
 * renewal refused while someone waits, and a pickup deadline passing the copy to the next in line.
 */
import { DEFAULT_LOAN_RULE, type CirculationSettings, type LoanRule } from '../../typings/entities';
import { chinaDayStart } from '../../cloudfunctions/_shared/china-time';
import { advanceClock, cloudNow, privateCloud, type PrivateCloud } from '../support/clock';
import {
  ADMIN,
  bookWithCopies,
  circ,
  circOk,
  copyStatus,
  expectError,
  newLibrarian,
  newMember,
  type TestMember,
} from '../support/circulation';

jest.setTimeout(120_000);

let cloud: PrivateCloud;
let staff: TestMember;

const DEFAULT_RULE: LoanRule = { ...DEFAULT_LOAN_RULE, overdueSuspensionDays: 7 };
const STUDENT_RULE: LoanRule = { ...DEFAULT_RULE, maxLoans: 2, loanDays: 7, renewals: 0, pickupDays: 1 };
const SETTINGS: CirculationSettings = {
  selfServiceBorrow: true,
  defaultRule: DEFAULT_RULE,
  categoryRules: [
    { category: '学员', rule: STUDENT_RULE },
    { category: '干部', rule: { ...DEFAULT_RULE, renewals: 3 } },
  ],
};

/** The end of the China calendar day `days` after the day of `at`. */
function endOfDay(at: string | Date, days: number): number {
  return chinaDayStart(new Date(at), days + 1).getTime() - 1;
}

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN } });
  staff = await newLibrarian(cloud);
  expect(await circOk(cloud, 'saveRules', SETTINGS, ADMIN)).toEqual(SETTINGS);
});

afterAll(async () => {
  await cloud?.stop();
});

it('a renew retried with its requestId renews once, even when more renewals are allowed', async () => {
  const { copies } = await bookWithCopies(cloud, 1);
  const cadre = await newMember(cloud, '干部');
  const { loan } = await circOk(cloud, 'borrow', { barcode: copies[0]!.barcode }, cadre.openid);
  const first = { loanId: loan._id, requestId: 'renew-first-1' };
  const answers = await Promise.all([1, 2, 3].map(() => circOk(cloud, 'renew', first, cadre.openid)));
  expect(answers.map((a) => a.loan.renewals)).toEqual([1, 1, 1]);
  const second = await circOk(cloud, 'renew', { loanId: loan._id, requestId: 'renew-second' }, cadre.openid);
  expect(second.loan.renewals).toBe(2);
  expect((await circOk(cloud, 'renew', first, cadre.openid)).loan.renewals).toBe(2);
  const [stored] = await (await cloud.store()).find<{ renewals: number }>('loans', { _id: loan._id });
  expect(stored?.renewals).toBe(2);
});

it('lends under the member category’s own rule, else the default', async () => {
  expect(await circOk(cloud, 'rules', {}, ADMIN)).toEqual(SETTINGS);
  const { copies } = await bookWithCopies(cloud, 4);
  const student = await newMember(cloud, '学员');
  const member = await newMember(cloud, '党员');

  const { loan } = await circOk(cloud, 'borrow', { barcode: copies[0]!.barcode }, student.openid);
  expect(Date.parse(loan.dueAt)).toBe(endOfDay(loan.borrowedAt, 7));
  expect(loan).toMatchObject({ renewable: false });
  expectError(await circ(cloud, 'renew', { loanId: loan._id }, student.openid), 'RESOURCE_EXHAUSTED');
  await circOk(cloud, 'borrow', { barcode: copies[1]!.barcode }, student.openid);
  expectError(
    await circ(cloud, 'borrow', { barcode: copies[2]!.barcode }, student.openid),
    'RESOURCE_EXHAUSTED',
  );

  const { loan: other } = await circOk(cloud, 'borrow', { barcode: copies[2]!.barcode }, member.openid);
  expect(Date.parse(other.dueAt)).toBe(endOfDay(other.borrowedAt, 30));
  const desk = await circOk(cloud, 'deskMember', { memberCode: student.member.memberCode }, staff.openid);
  expect(desk.rule).toEqual(STUDENT_RULE);
});

it('refuses self-service borrowing when switched off; the desk still lends', async () => {
  await circOk(cloud, 'saveRules', { ...SETTINGS, selfServiceBorrow: false }, ADMIN);
  try {
    const { book, copies } = await bookWithCopies(cloud, 1);
    const reader = await newMember(cloud);
    expectError(await circ(cloud, 'borrow', { barcode: copies[0]!.barcode }, reader.openid), 'FORBIDDEN');
    expect(
      (await circOk(cloud, 'bookCirculation', { bookId: book._id }, reader.openid)).selfServiceBorrow,
    ).toBe(false);
    expect((await circOk(cloud, 'options', {}, reader.openid)).selfServiceBorrow).toBe(false);
    await circOk(
      cloud,
      'lend',
      { memberCode: reader.member.memberCode, barcode: copies[0]!.barcode },
      staff.openid,
    );
  } finally {
    await circOk(cloud, 'saveRules', SETTINGS, ADMIN);
  }
});

it('refuses renewal while someone waits for the book', async () => {
  const { book, copies } = await bookWithCopies(cloud, 1);
  const reader = await newMember(cloud);
  const { loan } = await circOk(cloud, 'borrow', { barcode: copies[0]!.barcode }, reader.openid);
  const waiting = await newMember(cloud);
  await circOk(cloud, 'hold', { bookId: book._id }, waiting.openid);
  const mine = await circOk(cloud, 'myLoans', {}, reader.openid);
  expect(mine.items[0]).toMatchObject({ _id: loan._id, renewable: false });
  expect(mine.items[0]!.renewRefusal).toMatch(/预约/);
  expectError(await circ(cloud, 'renew', { loanId: loan._id }, reader.openid), 'FAILED_PRECONDITION');
});

it('an overdue loan: listed with days late, not renewable; its return earns a suspension a reason overrides', async () => {
  const { copies } = await bookWithCopies(cloud, 2);
  const reader = await newMember(cloud);
  const { loan } = await circOk(cloud, 'borrow', { barcode: copies[0]!.barcode }, reader.openid);

  // two China days after the due day, at noon
  await advanceClock(cloud.url, {
    to: new Date(chinaDayStart(new Date(loan.dueAt), 2).getTime() + 4 * 3600_000),
  });
  const mine = await circOk(cloud, 'myLoans', {}, reader.openid);
  expect(mine.items[0]).toMatchObject({ _id: loan._id, overdue: true, renewable: false });
  expectError(await circ(cloud, 'renew', { loanId: loan._id }, reader.openid), 'FAILED_PRECONDITION');
  const list = await circOk(cloud, 'overdue', { pageSize: 50 }, staff.openid);
  expect(list.items.find((l) => l._id === loan._id)).toMatchObject({
    daysLate: 2,
    memberCode: reader.member.memberCode,
    memberName: reader.member.name,
  });

  const returned = await circOk(cloud, 'return', { barcode: copies[0]!.barcode }, staff.openid);
  expect(returned.daysLate).toBe(2);
  const now = await cloudNow(cloud.url);
  expect(Date.parse(returned.suspendedUntil!)).toBe(endOfDay(now, 7));
  expect(
    (await circOk(cloud, 'overdue', { pageSize: 50 }, staff.openid)).items.map((l) => l._id),
  ).not.toContain(loan._id);

  expectError(await circ(cloud, 'borrow', { barcode: copies[1]!.barcode }, reader.openid), 'FORBIDDEN');
  const desk = await circOk(cloud, 'deskMember', { memberCode: reader.member.memberCode }, staff.openid);
  expect(desk.borrowingSuspendedUntil).toBe(returned.suspendedUntil);
  expectError(
    await circ(
      cloud,
      'lend',
      { memberCode: reader.member.memberCode, barcode: copies[1]!.barcode },
      staff.openid,
    ),
    'FORBIDDEN',
  );
  const lent = await circOk(
    cloud,
    'lend',
    { memberCode: reader.member.memberCode, barcode: copies[1]!.barcode, override: '支部学习急需' },
    staff.openid,
  );
  expect(lent.loan.barcode).toBe(copies[1]!.barcode);
  const store = await cloud.store();
  const audit = await store.find<{ reason: string; detail: { overrides: string[] } }>('auditLog', {
    action: 'lendOverride',
    targetId: lent.loan._id,
  });
  expect(audit).toEqual([expect.objectContaining({ reason: '支部学习急需' })]);
  expect(audit[0]!.detail.overrides).toEqual(['suspension']);

  // after the suspension, self-service works again
  await advanceClock(cloud.url, { days: 8 });
  const { copies: more } = await bookWithCopies(cloud, 1);
  await circOk(cloud, 'borrow', { barcode: more[0]!.barcode }, reader.openid);
});

it('a pickup deadline passing: the copy goes to the next in line, who can borrow it; the first cannot', async () => {
  const { book, copies } = await bookWithCopies(cloud, 1);
  const barcode = copies[0]!.barcode;
  const borrower = await newMember(cloud);
  await circOk(cloud, 'borrow', { barcode }, borrower.openid);
  const first = await newMember(cloud);
  const second = await newMember(cloud, '学员');
  const { hold: h1 } = await circOk(cloud, 'hold', { bookId: book._id }, first.openid);
  const { hold: h2 } = await circOk(cloud, 'hold', { bookId: book._id }, second.openid);

  const returned = await circOk(cloud, 'return', { barcode }, staff.openid);
  expect(returned.hold?.holdId).toBe(h1._id);
  const readyUntil = Date.parse(returned.hold!.readyUntil);
  expect(readyUntil).toBe(endOfDay(await cloudNow(cloud.url), 3));

  // the day after the deadline, past the daily job's hour (09:00 China time): it has run
  const moved = await advanceClock(cloud.url, { to: new Date(readyUntil + 1 + 12 * 3600_000) });
  expect(moved.fired.some((f) => f.function === 'circulation' && f.trigger === 'daily')).toBe(true);

  const firstHolds = await circOk(cloud, 'myHolds', {}, first.openid);
  expect(firstHolds.items.find((h) => h._id === h1._id)).toMatchObject({ status: 'expired' });
  const secondHold = (await circOk(cloud, 'myHolds', {}, second.openid)).items[0]!;
  expect(secondHold).toMatchObject({ _id: h2._id, status: 'ready', barcode });
  // the student's rule: one pickup day
  expect(Date.parse(secondHold.readyUntil!)).toBe(endOfDay(await cloudNow(cloud.url), 1));
  expect(await copyStatus(cloud, barcode)).toBe('onHoldShelf');

  expectError(await circ(cloud, 'borrow', { barcode }, first.openid), 'FAILED_PRECONDITION');
  await circOk(cloud, 'borrow', { barcode }, second.openid);
  expect((await circOk(cloud, 'myHolds', {}, second.openid)).items[0]).toMatchObject({ status: 'fulfilled' });
});

it('a pickup deadline passing with nobody next: the copy goes back to the shelf', async () => {
  const { book, copies } = await bookWithCopies(cloud, 1);
  const barcode = copies[0]!.barcode;
  const borrower = await newMember(cloud);
  await circOk(cloud, 'borrow', { barcode }, borrower.openid);
  const reader = await newMember(cloud);
  await circOk(cloud, 'hold', { bookId: book._id }, reader.openid);
  const returned = await circOk(cloud, 'return', { barcode }, staff.openid);
  await advanceClock(cloud.url, { to: new Date(Date.parse(returned.hold!.readyUntil) + 1 + 12 * 3600_000) });
  expect(await copyStatus(cloud, barcode)).toBe('available');
  expect((await circOk(cloud, 'bookCirculation', { bookId: book._id }, reader.openid)).available).toBe(1);
});
