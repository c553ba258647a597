/**
 * Catalogue search through the real function and the shared local cloud: what each kind of query finds
 * (Simplified, Traditional, pinyin, initials, ISBN, author, translator, publisher, tag, a miss), ranking,
 * stable paging (also across equal scores and for broad queries), filters, and bad input.
 *
 * Each group works in a category of its own (the `categoryId` filter), so the demo catalogue and the
 * other tests' books never get in the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_COLLECTIONS, declaredIndexes } from '../../cloudfunctions/_shared/collections';
import { isbn13To10 } from '../../miniprogram/shared/isbn';
import { FUNCTIONS_DIR } from '../../scripts/build/functions';
import { startLocalCloud } from '../../scripts/local-cloud/index';
import { bookDocument } from '../../scripts/seed/documents';
import { seedSyntheticBooks } from '../../scripts/seed/scale';
import { syntheticIsbn, syntheticTitle } from '../../scripts/seed/synthetic';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import type { Book } from '../../typings/entities';
import type { BookSummary, SearchRequest } from '../../typings/functions/catalogue';
import { call, callOk, invoke, newOpenid } from '../support/cloud';
import { localCloudDataDir } from '../support/env';
import { addCopies, expectError, newBook, newCategory, randomIsbn13, uniqueName } from './catalogue-fixtures';

const visitor = newOpenid('search-visitor');

let store: Store;

beforeAll(async () => {
  store = await openStore(localCloudDataDir());
});

afterAll(async () => {
  await store.close();
});

async function search(request: SearchRequest): Promise<{ items: BookSummary[]; hasMore: boolean }> {
  return callOk('catalogue', 'search', request, visitor);
}

async function idsFor(q: string, categoryId: string): Promise<string[]> {
  return (await search({ q, categoryId, pageSize: 50 })).items.map((b) => b._id);
}

/** Every page of a search, in order. */
async function allPages(request: SearchRequest, pageSize: number): Promise<string[][]> {
  const pages: string[][] = [];
  for (let page = 1; page < 100; page++) {
    const res = await search({ ...request, page, pageSize });
    pages.push(res.items.map((b) => b._id));
    if (!res.hasMore) return pages;
    expect(res.items).toHaveLength(pageSize);
  }
  throw new Error('too many pages');
}

/** Books written straight into the data directory (as the import does), with the same search fields. */
async function insertBooks(
  categoryId: string,
  books: { title: string; author?: string; publisher?: string; createdAt: Date }[],
): Promise<string[]> {
  const docs = books.map((b, i) =>
    bookDocument({ _id: uniqueName(`sb${i}-`), categoryId, author: '', ...b }),
  );
  await store.insert('books', docs);
  return docs.map((d) => d._id);
}

