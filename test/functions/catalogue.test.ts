/** The `catalogue` function through the real SDK and the local cloud's function runner (shared cloud). */
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { isbn13To10 } from '../../miniprogram/shared/isbn';
import type { Copy } from '../../typings/entities';
import { call, callOk, invoke, newOpenid } from '../support/cloud';
import { localCloudDataDir } from '../support/env';
import {
  ADMIN,
  addCopies,
  expectError,
  librarian,
  newBook,
  newCategory,
  randomIsbn13,
  registeredMember,
  uniqueBarcode,
  uniqueName,
} from './catalogue-fixtures';

let store: Store;

beforeAll(async () => {
  store = await openStore(localCloudDataDir());
});

afterAll(async () => {
  await store.close();
});

function hyphenate13(isbn: string): string {
  return `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 8)}-${isbn.slice(8, 12)}-${isbn.slice(12)}`;
}

/** The book's counts recomputed from its copies, as the book page lists them. */
function recount(copies: Copy[]): { available: number; total: number } {
  return {
    available: copies.filter((c) => c.status === 'available').length,
    total: copies.filter((c) => c.status !== 'withdrawn' && c.status !== 'lost').length,
  };
}

describe('books', () => {
  it('adds a book with a hyphenated ISBN-10, stores ISBN-13 and ISBN-10, and finds it by ISBN', async () => {
    const staff = await librarian();
    const category = await newCategory(staff);
    const isbn13 = randomIsbn13();
    const isbn10 = isbn13To10(isbn13);
    const hyphenated10 = `${isbn10.slice(0, 1)}-${isbn10.slice(1, 4)}-${isbn10.slice(4, 9)}-${isbn10.slice(9)}`;
    const { book } = await callOk(
      'catalogue',
      'saveBook',
      {
        isbn: hyphenated10,
        title: '  红星照耀中国 ',
        subtitle: '',
        author: '埃德加·斯诺',
        translator: '董乐山',
        publisher: '人民文学出版社',
        year: 2016,
        categoryId: category._id,
        tags: ['纪实', '长征', '纪实'],
        summary: '第一行\n第二行',
        cover: 'cloud://env-1.636c/covers/x.jpg',
      },
      staff,
    );
    expect(book).toMatchObject({
      isbn13,
      isbn10,
      title: '红星照耀中国',
      author: '埃德加·斯诺',
      translator: '董乐山',
      year: 2016,
      categoryId: category._id,
      tags: ['纪实', '长征'],
      summary: '第一行\n第二行',
      available: 0,
      total: 0,
    });
    expect(new Date(book.createdAt).toISOString()).toBe(book.createdAt);

    expect(await callOk('catalogue', 'lookupIsbn', { isbn: hyphenate13(isbn13) }, staff)).toEqual({ book });
    expect(await callOk('catalogue', 'lookupIsbn', { isbn: randomIsbn13() }, staff)).toEqual({ book: null });
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, newOpenid('visitor'));
    expect(detail).toEqual({ book, category, holdings: [], copies: [], booklists: [] });
  });

  it('refuses a duplicate ISBN on create with CONFLICT naming the existing title, and adds nothing', async () => {
    const category = await newCategory();
    const isbn = randomIsbn13();
    const first = await newBook(category._id, { isbn, title: uniqueName('原书') });
    const message = expectError(
      await call(
        'catalogue',
        'saveBook',
        { isbn: hyphenate13(isbn), title: '另一本', author: '某人', categoryId: category._id },
        ADMIN,
      ),
      'CONFLICT',
    );
    expect(message).toContain(`《${first.title}》`);
    expect(await store.count('books', { isbn13: isbn })).toBe(1);
  });

  it('keeps exactly one book when the same ISBN is created concurrently (five rounds)', async () => {
    const category = await newCategory();
    for (let round = 0; round < 5; round++) {
      const isbn = randomIsbn13();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_unused, i) =>
          call(
            'catalogue',
            'saveBook',
            { isbn, title: `并发${round}-${i}`, author: '某人', categoryId: category._id },
            ADMIN,
          ),
        ),
      );
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      for (const a of answers.filter((r) => !r.ok)) expectError(a, 'CONFLICT');
      expect(await store.count('books', { isbn13: isbn })).toBe(1);
    }
  });

  it('answers the first result to a retried create of a book with an ISBN, concurrent or later', async () => {
    const category = await newCategory();
    const isbn = randomIsbn13();
    const request = {
      requestId: `req-isbn-${Date.now()}-${process.pid}`,
      isbn,
      title: uniqueName('重试'),
      author: '某人',
      categoryId: category._id,
    };
    const answers = await Promise.all([1, 2, 3].map(() => callOk('catalogue', 'saveBook', request, ADMIN)));
    const again = await callOk('catalogue', 'saveBook', request, ADMIN);
    expect(new Set([...answers, again].map((a) => a.book._id)).size).toBe(1);
    expect(await store.count('books', { isbn13: isbn })).toBe(1);
    // the same ISBN under another request is a duplicate
    expectError(
      await call('catalogue', 'saveBook', { ...request, requestId: `${request.requestId}-2` }, ADMIN),
      'CONFLICT',
    );
  });

  it('a book whose ISBN was changed leaves its old ISBN free for a new book', async () => {
    const category = await newCategory();
    const [old, moved] = [randomIsbn13(), randomIsbn13()];
    const first = await newBook(category._id, { isbn: old });
    await callOk(
      'catalogue',
      'saveBook',
      { bookId: first._id, isbn: moved, title: first.title, author: first.author, categoryId: category._id },
      ADMIN,
    );
    const second = await callOk(
      'catalogue',
      'saveBook',
      { isbn: old, title: uniqueName('新书'), author: '某人', categoryId: category._id },
      ADMIN,
    );
    expect(second.book.isbn13).toBe(old);
    expect(second.book._id).not.toBe(first._id);
    expect(await store.count('books', { isbn13: old })).toBe(1);
  });

  it('answers the first result to a create retried with the same requestId', async () => {
    const category = await newCategory();
    const requestId = `req-${Date.now()}-${process.pid}`;
    const request = { requestId, title: uniqueName('重试'), author: '某人', categoryId: category._id };
    const answers = await Promise.all([1, 2, 3].map(() => callOk('catalogue', 'saveBook', request, ADMIN)));
    const again = await callOk('catalogue', 'saveBook', { ...request, title: '改过的书名' }, ADMIN);
    expect(new Set([...answers, again].map((a) => a.book._id)).size).toBe(1);
    expect(again.book.title).toBe(request.title);
    expect(await store.count('books', { title: request.title })).toBe(1);
  });

  it('edits a book: absent fields kept, empty ones cleared, counts untouched, ISBN checked', async () => {
    const category = await newCategory();
    const other = await newCategory();
    const isbn = randomIsbn13();
    const book = await newBook(category._id, { isbn, publisher: '人民出版社', year: 2001, tags: ['a'] });
    await addCopies(book._id, { count: 2 });
    const taken = await newBook(category._id, { isbn: randomIsbn13() });

    const { book: edited } = await callOk(
      'catalogue',
      'saveBook',
      { bookId: book._id, title: '新书名', author: '新作者', categoryId: other._id, publisher: '' },
      ADMIN,
    );
    expect(edited).toMatchObject({
      _id: book._id,
      isbn13: isbn,
      title: '新书名',
      author: '新作者',
      categoryId: other._id,
      publisher: '',
      year: 2001,
      tags: ['a'],
      available: 2,
      total: 2,
      createdAt: book.createdAt,
    });
    expect((await callOk('catalogue', 'book', { bookId: book._id }, ADMIN)).book).toEqual(edited);

    expectError(
      await call(
        'catalogue',
        'saveBook',
        { bookId: book._id, isbn: taken.isbn13, title: 'x', author: 'y', categoryId: other._id },
        ADMIN,
      ),
      'CONFLICT',
    );
    const cleared = await callOk(
      'catalogue',
      'saveBook',
      { bookId: book._id, isbn: '', title: '新书名', author: '新作者', categoryId: other._id },
      ADMIN,
    );
    expect(cleared.book).toMatchObject({ isbn13: '', isbn10: '' });
    expectError(
      await call(
        'catalogue',
        'saveBook',
        { bookId: 'no-such-book', title: 'x', author: 'y', categoryId: other._id },
        ADMIN,
      ),
      'NOT_FOUND',
    );
  });

  it('refuses a category that does not exist with NOT_FOUND', async () => {
    const title = uniqueName('无分类');
    expectError(
      await call('catalogue', 'saveBook', { title, author: 'x', categoryId: 'no-such-category' }, ADMIN),
      'NOT_FOUND',
    );
    expect(await store.count('books', { title })).toBe(0);
  });
});

