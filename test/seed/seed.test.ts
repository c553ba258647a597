/**
 * The seed against a real store in a temp data directory: the demo catalogue part (once, real titles
 * without invented ISBNs, counts from copies, booklists pointing at books) and the synthetic scale data
 * (valid ISBNs, deterministic, idempotent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BOOK_CATEGORIES } from '../../typings/entities';
import { parseIsbn } from '../../miniprogram/shared/isbn';
import { searchFieldsFor } from '../../cloudfunctions/catalogue/src/search';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { STARTER_BOOKS } from '../../scripts/seed/data/starter-catalogue';
import { seedDemo } from '../../scripts/seed/demo';
import type { EventDoc, SignupDoc } from '../../cloudfunctions/events/src/docs';
import { EVENT_ID_PATTERN } from '../../cloudfunctions/events/src/ids';
import type { MemberDoc } from '../../cloudfunctions/_shared/members';
import { countsOf, type BookDoc, type BooklistDoc, type CopyDoc } from '../../scripts/seed/documents';
import { seedSyntheticBooks } from '../../scripts/seed/scale';
import { syntheticBooks, syntheticTitle } from '../../scripts/seed/synthetic';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-seed-'));
  store = await openStore(dir);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo events part', () => {
  // The seed writes each event's counts from the sign-ups it writes itself, so comparing the two could not
  // fail; what can go wrong is the sign-ups' people, written by hand beside the demo members: each must
  // be a seeded member (name and branch as stored on the member), of the event's audience, within its seats.
  test('four events relative to the seed time, sign-ups of seeded members of the audience, times valid', async () => {
    await seedDemo(store);
    const events = await store.find<EventDoc>('events', {}, { sort: { startAt: 1 } });
    expect(events.map((e) => e.type).sort()).toEqual(['essayContest', 'lecture', 'readingShare', 'themeDay']);
    const signups = await store.find<SignupDoc>('signups');
    const members = new Map((await store.find<MemberDoc>('members')).map((m) => [m._id, m]));
    const now = Date.now();
    for (const e of events) {
      expect(e._id).toMatch(EVENT_ID_PATTERN);
      const own = signups.filter((s) => s.eventId === e._id);
      if (e.capacity) expect(own.length).toBeLessThanOrEqual(e.capacity);
      for (const s of own) {
        const m = members.get(s.memberId);
        expect(m && { name: m.name, branchName: m.branchName, status: m.status }).toEqual({
          name: s.memberName,
          branchName: s.branchName,
          status: 'active',
        });
        expect(e.audience.includes('all') || e.audience.includes(m!.branchId)).toBe(true);
      }
      expect(e.endAt.getTime()).toBeGreaterThan(e.startAt.getTime());
      expect(e.signupDeadline.getTime()).toBeLessThanOrEqual(e.startAt.getTime());
      expect(e.checkinOpensAt.getTime()).toBeLessThan(e.checkinClosesAt.getTime());
      for (const s of own) expect(s.signedUpAt.getTime()).toBeLessThanOrEqual(now);
    }
    const past = events.find((e) => e.type === 'lecture')!;
    expect(past).toMatchObject({ status: 'finished' });
    expect(past.endAt.getTime()).toBeLessThan(now);
    expect(signups.filter((s) => s.eventId === past._id && s.attendedAt)).toHaveLength(2);
    const share = events.find((e) => e.type === 'readingShare')!;
    expect(share).toMatchObject({ capacity: 50, status: 'published', audience: ['all'] });
    expect(share.startAt.getTime()).toBeGreaterThan(now);
  });
});

describe('the demo circulation part', () => {
  test('comes with a fresh demo, not into a data directory seeded before it existed', async () => {
    await seedDemo(store);
    expect(await store.count('loans')).toBe(6);
    expect(await store.count('holds')).toBe(2);

    // the same directory as if seeded before the part existed, its loans and holds gone since
    await store.remove('loans', {}, { multi: true });
    await store.remove('holds', {}, { multi: true });
    await store.update(
      'config',
      { _id: 'seed' },
      { $set: { parts: ['organisation', 'catalogue', 'events'] } },
    );
    expect(await seedDemo(store)).toEqual(['circulation']);
    expect(await store.count('loans')).toBe(0);
    expect(await store.count('holds')).toBe(0);
  });
});

describe('the demo catalogue part', () => {
  test('seeds categories, books, copies and booklists once', async () => {
    expect(await seedDemo(store)).toEqual(['organisation', 'catalogue', 'events', 'circulation']);
    const categories = await store.find('bookCategories', {}, { sort: { order: 1 } });
    expect(categories.map((c) => c.name)).toEqual([...DEFAULT_BOOK_CATEGORIES]);
    const counts = {
      books: await store.count('books'),
      copies: await store.count('copies'),
      booklists: await store.count('booklists'),
    };
    expect(counts.books).toBe(STARTER_BOOKS.length);
    expect(counts.books).toBeGreaterThanOrEqual(40);
    expect(counts.booklists).toBe(3);

    expect(await seedDemo(store)).toEqual([]);
    expect(await store.count('books')).toBe(counts.books);
    expect(await store.count('copies')).toBe(counts.copies);
    expect(await store.count('bookCategories')).toBe(8);
  });

  test('invents no ISBN, keeps counts from copies and carries the search fields', async () => {
    await seedDemo(store);
    const books = await store.find<BookDoc>('books');
    const copies = await store.find<CopyDoc>('copies');
    for (const book of books) {
      for (const isbn of [book.isbn13, book.isbn10].filter(Boolean)) expect(parseIsbn(isbn).ok).toBe(true);
      const own = copies.filter((c) => c.bookId === book._id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect({ available: book.available, total: book.total }).toEqual(countsOf(own.map((c) => c.status)));
      expect(book).toMatchObject(searchFieldsFor(book));
      expect(book.createdAt).toBeInstanceOf(Date);
    }
    expect(copies.some((c) => c.status === 'inRepair')).toBe(true);
    expect(copies.some((c) => c.source === 'unitDonation' && c.donor)).toBe(true);
    expect(new Set(copies.map((c) => c.barcode)).size).toBe(copies.length);
    const red = books.find((b) => b.title === '红星照耀中国');
    expect(red).toMatchObject({ author: '埃德加·斯诺', publisher: '人民文学出版社', isbn13: '' });

    const bookIds = new Set(books.map((b) => b._id));
    const lists = await store.find<BooklistDoc>('booklists', {}, { sort: { order: 1 } });
    expect(lists.map((l) => l.kind)).toEqual(['shelf', 'mustRead', 'recommended']);
    for (const list of lists) {
      expect(list.featured).toBe(true);
      expect(list.itemCount).toBe(list.items.length);
      for (const item of list.items) expect(bookIds.has(item.bookId)).toBe(true);
    }
    const recommended = lists[2]!;
    expect(recommended.curator).not.toBe('');
    expect(recommended.items.every((i) => i.comment !== '')).toBe(true);
  });

  test('a data directory that already holds books keeps them and gets only the categories', async () => {
    await store.ensureCollection('books');
    await store.insert('books', { _id: 'imported', title: '已导入的书' });
    await seedDemo(store);
    expect(await store.count('books')).toBe(1);
    expect(await store.count('bookCategories')).toBe(8);
  });
});

describe('synthetic titles', () => {
  test('are deterministic, with valid ISBNs outside 978, ~2 copies each and unique barcodes', () => {
    const titles = [...syntheticBooks(500, 7)];
    expect(titles.map((t) => t.book)).toEqual([...syntheticBooks(500, 7)].map((t) => t.book));
    expect(syntheticTitle(321, 7).book).toEqual(titles[320]!.book);
    // Another seed gives other titles (the same ISBN series).
    const otherSeed = [...syntheticBooks(20, 8)].map((t) => t.book.title);
    expect(otherSeed).not.toEqual(titles.slice(0, 20).map((t) => t.book.title));
    const barcodes = new Set<string>();
    let copies = 0;
    for (const { book, copies: own } of titles) {
      const parsed = parseIsbn(book.isbn13);
      expect(parsed.ok).toBe(true);
      expect(book.isbn13.startsWith('97999')).toBe(true);
      expect(book.title).toMatch(/[\u4e00-\u9fff]/);
      expect(book.author).not.toBe('');
      expect({ available: book.available, total: book.total }).toEqual(countsOf(own.map((c) => c.status)));
      for (const copy of own) barcodes.add(copy.barcode);
      copies += own.length;
    }
    expect(new Set(titles.map((t) => t.book.isbn13)).size).toBe(500);
    expect(barcodes.size).toBe(copies);
    expect(copies / 500).toBeGreaterThan(1.7);
    expect(copies / 500).toBeLessThan(2.3);
  });

  test('--books N twice adds nothing the second time; a larger N adds the difference', async () => {
    const first = await seedSyntheticBooks(store, 300, { batchSize: 128 });
    expect(first.books).toBe(300);
    const copies = await store.count('copies');
    expect(first.copies).toBe(copies);

    expect(await seedSyntheticBooks(store, 300, { batchSize: 128 })).toEqual({ books: 0, copies: 0 });
    expect(await store.count('books')).toBe(300);
    expect(await store.count('copies')).toBe(copies);

    const more = await seedSyntheticBooks(store, 350);
    expect(more.books).toBe(50);
    expect(await store.count('books')).toBe(350);
  });
});
