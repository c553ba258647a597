/**
 * The store API for scripts, two processes on one data directory (two connections behave the same),
 * and secondary indexes (same answers as a scan; unique enforced).
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { MemCollection } from '../../scripts/local-cloud/collection';
import { Engine } from '../../scripts/local-cloud/engine';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { rejection, tempDir } from './harness';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = tempDir('local-cloud-store-');
  store = await openStore(dir);
  await store.ensureCollection('books');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('inserts, finds, counts, updates, upserts and removes with MongoDB semantics', async () => {
  const at = new Date('2024-01-02T03:04:05Z');
  const ids = await store.insert('books', [
    { _id: 'b1', title: '红岩', stock: 2, at },
    { title: '青春之歌', stock: 0 },
    { _id: 'b3', title: '林海雪原', stock: 5 },
  ]);
  expect(ids[0]).toBe('b1');
  expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
  const found = await store.find('books', { stock: { $gt: 0 } }, { sort: { stock: -1 } });
  expect(found.map((b) => b._id)).toEqual(['b3', 'b1']);
  expect(found[1]?.at).toEqual(at);
  expect(found[1]?.at).toBeInstanceOf(Date);
  expect(
    await store.find('books', {}, { sort: { title: 1 }, skip: 1, limit: 1, projection: { title: 1 } }),
  ).toEqual([{ _id: 'b1', title: '红岩' }]); // strings sort by code point, as MongoDB without collation
  expect(await store.count('books', { stock: { $lte: 2 } })).toBe(2);

  expect(await store.update('books', { stock: { $gte: 0 } }, { $inc: { stock: 1 } })).toEqual({
    matched: 3,
    updated: 3,
  });
  expect(await store.update('books', { _id: 'b1' }, { $set: { stock: 3 } })).toEqual({
    matched: 1,
    updated: 0,
  });
  const upsert = await store.update(
    'books',
    { _id: 'b9', kind: 'new' },
    { $set: { stock: 1 } },
    { upsert: true },
  );
  expect(upsert).toEqual({ matched: 0, updated: 0, upsertedId: 'b9' });
  expect(await store.findOne('books', { _id: 'b9' })).toEqual({ _id: 'b9', kind: 'new', stock: 1 });
  await store.update(
    'books',
    { _id: 'b9' },
    { $set: { n: 1 }, $setOnInsert: { createdAt: at } },
    { upsert: true },
  );
  expect(await store.findOne('books', { _id: 'b9' })).toEqual({ _id: 'b9', kind: 'new', stock: 1, n: 1 });
  await store.update(
    'books',
    { _id: 'b10' },
    { $set: { n: 1 }, $setOnInsert: { createdAt: at } },
    { upsert: true },
  );
  expect(await store.findOne('books', { _id: 'b10' })).toEqual({ _id: 'b10', n: 1, createdAt: at });
  await store.remove('books', { _id: 'b10' });
  await store.update('books', { _id: 'b9' }, { title: 'replaced' });
  expect(await store.findOne('books', { _id: 'b9' })).toEqual({ _id: 'b9', title: 'replaced' });

  expect(await store.remove('books', { stock: { $gt: 0 } }, { multi: false })).toBe(1);
  expect(await store.remove('books', {})).toBe(3);
  expect(await store.count('books')).toBe(0);
});

it('answers copies: changing a result does not change the store', async () => {
  await store.insert('books', { _id: 'c1', tags: ['a'] });
  const [doc] = await store.find('books', { _id: 'c1' });
  doc?.tags.push('b');
  expect((await store.findOne('books', { _id: 'c1' }))?.tags).toEqual(['a']);
});

it('needs collections to exist, and refuses duplicate _ids (all or nothing)', async () => {
  expect((await rejection(store.insert('nope', { a: 1 }))).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect((await rejection(store.find('nope'))).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  await store.insert('books', { _id: 'd1' });
  const error = await rejection(store.insert('books', [{ _id: 'd2' }, { _id: 'd1' }]));
  expect(error.code).toBe('DATABASE_DUPLICATE_WRITE');
  expect(await store.count('books')).toBe(1);
  expect(await store.collections()).toEqual(['books']);
});

it('aggregates', async () => {
  await store.insert('books', [
    { g: 'a', n: 1 },
    { g: 'a', n: 2 },
    { g: 'b', n: 5 },
  ]);
  expect(
    await store.aggregate('books', [{ $group: { _id: '$g', n: { $sum: '$n' } } }, { $sort: { _id: 1 } }]),
  ).toEqual([
    { _id: 'a', n: 3 },
    { _id: 'b', n: 5 },
  ]);
});

describe('two processes on one data directory', () => {
  it('each sees what the other committed: inserts, updates, removals, new collections', async () => {
    const other = new Engine(dir);
    try {
      await store.insert('books', { _id: 'x1', n: 1 });
      expect(other.find('books', { _id: 'x1' })).toEqual([{ _id: 'x1', n: 1 }]);
      other.update('books', { _id: 'x1' }, { $inc: { n: 1 } });
      expect((await store.findOne('books', { _id: 'x1' }))?.n).toBe(2);
      other.createCollection('loans');
      other.insert('loans', [{ _id: 'l1' }]);
      expect(await store.hasCollection('loans')).toBe(true);
      expect(await store.count('loans')).toBe(1);
      await store.remove('books', { _id: 'x1' });
      expect(other.count('books')).toBe(0);
      // A conditional update decides on the latest committed state, whoever wrote it.
      await store.insert('books', { _id: 'stock', n: 1 });
      expect(other.update('books', { _id: 'stock', n: { $gt: 0 } }, { $inc: { n: -1 } }).updated).toBe(1);
      expect(
        (await store.update('books', { _id: 'stock', n: { $gt: 0 } }, { $inc: { n: -1 } })).updated,
      ).toBe(0);
    } finally {
      other.close();
    }
  });

  it('makes a transaction conflict over a collection it had not loaded when another process changed it', async () => {
    await store.ensureCollection('cold');
    await store.insert('cold', [
      { _id: 'k1', n: 1 },
      { _id: 'k2', n: 1 },
    ]);
    const server = new Engine(dir);
    try {
      const tx = server.beginTransaction();
      await store.update('cold', { _id: 'k1' }, { $set: { n: 2 } });
      tx.update('cold', { _id: 'k1' }, { $inc: { n: 10 } }, {});
      expect(() => server.commitTransaction(tx)).toThrow(
        expect.objectContaining({ code: 'DATABASE_TRANSACTION_CONFLICT' }),
      );
      const untouched = server.beginTransaction();
      await store.update('cold', { _id: 'k1' }, { $set: { n: 3 } });
      untouched.update('cold', { _id: 'k2' }, { $inc: { n: 10 } }, {});
      server.commitTransaction(untouched);
      expect(server.find('cold', {}, { sort: { _id: 1 } })).toEqual([
        { _id: 'k1', n: 3 },
        { _id: 'k2', n: 11 },
      ]);
    } finally {
      server.close();
    }
  });

  it('reloads a collection fully when the tombstones it missed were pruned', async () => {
    const other = new Engine(dir);
    try {
      await store.insert('books', [{ _id: 'p1' }, { _id: 'p2' }, { _id: 'p3' }]);
      expect(other.count('books')).toBe(3);
      await store.remove('books', { _id: { $in: ['p1', 'p2'] } });
      await store.insert('books', { _id: 'p4' });
      // What pruning does: tombstones gone, the floor raised past them.
      const sqlite = new Database(path.join(dir, 'cloud.sqlite'));
      sqlite.exec("DELETE FROM tombstones; UPDATE collections SET floor = version WHERE name = 'books'");
      sqlite.close();
      expect(other.find('books', {}).map((d) => d._id)).toEqual(['p3', 'p4']);
    } finally {
      other.close();
    }
  });
});

describe('indexes', () => {
  const docs = Array.from({ length: 300 }, (_x, i) => ({
    _id: `i${i}`,
    status: ['active', 'pending', 'left'][i % 3],
    n: i % 7,
    code: i % 2 === 0 ? String(i % 7) : i % 7,
    tags: [`t${i % 5}`, `t${(i + 1) % 5}`],
    items: [{ bookId: `b${i % 11}` }, { bookId: `b${(i + 3) % 11}` }],
    at: new Date(Date.UTC(2024, 0, 1 + (i % 4))),
  }));
  const queries: object[] = [
    { status: 'pending' },
    { status: { $in: ['left', 'active'] }, n: { $gt: 3 } },
    { n: 3 },
    { code: 3 },
    { code: '3' },
    { code: { $in: [3, '4'] } },
    { tags: 't2' },
    { 'items.bookId': 'b7' },
    { at: new Date(Date.UTC(2024, 0, 2)) },
    { status: { $eq: 'active' }, tags: { $in: ['t0', 't4'] } },
    { status: null },
    { status: /^act/ },
  ];

  it('answers exactly what a scan answers, in the same order', async () => {
    await store.ensureCollection('plain');
    await store.ensureCollection('indexed');
    await store.insert('plain', docs);
    await store.insert('indexed', docs);
    for (const field of ['status', 'n', 'code', 'tags', 'items.bookId', 'at']) {
      await store.ensureIndex('indexed', { keys: { [field]: 1 } });
    }
    await store.update('indexed', { n: 2 }, { $set: { status: 'left' } });
    await store.update('plain', { n: 2 }, { $set: { status: 'left' } });
    await store.remove('indexed', { n: 6 });
    await store.remove('plain', { n: 6 });
    for (const query of queries) {
      expect({ query, ids: (await store.find('indexed', query)).map((d) => d._id) }).toEqual({
        query,
        ids: (await store.find('plain', query)).map((d) => d._id),
      });
      expect(await store.count('indexed', query)).toBe(await store.count('plain', query));
    }
  });

  it('narrows the candidates of a query through the index or _id, instead of scanning', () => {
    const mem = new MemCollection('m');
    docs.forEach((doc, i) => mem.put(doc._id, doc, i));
    mem.ensureIndex({ keys: { status: 1 } });
    expect(mem.candidates({ status: 'pending' })).toHaveLength(100);
    expect(mem.candidates({ status: { $in: ['pending', 'left'] }, n: 1 })).toHaveLength(200);
    expect(mem.candidates({ _id: { $in: ['i1', 'i2', 'nope'] } })).toHaveLength(2);
    expect(mem.candidates({ n: 1 })).toHaveLength(300);
  });

  it('enforces unique indexes, missing fields counting as null', async () => {
    await store.ensureCollection('members');
    await store.ensureIndex('members', { name: 'memberCode', keys: { memberCode: 1 }, unique: true });
    await store.insert('members', [
      { _id: 'm1', memberCode: 'A1' },
      { _id: 'm2', memberCode: 'A2' },
    ]);
    expect((await rejection(store.insert('members', { memberCode: 'A1' }))).code).toBe(
      'DATABASE_DUPLICATE_WRITE',
    );
    expect(
      (await rejection(store.update('members', { _id: 'm2' }, { $set: { memberCode: 'A1' } }))).code,
    ).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await store.findOne('members', { _id: 'm2' }))?.memberCode).toBe('A2');
    await store.insert('members', { _id: 'm3' });
    expect((await rejection(store.insert('members', { _id: 'm4' }))).message).toMatch(/duplicate key/);
    await store.update('members', { _id: 'm1' }, { $set: { memberCode: 'A9' } });
    await store.insert('members', { memberCode: 'A1' });
    expect(await store.count('members')).toBe(4);
  });
});