describe('copies and counts', () => {
  it('adds scanned copies, counts them, and shows holdings by location', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const a = [uniqueBarcode(), uniqueBarcode()];
    const b = uniqueBarcode();
    const first = await addCopies(book._id, {
      barcodes: a.map((x) => x.toLowerCase()),
      location: '二楼 党史专架',
      source: 'unitDonation',
      donor: '市委宣传部',
    });
    expect(first.map((c) => c.barcode)).toEqual(a);
    expect(first[0]).toMatchObject({
      bookId: book._id,
      location: '二楼 党史专架',
      status: 'available',
      source: 'unitDonation',
      donor: '市委宣传部',
    });
    await addCopies(book._id, { barcodes: [b], location: '一楼 阅览室' });

    const detail = await callOk('catalogue', 'book', { bookId: book._id }, newOpenid('visitor'));
    expect(detail.book).toMatchObject({ available: 3, total: 3 });
    expect(detail.holdings).toEqual([
      { location: '一楼 阅览室', available: 1, total: 1 },
      { location: '二楼 党史专架', available: 2, total: 2 },
    ]);
    expect(detail.copies.map((c) => c.barcode).sort()).toEqual([...a, b].sort());

    const byBarcode = await callOk('catalogue', 'copy', { barcode: ` ${b.toLowerCase()} ` }, newOpenid());
    expect(byBarcode.copy).toMatchObject({ barcode: b, bookId: book._id });
    expect(byBarcode.book).toMatchObject({ _id: book._id, title: book.title, available: 3, total: 3 });
    expectError(await call('catalogue', 'copy', { barcode: 'NO-SUCH-CODE' }, newOpenid()), 'NOT_FOUND');
  });

  it('refuses a barcode already used with CONFLICT naming it, adding none of the batch', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const used = uniqueBarcode();
    await addCopies(book._id, { barcodes: [used] });
    const fresh = uniqueBarcode();
    const message = expectError(
      await call(
        'catalogue',
        'addCopies',
        { bookId: book._id, barcodes: [fresh, used], location: '一楼', source: 'purchase' },
        ADMIN,
      ),
      'CONFLICT',
    );
    expect(message).toContain(used);
    expect(await store.count('copies', { barcode: fresh })).toBe(0);
    expect((await callOk('catalogue', 'book', { bookId: book._id }, ADMIN)).book).toMatchObject({
      available: 1,
      total: 1,
    });
  });

  it('adds a barcode scanned at two desks at once exactly once', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const code = uniqueBarcode();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_unused, i) =>
        call(
          'catalogue',
          'addCopies',
          { bookId: book._id, barcodes: [uniqueBarcode(), code], location: `桌${i}`, source: 'purchase' },
          ADMIN,
        ),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    for (const a of answers.filter((r) => !r.ok)) expect(expectError(a, 'CONFLICT')).toContain(code);
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, ADMIN);
    expect(detail.copies).toHaveLength(2);
    expect(detail.book).toMatchObject({ available: 2, total: 2 });
  });

  it('generates barcodes in the documented format, and a retried request adds nothing more', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const requestId = `copies-${Date.now()}-${process.pid}`;
    const request = {
      bookId: book._id,
      requestId,
      count: 5,
      location: '一楼',
      source: 'librarySelection' as const,
    };
    const [one, two] = await Promise.all([
      callOk('catalogue', 'addCopies', request, ADMIN),
      callOk('catalogue', 'addCopies', request, ADMIN),
    ]);
    const again = await callOk('catalogue', 'addCopies', request, ADMIN);
    expect(one.copies).toHaveLength(5);
    for (const copy of one.copies) expect(copy.barcode).toMatch(/^SW[2-9A-HJKMNP-Z]{10}$/);
    expect(two.copies.map((c) => c._id)).toEqual(one.copies.map((c) => c._id));
    expect(again.copies.map((c) => c.barcode)).toEqual(one.copies.map((c) => c.barcode));
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, ADMIN);
    expect(detail.copies).toHaveLength(5);
    expect(detail.book).toMatchObject({ available: 5, total: 5 });
  });

  it('moves the counts with each status change and logs the reason', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const [copy] = await addCopies(book._id, { count: 2 });
    const counts = async () => (await callOk('catalogue', 'book', { bookId: book._id }, ADMIN)).book;
    const staff = await librarian();
    const steps: [string, { available: number; total: number }][] = [
      ['inRepair', { available: 1, total: 2 }],
      ['lost', { available: 1, total: 1 }],
      ['withdrawn', { available: 1, total: 1 }],
      ['available', { available: 2, total: 2 }],
      ['available', { available: 2, total: 2 }],
    ];
    for (const [status, expected] of steps) {
      const { copy: changed } = await callOk(
        'catalogue',
        'updateCopy',
        { copyId: copy!._id, status: status as 'available', reason: `测试${status}` },
        staff,
      );
      expect(changed.status).toBe(status);
      expect(await counts()).toMatchObject(expected);
    }
    const moved = await callOk('catalogue', 'updateCopy', { copyId: copy!._id, location: '三楼' }, staff);
    expect(moved.copy).toMatchObject({ location: '三楼', status: 'available' });
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, ADMIN);
    expect(detail.holdings).toEqual([
      { location: '一楼书架', available: 1, total: 1 },
      { location: '三楼', available: 1, total: 1 },
    ]);
    const audit = await store.find('auditLog', { action: 'updateCopy', targetId: copy!._id });
    expect(audit.map((e) => e.reason)).toEqual(expect.arrayContaining(['测试lost', '测试inRepair']));
  });

  it('refuses to touch a copy on loan or on the hold shelf (circulation owns those)', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const [onLoan, onShelf] = await addCopies(book._id, { count: 2 });
    await store.update('copies', { _id: onLoan!._id }, { $set: { status: 'onLoan' } });
    await store.update('copies', { _id: onShelf!._id }, { $set: { status: 'onHoldShelf' } });
    for (const [copy, status] of [
      [onLoan!, 'withdrawn'],
      [onShelf!, 'available'],
    ] as const) {
      expectError(
        await call('catalogue', 'updateCopy', { copyId: copy._id, status }, ADMIN),
        'FAILED_PRECONDITION',
      );
      expectError(
        await call('catalogue', 'updateCopy', { copyId: copy._id, location: '别处' }, ADMIN),
        'FAILED_PRECONDITION',
      );
    }
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, ADMIN);
    const now = new Map(detail.copies.map((c) => [c._id, [c.status, c.location]]));
    expect(now.get(onLoan!._id)).toEqual(['onLoan', '一楼书架']);
    expect(now.get(onShelf!._id)).toEqual(['onHoldShelf', '一楼书架']);
    expect(detail.book).toMatchObject({ available: 2, total: 2 }); // untouched by the refusals
    expectError(
      await call('catalogue', 'updateCopy', { copyId: 'nope', status: 'lost' }, ADMIN),
      'NOT_FOUND',
    );
  });

  it('keeps the counts equal to a recount under 20 concurrent status changes, 4 additions and 4 edits', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const copies = await addCopies(book._id, { count: 10 });
    const statuses = ['inRepair', 'lost', 'withdrawn', 'available'] as const;
    const changes = Array.from({ length: 20 }, (_unused, i) =>
      callOk(
        'catalogue',
        'updateCopy',
        { copyId: copies[i % copies.length]!._id, status: statuses[(i * 7) % statuses.length]! },
        ADMIN,
      ),
    );
    const additions = Array.from({ length: 4 }, () => addCopies(book._id, { count: 2 }));
    // edits of the bibliographic fields at the same time never write the counts
    const edits = Array.from({ length: 4 }, (_unused, i) =>
      callOk(
        'catalogue',
        'saveBook',
        { bookId: book._id, title: `${book.title}${i}`, author: book.author, categoryId: category._id },
        ADMIN,
      ),
    );
    await Promise.all([...changes, ...additions, ...edits]);
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, ADMIN);
    expect(detail.copies).toHaveLength(18);
    expect({ available: detail.book.available, total: detail.book.total }).toEqual(recount(detail.copies));
    const stored = await store.find('books', { _id: book._id });
    expect(stored[0]).toMatchObject(recount(detail.copies));
  });
});

