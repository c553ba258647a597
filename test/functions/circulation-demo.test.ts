/**
 * The demo circulation the seed writes (scripts/seed/circulation.ts), on a PRIVATE freshly seeded cloud
 * (the test lends and returns): the functions read it as their own — 我的借阅 with an overdue loan and
 * history, 我的预约 in line and on the hold shelf — and every next step works on it: the holder takes the
 * hold-shelf copy and nobody else can, the overdue copy comes back late, a return fills the waiting hold.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { BookDoc, CopyDoc } from '../../cloudfunctions/_shared/books';
import type { CirculationMemberDoc, LoanDoc } from '../../cloudfunctions/circulation/src/docs';
import { privateCloud, type PrivateCloud } from '../support/clock';
import { circ, circOk, expectError } from '../support/circulation';

jest.setTimeout(60_000);

const MEMBER = 'demo-member';
const STUDENT = 'demo-student';
const LIBRARIAN = 'demo-librarian';

let cloud: PrivateCloud;

beforeAll(async () => {
  cloud = await privateCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

test('every book counts exactly the copies on its shelf, every member exactly their loans', async () => {
  const store = await cloud.store();
  const books = await store.find<BookDoc>(COLLECTIONS.books.name);
  const copies = await store.find<CopyDoc>(COLLECTIONS.copies.name);
  const away = copies.filter((c) => c.status === 'onLoan' || c.status === 'onHoldShelf');
  expect(away.length).toBe(5);
  const loans = await store.find<LoanDoc>(COLLECTIONS.loans.name, { status: 'active' });
  for (const member of await store.find<CirculationMemberDoc>(COLLECTIONS.members.name)) {
    const own = loans.filter((l) => l.memberId === member._id);
    expect({ name: member.name, loans: member.loanCount ?? 0 }).toEqual({
      name: member.name,
      loans: own.length,
    });
    for (const loan of own) {
      expect(copies.find((c) => c._id === loan.copyId)).toMatchObject({ status: 'onLoan', loanId: loan._id });
    }
  }
  for (const book of books) {
    const own = copies.filter((c) => c.bookId === book._id);
    expect({ title: book.title, available: book.available }).toEqual({
      title: book.title,
      available: own.filter((c) => c.status === 'available').length,
    });
  }
});

test('the demo loans and holds, and what comes next', async () => {
  const site = { url: cloud.url };
  const loans = (await circOk(site, 'myLoans', {}, MEMBER)).items;
  expect(loans.map((l) => [l.title, l.status])).toEqual([
    ['万历十五年', 'active'],
    ['乡土中国', 'active'],
    ['长征', 'returned'],
    ['共产党宣言', 'returned'],
  ]);
  const [overdue, current] = loans;
  const now = Date.now();
  expect(new Date(overdue!.dueAt).getTime()).toBeLessThan(now);
  expect(new Date(current!.dueAt).getTime()).toBeGreaterThan(now);

  const memberHolds = (await circOk(site, 'myHolds', {}, MEMBER)).items;
  expect(memberHolds).toMatchObject([{ title: '资本论', status: 'waiting', position: 1 }]);
  const [ready] = (await circOk(site, 'myHolds', {}, STUDENT)).items;
  expect(ready).toMatchObject({ title: '国家与革命', status: 'ready' });
  expect(new Date(ready!.readyUntil!).getTime()).toBeGreaterThan(now);

  expectError(await circ(site, 'borrow', { barcode: ready!.barcode! }, MEMBER), 'FAILED_PRECONDITION');
  await circOk(site, 'borrow', { barcode: ready!.barcode! }, STUDENT);

  const late = await circOk(site, 'return', { barcode: overdue!.barcode }, LIBRARIAN);
  expect(late.loan.returnedAt).toBeDefined();
  expect(late.daysLate).toBeGreaterThanOrEqual(1);

  const capital = (await circOk(site, 'myLoans', {}, STUDENT)).items.find((l) => l.title === '资本论')!;
  const handed = await circOk(site, 'return', { barcode: capital.barcode }, LIBRARIAN);
  expect(handed.hold).toMatchObject({ memberName: '陈志远' });
  expect((await circOk(site, 'myHolds', {}, MEMBER)).items).toMatchObject([{ status: 'ready' }]);
});
