/**
 * The demo catalogue as the `catalogue` function serves it (the run's local cloud was seeded by
 * globalSetup with seedDemo): the documents the seed writes are the ones the function reads and searches.
 */
import { DEFAULT_BOOK_CATEGORIES } from '../../typings/entities';
import { callOk, newOpenid } from '../support/cloud';

const reader = newOpenid('demo-catalogue');

test('the 书目 tab shows the default categories in order', async () => {
  const home = await callOk('catalogue', 'home', {}, reader);
  // Other tests of the run may add categories: the defaults are there, in their order.
  const names = home.categories.map((c) => c.name);
  expect(names.filter((n) => DEFAULTS.includes(n))).toEqual(DEFAULTS);
});

const DEFAULTS: string[] = [...DEFAULT_BOOK_CATEGORIES];

test('the 书目 tab shows the featured booklists and the newest arrivals', async () => {
  const home = await callOk('catalogue', 'home', {}, reader);
  const featured = home.featured.map((b) => b.title);
  expect(featured).toEqual(
    expect.arrayContaining(['党史图书专架', '党员干部必读书目', '领导荐书：读懂中国']),
  );
  const shelf = home.featured.find((b) => b.title === '党史图书专架');
  expect(shelf?.preview.length).toBeGreaterThan(0);
  expect(home.newArrivals.length).toBeGreaterThan(0);
});

test('search finds a starter title by pinyin initials, with its live counts', async () => {
  const page = await callOk('catalogue', 'search', { q: 'hxzyzg' }, reader);
  // Other tests of the run may add books of that title: the starter one has this author and no ISBN.
  const book = page.items.find((b) => b.title === '红星照耀中国' && b.author === '埃德加·斯诺' && !b.isbn);
  expect(book).toMatchObject({ publisher: '人民文学出版社', available: 3, total: 3 });

  const detail = await callOk('catalogue', 'book', { bookId: book!._id }, reader);
  expect(detail.holdings.map((h) => h.location).sort()).toEqual(['一楼书屋', '党史专架', '阅览室'].sort());
  expect(detail.booklists.map((b) => b.title)).toContain('党史图书专架');
});
