/**
 * Catalogue actions whose answers depend on the whole collection (ordering every category or booklist,
 * paging through every new arrival) run on a private local cloud, so tests running in parallel on the
 * shared one cannot add documents in the middle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../scripts/local-cloud/store';
import { seedDemo } from '../../scripts/seed/demo';
import type { ApiResult, Booklist, CloudFunctions, RequestOf, ResponseOf } from '../../typings';
import { invoke } from '../support/cloud';
import { startCloudProcess, type CloudProcess } from '../support/process';

type Catalogue = CloudFunctions['catalogue'];

const ADMIN = 'private-catalogue-admin';
let dataDir: string;
let cloud: CloudProcess;

async function call<A extends keyof Catalogue & string>(
  action: A,
  params: RequestOf<Catalogue, A>,
  openid = ADMIN,
): Promise<ApiResult<ResponseOf<Catalogue, A>>> {
  return (await invoke('catalogue', { action, ...(params as object) }, openid, cloud.url)) as ApiResult<
    ResponseOf<Catalogue, A>
  >;
}

async function ok<A extends keyof Catalogue & string>(
  action: A,
  params: RequestOf<Catalogue, A>,
  openid = ADMIN,
): Promise<ResponseOf<Catalogue, A>> {
  const result = await call(action, params, openid);
  if (!result.ok) throw new Error(`${action} answered ${result.error.code}: ${result.error.message}`);
  return result.data;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-catalogue-'));
  const store = await openStore(dataDir);
  await seedDemo(store);
  await store.close();
  cloud = await startCloudProcess(dataDir, { env: { ADMIN_OPENIDS: ADMIN } });
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('orders every category exactly as given, and refuses a list that is not the current one', async () => {
  for (const name of ['排序甲', '排序乙', '排序丙']) await ok('saveCategory', { name });
  const before = (await ok('categories', {})).items;
  const ids = before.map((c) => c._id).reverse();

  const { items } = await ok('orderCategories', { categoryIds: ids });
  expect(items.map((c) => c._id)).toEqual(ids);
  expect(items.map((c) => c.order)).toEqual(ids.map((_id, i) => i + 1));
  expect((await ok('categories', {})).items).toEqual(items);
  expect((await ok('home', {}, 'someone')).categories).toEqual(items);

  for (const wrong of [ids.slice(1), [...ids, 'not-a-category'], [...ids.slice(1), 'not-a-category']]) {
    const answer = await call('orderCategories', { categoryIds: wrong });
    expect(answer).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
  }
  expect((await ok('categories', {})).items).toEqual(items);

  // a new category goes last
  const { category } = await ok('saveCategory', { name: '排序丁' });
  expect(category.order).toBe(items.length + 1);
});

it('orders every booklist exactly as given', async () => {
  const created: Booklist[] = [];
  for (const title of ['书单一', '书单二', '书单三']) {
    created.push((await ok('saveBooklist', { kind: 'shelf', title, featured: true, items: [] })).booklist);
  }
  expect(created.map((l) => l.order)).toEqual([1, 2, 3].map((n) => n + created[0]!.order - 1));
  const all = (await ok('booklists', {})).items.map((l) => l._id);
  const reversed = [...all].reverse();
  const { items } = await ok('orderBooklists', { booklistIds: reversed });
  expect(items.map((l) => l._id)).toEqual(reversed);
  // lists of one kind, and the featured ones, follow the same order (seeded lists may be among them)
  const shelves = (await ok('booklists', { kind: 'shelf' })).items.map((l) => l._id);
  const featured = (await ok('home', {}, 'someone')).featured.map((l) => l._id);
  for (const ids of [shelves, featured]) {
    expect(ids).toEqual(expect.arrayContaining(created.map((l) => l._id)));
    expect(ids).toEqual(reversed.filter((id) => ids.includes(id)));
  }
  const answer = await call('orderBooklists', { booklistIds: reversed.slice(1) });
  expect(answer).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
});

it('pages new arrivals newest first without repeating or skipping, and shows ten on the home tab', async () => {
  const { category } = await ok('saveCategory', { name: '新书分类' });
  const created: string[] = [];
  for (let i = 0; i < 23; i++) {
    created.push(
      (await ok('saveBook', { title: `新书${i}`, author: '作者', categoryId: category._id })).book._id,
    );
  }
  // other books (a seeded starter catalogue) are older than these
  const seen: string[] = [];
  for (let page = 1; page <= 100; page++) {
    const { items, hasMore } = await ok('newArrivals', { page, pageSize: 5 });
    seen.push(...items.map((b) => b._id));
    if (!hasMore) break;
    expect(items).toHaveLength(5);
  }
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.slice(0, 23)).toEqual([...created].reverse());
  const one = await ok('newArrivals', { page: 1, pageSize: 50 });
  expect(one.items.map((b) => b._id)).toEqual(seen.slice(0, 50));

  const home = await ok('home', {}, 'someone');
  expect(home.newArrivals.map((b) => b._id)).toEqual([...created].reverse().slice(0, 10));
  expect(home.newArrivals[0]).toEqual({
    _id: created[22],
    title: '新书22',
    author: '作者',
    publisher: '',
    year: 0,
    isbn: '',
    cover: '',
    available: 0,
    total: 0,
  });
});
