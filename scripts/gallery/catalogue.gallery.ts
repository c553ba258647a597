/**
 * The catalogue's member pages in the gallery: the 书目 tab, search results (a list, pinyin initials, an
 * empty result, the tips), a category, the book page with and without copies on the shelf, a booklist and
 * a shelf. The runner: scene.ts.
 */
import { callOk } from '../../test/support/cloud';
import { catalogueWx } from '../../test/support/catalogue-pages';
import { waitFor } from '../../test/support/page';
import { DEMO, loaded, offline, renderScenes, seedBook, xlarge, type Scene } from './scene';

const ADMIN = DEMO.admin;
const MEMBER = DEMO.member;

const bookId = async (title: string): Promise<string> => (await seedBook(title))._id;

/** 《谁是最可爱的人》 with every copy taken off the shelf (to repair): the book page with nothing to lend. */
let outBook = '';
async function bookWithNoneAvailable(): Promise<string> {
  if (outBook) return outBook;
  const id = await bookId('谁是最可爱的人');
  const { copies } = await callOk('catalogue', 'book', { bookId: id }, ADMIN);
  for (const copy of copies.filter((c) => c.status === 'available'))
    await callOk(
      'catalogue',
      'updateCopy',
      { copyId: copy._id, status: 'inRepair', reason: '图库示例' },
      ADMIN,
    );
  outBook = id;
  return id;
}

async function categoryQuery(name: string): Promise<Record<string, string>> {
  const { items } = await callOk('catalogue', 'categories', {}, MEMBER);
  const category = items.find((c) => c.name === name);
  if (!category) throw new Error(`no category ${name}`);
  return { categoryId: category._id, categoryName: category.name };
}

const SCENES: readonly Scene[] = [
  { name: 'catalogue-tab', route: '/pages/catalogue/index', act: loaded('state') },
  { name: 'catalogue-tab-xlarge', route: '/pages/catalogue/index', prepare: xlarge, act: loaded('state') },
  {
    name: 'catalogue-tab-error',
    route: '/pages/catalogue/index',
    prepare: offline,
    act: loaded('state', 'error'),
  },
  {
    name: 'catalogue-search-tips',
    route: '/pages/search/index',
    query: () => Promise.resolve({ focus: '1' }),
    act: (page) => waitFor(() => (page.instance.data.categories as unknown[]).length > 1),
  },
  {
    name: 'catalogue-search-results',
    route: '/pages/search/index',
    query: () => Promise.resolve({ q: '党史' }),
    act: loaded('listState'),
  },
  {
    name: 'catalogue-search-initials',
    route: '/pages/search/index',
    query: () => Promise.resolve({ q: 'hxzyzg' }),
    act: loaded('listState'),
  },
  {
    name: 'catalogue-search-empty',
    route: '/pages/search/index',
    query: () => Promise.resolve({ q: '量子力学导论' }),
    act: loaded('listState'),
  },
  {
    name: 'catalogue-category',
    route: '/pages/search/index',
    query: () => categoryQuery('文学艺术'),
    act: loaded('listState'),
  },
  {
    name: 'catalogue-book',
    route: '/pages/book/index',
    query: async () => ({ id: await bookId('红星照耀中国') }),
    act: loaded('state'),
  },
  {
    name: 'catalogue-book-none-available',
    route: '/pages/book/index',
    query: async () => ({ id: await bookWithNoneAvailable() }),
    act: loaded('state'),
  },
  {
    name: 'catalogue-book-xlarge',
    route: '/pages/book/index',
    query: async () => ({ id: await bookId('苦难辉煌') }),
    prepare: xlarge,
    act: loaded('state'),
  },
  {
    name: 'catalogue-booklist-recommended',
    route: '/pages/booklist/index',
    query: () => Promise.resolve({ id: 'booklist-leader-recommends' }),
    act: loaded('state'),
  },
  {
    name: 'catalogue-booklist-shelf',
    route: '/pages/booklist/index',
    query: () => Promise.resolve({ id: 'booklist-party-history-shelf' }),
    act: loaded('state'),
  },
];

renderScenes(SCENES, { openid: MEMBER, install: () => void catalogueWx() });