describe('booklists', () => {
  it('keeps items in order with their books, lists by kind with previews, and shows on the book page', async () => {
    const category = await newCategory();
    const books = [];
    for (let i = 0; i < 6; i++) books.push(await newBook(category._id, { title: uniqueName(`书单书${i}`) }));
    await addCopies(books[2]!._id, { count: 1 });
    const order = [books[3]!, books[0]!, books[5]!, books[1]!, books[4]!, books[2]!];
    const title = uniqueName('领导荐书');
    const { booklist } = await callOk(
      'catalogue',
      'saveBooklist',
      {
        kind: 'recommended',
        title,
        description: '推荐给全体党员',
        curator: '王书记',
        curatorUnit: '机关党委',
        featured: true,
        items: order.map((b, i) => ({ bookId: b._id, comment: i === 0 ? '必读' : '' })),
      },
      ADMIN,
    );
    expect(booklist).toMatchObject({ kind: 'recommended', title, curator: '王书记', featured: true });
    expect(booklist.items.map((i) => i.bookId)).toEqual(order.map((b) => b._id));

    const detail = await callOk('catalogue', 'booklist', { booklistId: booklist._id }, newOpenid());
    expect(detail.booklist).toEqual(booklist);
    expect(detail.items.map((i) => i.book?.title)).toEqual(order.map((b) => b.title));
    expect(detail.items[0]).toMatchObject({ comment: '必读' });
    expect(detail.items[5]!.book).toMatchObject({ available: 1, total: 1 });

    const { items } = await callOk('catalogue', 'booklists', { kind: 'recommended' }, newOpenid());
    const summary = items.find((l) => l._id === booklist._id);
    expect(summary).toMatchObject({ count: 6, title });
    expect(summary!.preview.map((b) => b._id)).toEqual(order.slice(0, 4).map((b) => b._id));
    expect(summary).not.toHaveProperty('items');
    const shelves = await callOk('catalogue', 'booklists', { kind: 'shelf' }, newOpenid());
    expect(shelves.items.map((l) => l._id)).not.toContain(booklist._id);

    const home = await callOk('catalogue', 'home', {}, newOpenid());
    expect(home.featured.map((l) => l._id)).toContain(booklist._id);

    const page = await callOk('catalogue', 'book', { bookId: books[0]!._id }, newOpenid());
    expect(page.booklists).toEqual([{ _id: booklist._id, kind: 'recommended', title }]);

    // replace the items, then lose a book: it shows as null in its place
    const edited = await callOk(
      'catalogue',
      'saveBooklist',
      {
        booklistId: booklist._id,
        kind: 'mustRead',
        title,
        items: [books[1]!, books[0]!].map((b) => ({ bookId: b._id, comment: '' })),
      },
      ADMIN,
    );
    expect(edited.booklist).toMatchObject({ kind: 'mustRead', curator: '王书记', featured: true });
    await store.remove('books', { _id: books[1]!._id });
    const after = await callOk('catalogue', 'booklist', { booklistId: booklist._id }, newOpenid());
    expect(after.items.map((i) => i.book && i.book._id)).toEqual([null, books[0]!._id]);
    expect((await callOk('catalogue', 'book', { bookId: books[3]!._id }, newOpenid())).booklists).toEqual([]);

    expect(await callOk('catalogue', 'removeBooklist', { booklistId: booklist._id }, ADMIN)).toEqual({
      removed: true,
    });
    expectError(await call('catalogue', 'booklist', { booklistId: booklist._id }, newOpenid()), 'NOT_FOUND');
  });

  it('refuses items whose book does not exist, and answers a retried create once', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const title = uniqueName('必读书目');
    expectError(
      await call(
        'catalogue',
        'saveBooklist',
        {
          kind: 'mustRead',
          title,
          items: [
            { bookId: book._id, comment: '' },
            { bookId: 'gone', comment: '' },
          ],
        },
        ADMIN,
      ),
      'NOT_FOUND',
    );
    expect(await store.count('booklists', { title })).toBe(0);
    const request = {
      kind: 'mustRead' as const,
      title,
      requestId: `list-${Date.now()}-${process.pid}`,
      items: [{ bookId: book._id, comment: '' }],
    };
    const [a, b] = await Promise.all([
      callOk('catalogue', 'saveBooklist', request, ADMIN),
      callOk('catalogue', 'saveBooklist', request, ADMIN),
    ]);
    expect(a.booklist._id).toBe(b.booklist._id);
    expect(await store.count('booklists', { title })).toBe(1);
  });
});