describe('what a query finds', () => {
  let categoryId: string;
  let redStar: Book;
  let partyHistory: Book;
  let manifesto: Book;
  let old: Book;
  let redStarIsbn: string;
  let oldIsbn13: string;

  beforeAll(async () => {
    categoryId = (await newCategory())._id;
    redStarIsbn = randomIsbn13();
    oldIsbn13 = randomIsbn13();
    redStar = await newBook(categoryId, {
      isbn: redStarIsbn,
      title: '红星照耀中国',
      author: '埃德加·斯诺',
      translator: '董乐山',
      publisher: '人民文学出版社',
      tags: ['纪实文学'],
    });
    partyHistory = await newBook(categoryId, {
      title: '党史学习教育读本',
      author: '本书编写组',
      publisher: '中共党史出版社',
    });
    manifesto = await newBook(categoryId, {
      title: 'The Communist Manifesto',
      author: 'Karl Marx',
      publisher: 'Penguin Classics',
    });
    const isbn10 = isbn13To10(oldIsbn13);
    old = await newBook(categoryId, {
      isbn: `${isbn10.slice(0, 1)}-${isbn10.slice(1, 4)}-${isbn10.slice(4, 9)}-${isbn10.slice(9)}`,
      title: '青春之歌',
      author: '杨沫',
      publisher: '北京十月文艺出版社',
    });
  });

  const hyphenated = (isbn: string) =>
    `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 8)}-${isbn.slice(8, 12)}-${isbn.slice(12)}`;

  const table: [string, () => string, () => string[]][] = [
    ['the title in Simplified script', () => '红星照耀中国', () => [redStar._id]],
    ['the title in Traditional script', () => '紅星照耀中國', () => [redStar._id]],
    ['Traditional 黨史 for 党史', () => '黨史', () => [partyHistory._id]],
    ['full pinyin, the start of the title', () => 'hongxing', () => [redStar._id]],
    ['full pinyin in capitals and spaces', () => 'Hong Xing Zhao Yao', () => [redStar._id]],
    ['pinyin inside the title', () => 'dangshi', () => [partyHistory._id]],
    ['initials of the title', () => 'hxzyzg', () => [redStar._id]],
    ['initials of the start of a title', () => 'dsxx', () => [partyHistory._id]],
    ['an ISBN-13 with hyphens', () => hyphenated(redStarIsbn), () => [redStar._id]],
    ['an ISBN-13 without hyphens', () => redStarIsbn, () => [redStar._id]],
    [
      'an ISBN-10 with hyphens',
      () => isbn13To10(oldIsbn13).replace(/^(\d)(\d{3})/, '$1-$2-'),
      () => [old._id],
    ],
    ['the ISBN-13 of a book added by its ISBN-10', () => hyphenated(oldIsbn13), () => [old._id]],
    ['the author', () => '斯诺', () => [redStar._id]],
    ['the translator', () => '董乐山', () => [redStar._id]],
    ['the publisher', () => '人民文学出版社', () => [redStar._id]],
    ['a tag', () => '纪实', () => [redStar._id]],
    ['a Latin word, any case', () => 'MANIFESTO', () => [manifesto._id]],
    ['the beginning of a Latin word', () => 'commun', () => [manifesto._id]],
    ['a Latin author', () => 'marx', () => [manifesto._id]],
    ['two words from different fields', () => '杨沫 青春', () => [old._id]],
    ['a miss', () => '量子色动力学', () => []],
    ['a word that is in no book', () => 'xyzzyq', () => []],
  ];

  it.each(table)('finds a book by %s', async (_name, q, expected) => {
    expect(await idsFor(q(), categoryId)).toEqual(expected());
  });

  it('answers a miss across the whole catalogue with an empty page', async () => {
    expect(await search({ q: `量子色动力学${uniqueName('无')}` })).toEqual({ items: [], hasMore: false });
  });

  it('answers book summaries with counts', async () => {
    const [summary] = (await search({ q: 'hxzyzg', categoryId })).items;
    expect(summary).toEqual({
      _id: redStar._id,
      title: '红星照耀中国',
      author: '埃德加·斯诺',
      publisher: '人民文学出版社',
      year: redStar.year,
      isbn: redStarIsbn,
      cover: '',
      available: 0,
      total: 0,
    });
  });
});

describe('ranking', () => {
  it('puts the exact title first, then title prefixes, then token matches, then the rest', async () => {
    const categoryId = (await newCategory())._id;
    // created oldest first, so newest-first alone would give the reverse order
    const exact = await newBook(categoryId, { title: '长征', author: '甲' });
    const prefix = await newBook(categoryId, { title: '长征路上', author: '乙' });
    const token = await newBook(categoryId, { title: '伟大的长征精神', author: '丙' });
    const rest = await newBook(categoryId, { title: '行军日记', author: '丁', tags: ['长征'] });
    const expected = [exact._id, prefix._id, token._id, rest._id];
    expect(await idsFor('长征', categoryId)).toEqual(expected);
    expect(await idsFor('長征', categoryId)).toEqual(expected);
    expect(await idsFor('changzheng', categoryId)).toEqual(expected.slice(0, 3).concat(rest._id));
  });

  it('breaks ties newest first', async () => {
    const categoryId = (await newCategory())._id;
    const first = await newBook(categoryId, { title: '井冈山的斗争' });
    const second = await newBook(categoryId, { title: '井冈山的故事' });
    expect(await idsFor('井冈山', categoryId)).toEqual([second._id, first._id]);
  });
});

