/**
 * The catalogue's member pages in the gallery: the 书目 tab, search results (a list, pinyin initials, an
 * empty result, the tips), a category, the book page with and without copies on the shelf, a booklist and
 * a shelf. Same runner as scenes.gallery.ts: each scene writes `<GALLERY_DIR>/<name>.html`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BookSummary } from '../../typings';
import { callOk } from '../../test/support/cloud';
import { catalogueWx } from '../../test/support/catalogue-pages';
import { doc, openPage, waitFor, type OpenedPage, type SimComponent } from '../../test/support/page';
import { installWx, type WxShim } from '../../test/support/wx';
import { pageHtml } from './html';

const cloudUrl = process.env.LOCAL_CLOUD_URL ?? '';
const outDir = process.env.GALLERY_DIR ?? path.resolve(__dirname, '..', '..', 'gallery');
const ADMIN = 'demo-admin';
const MEMBER = 'demo-member';

interface Scene {
  name: string;
  route: string;
  query?: () => Promise<Record<string, string>>;
  prepare?: (wx: WxShim) => void;
  act: (page: SimComponent) => Promise<unknown>;
}

const loaded =
  (key: string, value: unknown = 'ready') =>
  (page: SimComponent) =>
    waitFor(() => page.instance.data[key] === value && !page.instance.data.loadingMore);

/** A seed book found by its exact title. */
async function bookId(title: string): Promise<string> {
  const { items } = await callOk('catalogue', 'search', { q: title }, MEMBER);
  const book = items.find((b: BookSummary) => b.title === title);
  if (!book) throw new Error(`no book ${title}`);
  return book._id;
}

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

const xlarge = (wx: WxShim) => void wx.storage.set('settings.textSize', 'xlarge');

const SCENES: Scene[] = [
  { name: 'catalogue-tab', route: '/pages/catalogue/index', act: loaded('state') },
  { name: 'catalogue-tab-xlarge', route: '/pages/catalogue/index', prepare: xlarge, act: loaded('state') },
  {
    name: 'catalogue-tab-error',
    route: '/pages/catalogue/index',
    prepare: (wx) => {
      wx.cloudUrl = 'http://127.0.0.1:9';
    },
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

beforeAll(() => {
  if (!cloudUrl) throw new Error('LOCAL_CLOUD_URL is not set: run `npm run gallery`');
  fs.mkdirSync(outDir, { recursive: true });
});

const only = process.env.GALLERY_ONLY;

describe.each(SCENES.filter((s) => !only || s.name.includes(only)))('$name', (scene) => {
  it('renders', async () => {
    doc().head.innerHTML = '';
    doc().body.innerHTML = '';
    const query = scene.query ? await scene.query() : {};
    const wx = installWx(cloudUrl, MEMBER);
    catalogueWx();
    scene.prepare?.(wx);
    const opened: OpenedPage = openPage(scene.route, query);
    await scene.act(opened.page);
    await new Promise((resolve) => setTimeout(resolve, 400));
    fs.writeFileSync(path.join(outDir, `${scene.name}.html`), pageHtml(opened, scene.route));
  });
});