describe('categories', () => {
  it('adds, renames, refuses duplicates, and refuses removal while books use the category', async () => {
    const staff = await librarian();
    const category = await newCategory(staff);
    const { items } = await callOk('catalogue', 'categories', {}, newOpenid());
    expect(items).toContainEqual(category);
    const orders = items.map((c) => c.order);
    expect(orders).toEqual([...orders].sort((x, y) => x - y));

    expectError(await call('catalogue', 'saveCategory', { name: category.name }, staff), 'CONFLICT');
    const renamed = await callOk(
      'catalogue',
      'saveCategory',
      { categoryId: category._id, name: category.name + '新' },
      staff,
    );
    expect(renamed.category).toEqual({ ...category, name: category.name + '新' });

    const book = await newBook(category._id);
    const message = expectError(
      await call('catalogue', 'removeCategory', { categoryId: category._id }, staff),
      'FAILED_PRECONDITION',
    );
    expect(message).toContain('1');
    await callOk(
      'catalogue',
      'saveBook',
      { bookId: book._id, title: book.title, author: book.author, categoryId: (await newCategory())._id },
      staff,
    );
    expect(await callOk('catalogue', 'removeCategory', { categoryId: category._id }, staff)).toEqual({
      removed: true,
    });
    expectError(await call('catalogue', 'removeCategory', { categoryId: category._id }, staff), 'NOT_FOUND');
  });
});

