/**
 * Holds through the function runner (shared cloud): when a hold is accepted, the queue's order, a
 * returned copy set aside for the first in line (nobody else may take it, the holder may), cancelling
 * (a ready hold's copy passes on), the staff lists (holds to pull, awaiting pickup) and pulling a copy.
 */
import {
  ADMIN,
  bookNow,
  bookWithCopies,
  callAt,
  circ,
  circOk,
  copyStatus,
  expectError,
  newLibrarian,
  newMember,
  okAt,
  sharedSite,
  useSharedStore,
  type TestMember,
} from '../support/circulation';

const site = sharedSite();
const store = useSharedStore();
let staff: TestMember;

beforeAll(async () => {
  staff = await newLibrarian(site);
});

/** A book with one copy, lent to a fresh member. */
async function lentBook() {
  const { book, copies } = await bookWithCopies(site, 1);
  const borrower = await newMember(site);
  const barcode = copies[0]!.barcode;
  await circOk(site, 'borrow', { barcode }, borrower.openid);
  return { book, barcode, borrower };
}

describe('placing a hold', () => {
  it('is refused while a copy is on the shelf, and for a book the member has on loan', async () => {
    const { book, copies } = await bookWithCopies(site, 2);
    const reader = await newMember(site);
    expectError(await circ(site, 'hold', { bookId: book._id }, reader.openid), 'FAILED_PRECONDITION');
    await circOk(site, 'borrow', { barcode: copies[0]!.barcode }, reader.openid);
    const other = await newMember(site);
    await circOk(site, 'borrow', { barcode: copies[1]!.barcode }, other.openid);
    expectError(await circ(site, 'hold', { bookId: book._id }, reader.openid), 'FAILED_PRECONDITION');
    expectError(await circ(site, 'hold', { bookId: 'no-such-book' }, reader.openid), 'NOT_FOUND');
    expect(await store().count('holds', { bookId: book._id })).toBe(0);
  });

  it('keeps one open hold per member and book, even when asked twice at once', async () => {
    const { book } = await lentBook();
    const reader = await newMember(site);
    const [a, b] = await Promise.all([
      circOk(site, 'hold', { bookId: book._id }, reader.openid),
      circOk(site, 'hold', { bookId: book._id }, reader.openid),
    ]);
    expect(a.hold._id).toBe(b.hold._id);
    const again = await circOk(site, 'hold', { bookId: book._id }, reader.openid);
    expect(again.hold).toMatchObject({ _id: a.hold._id, status: 'waiting', position: 1 });
    expect(await store().count('holds', { bookId: book._id })).toBe(1);
  });

  it('queues in order; the book page shows the queue and the caller’s place', async () => {
    const { book } = await lentBook();
    const readers = [await newMember(site), await newMember(site), await newMember(site)];
    for (const [i, r] of readers.entries()) {
      const { hold } = await circOk(site, 'hold', { bookId: book._id }, r.openid);
      expect(hold.position).toBe(i + 1);
    }
    const third = await circOk(site, 'bookCirculation', { bookId: book._id }, readers[2]!.openid);
    expect(third).toMatchObject({ available: 0, waiting: 3, myLoan: null, canHold: false });
    expect(third.myHold).toMatchObject({ status: 'waiting', position: 3 });
    const stranger = await newMember(site);
    expect(await circOk(site, 'bookCirculation', { bookId: book._id }, stranger.openid)).toMatchObject({
      canHold: true,
      myHold: null,
    });
    // the first cancels: the others move up
    const first = (await circOk(site, 'myHolds', {}, readers[0]!.openid)).items[0]!;
    const { hold: cancelled } = await circOk(site, 'cancelHold', { holdId: first._id }, readers[0]!.openid);
    expect(cancelled.status).toBe('cancelled');
    const mine = await circOk(site, 'myHolds', {}, readers[2]!.openid);
    expect(mine.items[0]).toMatchObject({ bookId: book._id, status: 'waiting', position: 2 });
    // someone else's hold: not theirs to cancel
    expectError(await circ(site, 'cancelHold', { holdId: mine.items[0]!._id }, stranger.openid), 'NOT_FOUND');
  });
});