describe('paging', () => {
  it('never repeats or skips, also across equal scores and equal dates', async () => {
    const categoryId = (await newCategory())._id;
    const at = new Date('2024-05-01T00:00:00Z');
    // 30 with the very same date and score, 25 more with other dates
    const same = await insertBooks(
      categoryId,
      Array.from({ length: 30 }, (_, i) => ({ title: `分页测试之书${i}`, createdAt: at })),
    );
    const other = await insertBooks(
      categoryId,
      Array.from({ length: 25 }, (_, i) => ({
        title: `另一本分页测试之书${i}`,
        createdAt: new Date(at.getTime() + (i % 5) * 1000),
      })),
    );
    const expected = [...same, ...other].sort();
    for (const q of ['分页测试', 'fenye', '']) {
      const pages = await allPages({ q, categoryId }, 7);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(expected);
      // twice the same answer
      expect(await allPages({ q, categoryId }, 7)).toEqual(pages);
    }
    // prefix matches (分页测试之书…) come before token matches (另一本…)
    const ranked = (await allPages({ q: '分页测试', categoryId }, 50)).flat();
    expect(new Set(ranked.slice(0, 30))).toEqual(new Set(same));
  });

  it('keeps a broad query (more matches than one read) ranked and paged: the oldest exact title first', async () => {
    const categoryId = (await newCategory())._id;
    const base = Date.parse('2023-01-01T00:00:00Z');
    const [exact] = await insertBooks(categoryId, [{ title: '旗', createdAt: new Date(base - 86_400_000) }]);
    await insertBooks(
      categoryId,
      Array.from({ length: 1100 }, (_, i) => ({
        title: `红旗飘飘第${i}卷`,
        createdAt: new Date(base + i * 1000),
      })),
    );
    const first = await search({ q: '旗', categoryId, pageSize: 50 });
    expect(first.items[0]?._id).toBe(exact);
    expect(first.hasMore).toBe(true);
    const pages = await allPages({ q: '旗', categoryId }, 50);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(exact);
    // a search pages through its first 1000 results (docs/search.md)
    expect(seen).toHaveLength(1000);
  });
  it('ranks a title match before newer matches in other fields, on every page', async () => {
    const categoryId = (await newCategory())._id;
    const base = Date.parse('2022-01-01T00:00:00Z');
    const [inTitle] = await insertBooks(categoryId, [
      { title: '星火燎原出版纪事', createdAt: new Date(base - 86_400_000) },
    ]);
    const inPublisher = await insertBooks(
      categoryId,
      Array.from({ length: 40 }, (_, i) => ({
        title: `群众文艺丛书${i}`,
        publisher: '星火燎原出版社',
        createdAt: new Date(base + i * 1000),
      })),
    );
    const newestFirst = [...inPublisher].reverse();
    for (const pageSize of [5, 20, 50]) {
      expect((await allPages({ q: '燎原出版', categoryId }, pageSize)).flat()).toEqual([
        inTitle,
        ...newestFirst,
      ]);
    }
  });
});