describe('access', () => {
  const writes = (ids: { bookId: string; copyId: string; categoryId: string; booklistId: string }) =>
    [
      ['lookupIsbn', { isbn: randomIsbn13() }],
      ['saveBook', { title: '越权', author: 'x', categoryId: ids.categoryId }],
      ['saveBook', { bookId: ids.bookId, title: '越权', author: 'x', categoryId: ids.categoryId }],
      ['addCopies', { bookId: ids.bookId, count: 1, location: 'x', source: 'purchase' }],
      ['updateCopy', { copyId: ids.copyId, status: 'lost' }],
      ['saveCategory', { name: '越权分类' }],
      ['orderCategories', { categoryIds: [ids.categoryId] }],
      ['removeCategory', { categoryId: ids.categoryId }],
      ['saveBooklist', { kind: 'shelf', title: '越权', items: [] }],
      ['orderBooklists', { booklistIds: [ids.booklistId] }],
      ['removeBooklist', { booklistId: ids.booklistId }],
    ] as const;

  it('refuses every write to a member (FORBIDDEN) and to an unregistered caller (UNAUTHENTICATED)', async () => {
    const category = await newCategory();
    const book = await newBook(category._id);
    const [copy] = await addCopies(book._id);
    const { booklist } = await callOk(
      'catalogue',
      'saveBooklist',
      { kind: 'shelf', title: uniqueName('专架'), items: [] },
      ADMIN,
    );
    const ids = { bookId: book._id, copyId: copy!._id, categoryId: category._id, booklistId: booklist._id };
    const member = await registeredMember();
    const stranger = newOpenid('stranger');
    for (const [action, params] of writes(ids)) {
      expectError(await invoke('catalogue', { action, ...params }, member), 'FORBIDDEN');
      expectError(await invoke('catalogue', { action, ...params }, stranger), 'UNAUTHENTICATED');
    }
    const detail = await callOk('catalogue', 'book', { bookId: book._id }, stranger);
    expect(detail.book).toMatchObject({ title: book.title, available: 1, total: 1 });
    expect(detail.copies.map((c) => c.status)).toEqual(['available']);
    expect(await store.count('bookCategories', { _id: category._id })).toBe(1);
    expect(await store.count('booklists', { _id: booklist._id })).toBe(1);
    expect(await store.count('bookCategories', { name: '越权分类' })).toBe(0);
  });

  it('opens every read to an unregistered caller', async () => {
    const stranger = newOpenid('reader');
    for (const [action, params] of [
      ['home', {}],
      ['categories', {}],
      ['newArrivals', {}],
      ['booklists', {}],
      ['search', { q: '' }],
    ] as const) {
      expect(await invoke('catalogue', { action, ...params }, stranger)).toMatchObject({ ok: true });
    }
  });
});

