/**
 * The catalogue admin pages in the gallery (GALLERY_ONLY=admin-catalogue), as the demo librarian at the
 * desk: the book list, the book form (empty, filled with an ISBN error, a duplicate ISBN, editing, 特大),
 * copies (scanned labels waiting, a status change), categories, shelves and booklists, the booklist
 * editor, 我的 with 馆藏管理, and a member refused. The runner: scene.ts.
 */
import { installAdminWx, randomIsbn13, withBadCheckDigit } from '../../test/support/admin-catalogue';
import { callOk } from '../../test/support/cloud';
import { fire, tap, text, waitFor, type SimComponent } from '../../test/support/page';
import { DEMO, loaded, renderScenes, seedBook, xlarge, type Scene } from './scene';

const LIBRARIAN = DEMO.librarian;
const MEMBER = DEMO.member;

/** The seed leaves ISBNs it does not know empty: the duplicate scene adds a plainly synthetic book. */
const DUPLICATE_TITLE = '图库示例：已在馆藏的书';
let duplicateIsbn = '';
async function bookWithIsbn(): Promise<string> {
  if (duplicateIsbn) return duplicateIsbn;
  const { items: found } = await callOk('catalogue', 'search', { q: DUPLICATE_TITLE }, MEMBER);
  const existing = found.find((b) => b.title === DUPLICATE_TITLE && b.isbn);
  if (existing) return (duplicateIsbn = existing.isbn); // a running cloud from an earlier run
  const isbn = randomIsbn13();
  const { items } = await callOk('catalogue', 'categories', {}, LIBRARIAN);
  await callOk(
    'catalogue',
    'saveBook',
    { isbn, title: DUPLICATE_TITLE, author: '示例作者', categoryId: items[0]!._id },
    LIBRARIAN,
  );
  duplicateIsbn = isbn;
  return isbn;
}

const bookQuery = (title: string) => async () => ({ bookId: (await seedBook(title))._id });

async function pickCategory(page: SimComponent, name: string): Promise<void> {
  const index = (page.instance.data.categoryNames as string[]).indexOf(name);
  await fire(page, '#category-picker', 'change', { value: String(index) });
}

const SCENES: readonly Scene[] = [
  { name: 'admin-catalogue-books', route: '/admin/books/index', act: loaded('listState') },
  {
    name: 'admin-catalogue-book-new',
    route: '/admin/book-edit/index',
    act: loaded('loadState'),
  },
  {
    name: 'admin-catalogue-book-isbn-error',
    route: '/admin/book-edit/index',
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#isbn', 'change', withBadCheckDigit(randomIsbn13()));
      await fire(page, '#title', 'change', '红色家书');
      await fire(page, '#publisher', 'change', '人民出版社');
      await fire(page, '#year', 'change', '2021');
      await pickCategory(page, '党史党建');
      await tap(page, '#save');
      await waitFor(() => text(page, '#form-error'));
    },
  },
  {
    name: 'admin-catalogue-book-new-isbn',
    route: '/admin/book-edit/index',
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#isbn', 'change', randomIsbn13());
      await waitFor(() => page.instance.data.isbnNew);
    },
  },
  {
    name: 'admin-catalogue-book-duplicate',
    route: '/admin/book-edit/index',
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#isbn', 'change', await bookWithIsbn());
      await waitFor(() => text(page, '#duplicate-dialog').includes('去编辑它'));
    },
  },
  {
    name: 'admin-catalogue-book-edit',
    route: '/admin/book-edit/index',
    query: bookQuery('长征'),
    act: loaded('loadState'),
  },
  {
    name: 'admin-catalogue-book-edit-xlarge',
    route: '/admin/book-edit/index',
    query: bookQuery('红星照耀中国'),
    prepare: xlarge,
    act: loaded('loadState'),
  },
  {
    name: 'admin-catalogue-copies',
    route: '/admin/copies/index',
    query: bookQuery('长征'),
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#typed', 'change', 'DS-2026-0101');
      await tap(page, '#add-typed');
      await fire(page, '#typed', 'change', 'DS-2026-0102');
      await tap(page, '#add-typed');
    },
  },
  {
    name: 'admin-catalogue-copies-generate',
    route: '/admin/copies/index',
    query: bookQuery('红岩'),
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#add-mode', 'change', { name: 'count' });
      await fire(page, '#count', 'change', 3);
      await fire(page, '#source', 'change', 'memberDonation');
    },
  },
  {
    name: 'admin-catalogue-copy-status',
    route: '/admin/copies/index',
    query: bookQuery('长征'),
    act: async (page) => {
      await loaded('loadState')(page);
      const first = (page.instance.data.copies as { barcode: string }[])[0]!;
      await tap(page, `#copy-${first.barcode}`);
      await fire(page, '#new-status', 'change', 'inRepair');
      await fire(page, '#reason', 'change', '书脊破损送修');
    },
  },
  { name: 'admin-catalogue-categories', route: '/admin/categories/index', act: loaded('listState') },
  { name: 'admin-catalogue-booklists', route: '/admin/booklists/index', act: loaded('listState') },
  {
    name: 'admin-catalogue-booklist-edit',
    route: '/admin/booklist-edit/index',
    query: () => Promise.resolve({ booklistId: 'booklist-leader-recommends' }),
    act: async (page) => {
      await loaded('loadState')(page);
      await fire(page, '#book-search', 'search', '长征');
      await waitFor(() => page.instance.data.searched);
    },
  },
  {
    name: 'admin-catalogue-me-librarian',
    route: '/pages/me/index',
    act: loaded('state'),
  },
  {
    name: 'admin-catalogue-books-member',
    route: '/admin/books/index',
    openid: MEMBER,
    act: loaded('checking', false),
  },
];

renderScenes(SCENES, { openid: LIBRARIAN, install: (wx) => void installAdminWx(() => wx.cloudUrl) });