describe('a returned copy and the queue', () => {
  it('goes on the hold shelf for the first in line; only they can borrow it', async () => {
    const { book, barcode } = await lentBook();
    const first = await newMember(site);
    const second = await newMember(site);
    const { hold } = await circOk(site, 'hold', { bookId: book._id }, first.openid);
    await circOk(site, 'hold', { bookId: book._id }, second.openid);

    const returned = await circOk(site, 'return', { barcode }, staff.openid);
    expect(returned.hold).toMatchObject({ holdId: hold._id, memberName: first.member.name });
    expect(Date.parse(returned.hold!.readyUntil)).toBeGreaterThan(Date.now() + 3 * 86_400_000 - 86_400_000);
    expect(await copyStatus(site, barcode)).toBe('onHoldShelf');
    expect(await bookNow(site, book._id)).toMatchObject({ available: 0, total: 1 });

    const ready = (await circOk(site, 'myHolds', {}, first.openid)).items[0]!;
    expect(ready).toMatchObject({ _id: hold._id, status: 'ready', barcode });
    expect(ready.readyUntil).toBe(returned.hold!.readyUntil);

    const pickup = await circOk(site, 'awaitingPickup', { pageSize: 50 }, staff.openid);
    expect(pickup.items.find((h) => h._id === hold._id)).toMatchObject({
      memberCode: first.member.memberCode,
      barcode,
    });
    const desk = await circOk(site, 'deskMember', { memberCode: first.member.memberCode }, staff.openid);
    expect(desk.readyHolds.map((h) => h._id)).toEqual([hold._id]);

    // another member (even the next in line) cannot take it
    expectError(await circ(site, 'borrow', { barcode }, second.openid), 'FAILED_PRECONDITION');
    const outsider = await newMember(site);
    expectError(
      await circ(
        site,
        'lend',
        { memberCode: outsider.member.memberCode, barcode, override: '急用' },
        staff.openid,
      ),
      'FAILED_PRECONDITION',
    );
    expect(await copyStatus(site, barcode)).toBe('onHoldShelf');

    // the holder borrows it: the hold is fulfilled
    const { loan } = await circOk(site, 'borrow', { barcode }, first.openid);
    expect(loan.barcode).toBe(barcode);
    const after = await circOk(site, 'myHolds', {}, first.openid);
    expect(after.items[0]).toMatchObject({ _id: hold._id, status: 'fulfilled' });
    const [copy] = await store().find<Record<string, unknown>>('copies', { barcode });
    expect(copy).toMatchObject({ status: 'onLoan', loanId: loan._id, memberId: first.member._id });
    expect(copy).not.toHaveProperty('holdId');
    expect((await circOk(site, 'myHolds', {}, second.openid)).items[0]).toMatchObject({ position: 1 });
  });

  it('passes a ready hold’s copy to the next in line when it is cancelled, then back to the shelf', async () => {
    const { book, barcode } = await lentBook();
    const first = await newMember(site);
    const second = await newMember(site);
    const { hold: h1 } = await circOk(site, 'hold', { bookId: book._id }, first.openid);
    const { hold: h2 } = await circOk(site, 'hold', { bookId: book._id }, second.openid);
    await circOk(site, 'return', { barcode }, staff.openid);

    await circOk(site, 'cancelHold', { holdId: h1._id }, first.openid);
    expect((await circOk(site, 'myHolds', {}, second.openid)).items[0]).toMatchObject({
      _id: h2._id,
      status: 'ready',
      barcode,
    });
    expect(await copyStatus(site, barcode)).toBe('onHoldShelf');

    // staff cancel the second one with a reason: nobody waits, the copy goes back to the shelf
    const { hold } = await circOk(
      site,
      'cancelHoldFor',
      { holdId: h2._id, reason: '读者电话告知不需要了' },
      staff.openid,
    );
    expect(hold.status).toBe('cancelled');
    expect(await copyStatus(site, barcode)).toBe('available');
    expect(await bookNow(site, book._id)).toMatchObject({ available: 1, total: 1 });
    const [copy] = await store().find<Record<string, unknown>>('copies', { barcode });
    for (const field of ['loanId', 'holdId', 'memberId']) expect(copy).not.toHaveProperty(field);
    const audit = await store().find<{ actorOpenid: string; reason: string }>('auditLog', {
      action: 'cancelHoldFor',
      targetId: h2._id,
    });
    expect(audit).toEqual([
      expect.objectContaining({ actorOpenid: staff.openid, reason: '读者电话告知不需要了' }),
    ]);
  });

  it('a return and the waiting member’s cancel at the same moment: the copy ends on the shelf either way', async () => {
    for (let round = 0; round < 3; round++) {
      const { book, barcode } = await lentBook();
      const reader = await newMember(site);
      const { hold } = await circOk(site, 'hold', { bookId: book._id }, reader.openid);
      const [returned, cancelled] = await Promise.all([
        circ(site, 'return', { barcode }, staff.openid),
        circ(site, 'cancelHold', { holdId: hold._id }, reader.openid),
      ]);
      expect(returned.ok && cancelled.ok).toBe(true);
      expect((await circOk(site, 'myHolds', {}, reader.openid)).items[0]).toMatchObject({
        status: 'cancelled',
      });
      expect(await copyStatus(site, barcode)).toBe('available');
      expect(await bookNow(site, book._id)).toMatchObject({ available: 1, total: 1 });
    }
  });

  it('lists a waiting hold whose book has a copy back on the shelf; pulling the copy readies it', async () => {
    const { book, barcode } = await lentBook();
    const waiting = await newMember(site);
    const { hold } = await circOk(site, 'hold', { bookId: book._id }, waiting.openid);
    // a second copy comes to the shelf without passing the desk (added by the catalogue)
    const { copies } = await okAt(
      site,
      'catalogue',
      'addCopies',
      { bookId: book._id, location: '一楼书架', source: 'memberDonation', count: 1 },
      ADMIN,
    );
    const added = copies[0]!.barcode;
    const list = await circOk(site, 'holdsToPull', { pageSize: 50 }, staff.openid);
    const item = list.items.find((h) => h._id === hold._id);
    expect(item).toMatchObject({ memberCode: waiting.member.memberCode, availableBarcodes: [added] });

    const pulled = await circOk(site, 'pull', { barcode: added }, staff.openid);
    expect(pulled.hold).toMatchObject({ _id: hold._id, status: 'ready', barcode: added });
    expect(await copyStatus(site, added)).toBe('onHoldShelf');
    const after = await circOk(site, 'holdsToPull', { pageSize: 50 }, staff.openid);
    expect(after.items.find((h) => h._id === hold._id)).toBeUndefined();
    // nobody else waits: pulling the returned copy is refused
    await circOk(site, 'return', { barcode }, staff.openid);
    expectError(await circ(site, 'pull', { barcode }, staff.openid), 'FAILED_PRECONDITION');
  });

  it('fulfils the member’s waiting hold when they borrow a copy that came back to the shelf', async () => {
    const { book, barcode } = await lentBook();
    const reader = await newMember(site);
    const { hold } = await circOk(site, 'hold', { bookId: book._id }, reader.openid);
    const { copies } = await okAt(
      site,
      'catalogue',
      'addCopies',
      { bookId: book._id, location: '一楼书架', source: 'purchase', count: 1 },
      ADMIN,
    );
    await circOk(site, 'borrow', { barcode: copies[0]!.barcode }, reader.openid);
    expect((await circOk(site, 'myHolds', {}, reader.openid)).items[0]).toMatchObject({
      _id: hold._id,
      status: 'fulfilled',
    });
    // the copy still on loan to the first borrower goes back to the shelf on return (nobody waits now)
    await circOk(site, 'return', { barcode }, staff.openid);
    expect(await copyStatus(site, barcode)).toBe('available');
  });

  it('keeps the catalogue from moving a copy that is on loan or on the hold shelf', async () => {
    const { book, barcode } = await lentBook();
    const copyId = (await okAt(site, 'catalogue', 'book', { bookId: book._id }, ADMIN)).copies[0]!._id;
    const lost = { copyId, status: 'lost' as const, reason: '测试' };
    expectError(await callAt(site, 'catalogue', 'updateCopy', lost, ADMIN), 'FAILED_PRECONDITION');
    expect(await copyStatus(site, barcode)).toBe('onLoan');
    const waiting = await newMember(site);
    await circOk(site, 'hold', { bookId: book._id }, waiting.openid);
    await circOk(site, 'return', { barcode }, staff.openid);
    expectError(await callAt(site, 'catalogue', 'updateCopy', lost, ADMIN), 'FAILED_PRECONDITION');
    expect(await copyStatus(site, barcode)).toBe('onHoldShelf');
  });
});