describe('bad input answers INVALID_ARGUMENT and writes nothing', () => {
  const long = '书'.repeat(10_000);
  let categoryId: string;
  let bookId: string;
  let copyId: string;
  beforeAll(async () => {
    categoryId = (await newCategory())._id;
    bookId = (await newBook(categoryId))._id;
    copyId = (await addCopies(bookId))[0]!._id;
  });

  const marker = uniqueName('坏输入');
  const book = () => ({ action: 'saveBook', title: marker, author: '某人', categoryId });
  const cases: [string, () => Record<string, unknown>][] = [
    ['an unknown action', () => ({ action: 'dropBooks' })],
    ['a number for the title', () => ({ ...book(), title: 42 })],
    ['a 10 000-character title', () => ({ ...book(), title: long })],
    ['a 201-character title', () => ({ ...book(), title: '书'.repeat(201) })],
    ['a blank author', () => ({ ...book(), author: '  ' })],
    ['a 101-character author', () => ({ ...book(), author: '作'.repeat(101) })],
    ['an operator object for the category', () => ({ ...book(), categoryId: { $gt: '' } })],
    ['an operator object for the book id', () => ({ ...book(), bookId: { $ne: null } })],
    ['an ISBN with a bad checksum', () => ({ ...book(), isbn: '978-7-01-000000-1' })],
    ['an ISBN of 12 digits', () => ({ ...book(), isbn: '978701000000' })],
    ['an ISBN as a number', () => ({ ...book(), isbn: 9787010000000 })],
    ['a year in the future', () => ({ ...book(), year: new Date().getFullYear() + 2 })],
    ['a year of 999', () => ({ ...book(), year: 999 })],
    ['a fractional year', () => ({ ...book(), year: 2000.5 })],
    ['21 tags', () => ({ ...book(), tags: Array.from({ length: 21 }, (_u, i) => `标签${i}`) })],
    ['a 21-character tag', () => ({ ...book(), tags: ['标'.repeat(21)] })],
    ['tags as a string', () => ({ ...book(), tags: '党史' })],
    ['a javascript: cover', () => ({ ...book(), cover: 'javascript:alert(1)' })],
    ['a 501-character cover', () => ({ ...book(), cover: 'https://x.cn/' + 'a'.repeat(490) })],
    ['a 10 000-character summary', () => ({ ...book(), summary: long })],
    ['a short request id', () => ({ ...book(), requestId: 'abc' })],
    [
      'a barcode with spaces',
      () => ({ action: 'addCopies', bookId, barcodes: ['AB CD'], location: '一楼', source: 'purchase' }),
    ],
    [
      'a 33-character barcode',
      () => ({
        action: 'addCopies',
        bookId,
        barcodes: ['A'.repeat(33)],
        location: '一楼',
        source: 'purchase',
      }),
    ],
    [
      'a barcode twice in one call',
      () => ({
        action: 'addCopies',
        bookId,
        barcodes: ['DUP-1', 'dup-1'],
        location: '一楼',
        source: 'purchase',
      }),
    ],
    [
      '101 barcodes',
      () => ({
        action: 'addCopies',
        bookId,
        barcodes: Array.from({ length: 101 }, (_u, i) => `MANY-${i}`),
        location: '一楼',
        source: 'purchase',
      }),
    ],
    [
      '51 generated copies',
      () => ({ action: 'addCopies', bookId, count: 51, location: '一楼', source: 'purchase' }),
    ],
    [
      'both barcodes and count',
      () => ({
        action: 'addCopies',
        bookId,
        barcodes: ['BOTH-1'],
        count: 1,
        location: '一楼',
        source: 'purchase',
      }),
    ],
    [
      'neither barcodes nor count',
      () => ({ action: 'addCopies', bookId, location: '一楼', source: 'purchase' }),
    ],
    [
      'an unknown source',
      () => ({ action: 'addCopies', bookId, count: 1, location: '一楼', source: 'stolen' }),
    ],
    [
      'an operator object for the copy book',
      () => ({ action: 'addCopies', bookId: { $gt: '' }, count: 1, location: '一楼', source: 'purchase' }),
    ],
    ['status onLoan', () => ({ action: 'updateCopy', copyId, status: 'onLoan' })],
    ['no status and no location', () => ({ action: 'updateCopy', copyId, reason: '无事' })],
    [
      'an operator object for the copy',
      () => ({ action: 'updateCopy', copyId: { $gt: '' }, status: 'lost' }),
    ],
    ['a 10 000-character location', () => ({ action: 'updateCopy', copyId, location: long })],
    ['an operator object for a barcode', () => ({ action: 'copy', barcode: { $regex: '.*' } })],
    ['an operator object for a book page', () => ({ action: 'book', bookId: { $gt: '' } })],
    ['a bad ISBN look-up', () => ({ action: 'lookupIsbn', isbn: '123' })],
    ['a page of 0', () => ({ action: 'newArrivals', page: 0 })],
    ['a page size of 51', () => ({ action: 'newArrivals', pageSize: 51 })],
    ['a page as a string', () => ({ action: 'newArrivals', page: '2' })],
    ['a blank category name', () => ({ action: 'saveCategory', name: ' ' })],
    ['a 10 000-character category name', () => ({ action: 'saveCategory', name: long })],
    [
      'a category id twice in the order',
      () => ({ action: 'orderCategories', categoryIds: [categoryId, categoryId] }),
    ],
    [
      'an unknown booklist kind',
      () => ({ action: 'saveBooklist', kind: 'secret', title: marker, items: [] }),
    ],
    [
      'a book twice in a booklist',
      () => ({
        action: 'saveBooklist',
        kind: 'shelf',
        title: marker,
        items: [
          { bookId, comment: '' },
          { bookId, comment: '' },
        ],
      }),
    ],
    [
      '501 booklist items',
      () => ({
        action: 'saveBooklist',
        kind: 'shelf',
        title: marker,
        items: Array.from({ length: 501 }, (_u, i) => ({ bookId: `b${i}`, comment: '' })),
      }),
    ],
    [
      'items as an object',
      () => ({ action: 'saveBooklist', kind: 'shelf', title: marker, items: { $gt: '' } }),
    ],
    ['a booklist kind filter as an operator', () => ({ action: 'booklists', kind: { $ne: 'x' } })],
  ];

  it.each(cases)('%s', async (_label, event) => {
    const before = await callOk('catalogue', 'book', { bookId }, ADMIN);
    expectError(await invoke('catalogue', event(), ADMIN), 'INVALID_ARGUMENT');
    expect(await callOk('catalogue', 'book', { bookId }, ADMIN)).toEqual(before);
    expect(await store.count('books', { title: marker })).toBe(0);
    expect(await store.count('booklists', { title: marker })).toBe(0);
    expect(await store.count('bookCategories', { name: long })).toBe(0);
  });

  it('ignores unknown fields', async () => {
    const { book: saved } = await callOk(
      'catalogue',
      'saveBook',
      {
        title: uniqueName('多余字段'),
        author: '某人',
        categoryId,
        available: 99,
        total: 99,
        $where: '1',
      } as never,
      ADMIN,
    );
    expect(saved).toMatchObject({ available: 0, total: 0 });
    const stored = await store.find('books', { _id: saved._id });
    expect(stored[0]).not.toHaveProperty('$where');
  });
});
