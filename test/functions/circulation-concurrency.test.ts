/**
 * ACCEPTANCE (issue 4): borrowing races through the HTTP function runner on the shared local cloud.
 * - 200 distinct members borrow the 3 copies of one book at the same moment: exactly 3 loans, each copy
 *   lent once, the other 197 FAILED_PRECONDITION, the book's counts equal to its copies;
 * - one member fires 20 borrows of 20 different copies at once under the default limit of 5: exactly 5
 *   loans, loanCount 5, the other 15 RESOURCE_EXHAUSTED;
 * - 30 members borrow the 30 copies of one book at once: every one gets a copy (each transaction changes
 *   the same book's counts, so most attempts conflict: the retry policy of _shared/transaction.ts must
 *   carry every borrow through), then all 30 come back at once.
 */
import {
  bookNow,
  bookWithCopies,
  circ,
  copyStatus,
  inBatches,
  newLibrarian,
  newMember,
  requestId,
  sharedSite,
  useSharedStore,
  type TestMember,
} from '../support/circulation';

jest.setTimeout(120_000);

const site = sharedSite();
const store = useSharedStore();

it('200 members, 3 copies, one moment: exactly 3 loans, each copy once, 197 FAILED_PRECONDITION', async () => {
  const { book, copies } = await bookWithCopies(site, 3);
  const members: TestMember[] = await inBatches(200, 25, () => newMember(site, '党员', 'race'));
  expect(new Set(members.map((m) => m.member._id)).size).toBe(200);

  const started = Date.now();
  const results = await Promise.all(
    members.map((m, i) =>
      circ(site, 'borrow', { barcode: copies[i % 3]!.barcode, requestId: requestId() }, m.openid),
    ),
  );
  const elapsed = Date.now() - started;

  const won = results.filter((r) => r.ok);
  const refused = results.filter((r) => !r.ok);
  console.log(
    `200 concurrent borrows of 3 copies: ${won.length} loans, ${refused.length} refused, ${elapsed} ms ` +
      `(${Math.round((200 * 1000) / elapsed)} borrows/s)`,
  );
  expect(won).toHaveLength(3);
  expect(refused).toHaveLength(197);
  for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
  const lentBarcodes = won.map((r) => (r.ok ? r.data.loan.barcode : ''));
  expect(new Set(lentBarcodes)).toEqual(new Set(copies.map((c) => c.barcode)));

  const loans = await store().find<{ copyId: string; memberId: string }>('loans', { bookId: book._id });
  expect(loans).toHaveLength(3);
  expect(new Set(loans.map((l) => l.copyId)).size).toBe(3);
  for (const copy of copies) expect(await copyStatus(site, copy.barcode)).toBe('onLoan');
  expect(await bookNow(site, book._id)).toMatchObject({ available: 0, total: 3 });
  const counts = await store().find<{ _id: string; loanCount?: number }>('members', {
    _id: { $in: members.map((m) => m.member._id) },
  });
  expect(counts.reduce((sum, m) => sum + (m.loanCount ?? 0), 0)).toBe(3);
});

it('one member, 20 copies at once, limit 5: exactly 5 loans and loanCount 5', async () => {
  const { book, copies } = await bookWithCopies(site, 20);
  const reader = await newMember(site);

  const started = Date.now();
  const results = await Promise.all(
    copies.map((copy) =>
      circ(site, 'borrow', { barcode: copy.barcode, requestId: requestId() }, reader.openid),
    ),
  );
  console.log(`20 concurrent borrows by one member (limit 5): ${Date.now() - started} ms`);

  expect(results.filter((r) => r.ok)).toHaveLength(5);
  for (const r of results.filter((x) => !x.ok)) {
    expect(r).toMatchObject({ ok: false, error: { code: 'RESOURCE_EXHAUSTED' } });
  }
  const [member] = await store().find<{ loanCount?: number }>('members', { _id: reader.member._id });
  expect(member?.loanCount).toBe(5);
  expect(await store().count('loans', { memberId: reader.member._id, status: 'active' })).toBe(5);
  expect(await bookNow(site, book._id)).toMatchObject({ available: 15, total: 20 });
});

it('30 members borrow the 30 copies of one book at once: all lent, then all returned at once', async () => {
  const { book, copies } = await bookWithCopies(site, 30);
  const members = await inBatches(30, 15, () => newMember(site, '党员', 'hot'));
  const staff = await newLibrarian(site);

  let started = Date.now();
  const lent = await Promise.all(
    members.map((m, i) => circ(site, 'borrow', { barcode: copies[i]!.barcode }, m.openid)),
  );
  console.log(`30 concurrent borrows of one book's 30 copies: ${Date.now() - started} ms`);
  expect(lent.filter((r) => !r.ok)).toEqual([]);
  expect(await bookNow(site, book._id)).toMatchObject({ available: 0, total: 30 });

  started = Date.now();
  const back = await Promise.all(
    copies.map((c) => circ(site, 'return', { barcode: c.barcode }, staff.openid)),
  );
  console.log(`30 concurrent returns of one book's copies: ${Date.now() - started} ms`);
  expect(back.filter((r) => !r.ok)).toEqual([]);
  expect(await bookNow(site, book._id)).toMatchObject({ available: 30, total: 30 });
  expect(await store().count('loans', { bookId: book._id, status: 'active' })).toBe(0);
});