describe('filters', () => {
  it('keeps only books on the shelf with available: true', async () => {
    const categoryId = (await newCategory())._id;
    const onShelf = await newBook(categoryId, { title: '在架的书' });
    const none = await newBook(categoryId, { title: '没有复本的书' });
    await addCopies(onShelf._id, { count: 2 });
    expect(new Set(await idsFor('书', categoryId))).toEqual(new Set([onShelf._id, none._id]));
    const available = await search({ q: '书', categoryId, available: true });
    expect(available.items.map((b) => b._id)).toEqual([onShelf._id]);
    expect(available.items[0]).toMatchObject({ available: 2, total: 2 });
    const all = await search({ q: '', categoryId, available: true });
    expect(all.items.map((b) => b._id)).toEqual([onShelf._id]);
  });

  it('keeps only the category asked for', async () => {
    const a = (await newCategory())._id;
    const b = (await newCategory())._id;
    const title = uniqueName('分类筛选');
    const inA = await newBook(a, { title });
    const inB = await newBook(b, { title });
    expect(await idsFor(title, a)).toEqual([inA._id]);
    expect(await idsFor(title, b)).toEqual([inB._id]);
    expect(new Set((await search({ q: title })).items.map((x) => x._id))).toEqual(
      new Set([inA._id, inB._id]),
    );
  });

  it('lists every book newest first for an empty query', async () => {
    const categoryId = (await newCategory())._id;
    const older = await newBook(categoryId, { title: '较早的书' });
    const newer = await newBook(categoryId, { title: '较新的书' });
    expect((await search({ q: '   ', categoryId })).items.map((x) => x._id)).toEqual([newer._id, older._id]);
  });
});

describe('bad input', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['q missing', {}],
    ['q a number', { q: 42 }],
    ['q an operator object', { q: { $regex: '.*' } }],
    ['q of 10 000 characters', { q: '党'.repeat(10_000) }],
    ['q of 101 characters', { q: 'a'.repeat(101) }],
    ['categoryId an operator object', { q: '', categoryId: { $regex: '.*' } }],
    ['categoryId a number', { q: '', categoryId: 7 }],
    ['available a string', { q: '', available: 'true' }],
    ['page 0', { q: '', page: 0 }],
    ['page a string', { q: '', page: '2' }],
    ['pageSize over 50', { q: '', pageSize: 51 }],
    ['pageSize not an integer', { q: '', pageSize: 2.5 }],
  ];

  it.each(bad)('answers INVALID_ARGUMENT for %s', async (_name, params) => {
    expectError(await invoke('catalogue', { action: 'search', ...params }, visitor), 'INVALID_ARGUMENT');
  });

  it('accepts 100 characters after trimming', async () => {
    const result = await call('catalogue', 'search', { q: `  ${'a'.repeat(100)}  ` }, visitor);
    expect(result).toEqual({ ok: true, data: { items: [], hasMore: false } });
  });
});

describe('database requests (a private local cloud that counts them)', () => {
  it('makes at most three per search call, broad or narrow, first page or deep', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-search-requests-'));
    const own = await openStore(dir);
    for (const spec of ALL_COLLECTIONS) await own.ensureCollection(spec.name);
    await seedSyntheticBooks(own, 400);
    await own.close();
    const local = await startLocalCloud({
      dataDir: dir,
      port: 0,
      functionsDir: FUNCTIONS_DIR,
      indexes: declaredIndexes(),
      log: () => undefined,
    });
    try {
      const title = syntheticTitle(3).book;
      const requests: SearchRequest[] = [
        { q: title.title },
        { q: title.title, page: 3, pageSize: 10 },
        { q: '党' },
        { q: '党', page: 2, available: true },
        { q: title.author },
        { q: '人民出版社' },
        { q: 'dangshi' },
        { q: 'ds' },
        { q: '量子色动力学' },
        { q: syntheticIsbn(5) },
        { q: '' },
        { q: '', page: 4, categoryId: title.categoryId },
      ];
      for (const request of requests) {
        const before = local.stats().requests;
        const result = (await invoke('catalogue', { action: 'search', ...request }, visitor, local.url)) as {
          ok: boolean;
        };
        expect(result.ok).toBe(true);
        const used = local.stats().requests - before;
        expect({ request, used: Math.min(used, 3) }).toEqual({ request, used });
        expect(used).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
