/**
 * Index lookups beyond a top-level equality: `$all` on a multikey field, `$or` of indexable branches,
 * `$and`, and sorted reads walked in index order that stop at their limit. Every indexed answer must equal
 * the answer of a full scan (same documents, same order), and the shapes must really be index-served.
 */
import { MemCollection } from '../../scripts/local-cloud/collection';
import type { Doc } from '../../scripts/local-cloud/ejson';
import { findDocs, type CollectionView, type FindOptions } from '../../scripts/local-cloud/operations';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function build(n: number): MemCollection {
  const next = random(42);
  const mem = new MemCollection('books');
  mem.ensureIndex({ name: 'keys_at', keys: { keys: 1, at: -1, _id: 1 } });
  mem.ensureIndex({ name: 'cat_at', keys: { cat: 1, at: -1, _id: 1 } });
  mem.ensureIndex({ name: 'at', keys: { at: -1, _id: 1 } });
  mem.ensureIndex({ name: 'title', keys: { title: 1 } });
  for (let i = 0; i < n; i++) {
    const keys = KEYS.filter(() => next() < 0.3);
    const doc: Doc = {
      _id: `d${String(i).padStart(4, '0')}`,
      keys,
      cat: `c${Math.floor(next() * 4)}`,
      // few distinct dates: many ties, broken by _id (and by natural order in the engine's sort)
      at: new Date(Date.UTC(2024, 0, 1 + Math.floor(next() * 20))),
      n: Math.floor(next() * 10),
      title: `t${Math.floor(next() * 30)}`,
    };
    mem.put(doc._id as string, doc, i + 1);
  }
  return mem;
}

const mem = build(2000);

function indexed(): CollectionView {
  return {
    name: 'books',
    get: (k) => mem.get(k),
    candidates: (q) => mem.candidates(q),
    ordered: (q, s) => mem.ordered(q, s),
    size: () => mem.size,
  };
}

function scanned(): CollectionView {
  return { name: 'books', get: (k) => mem.get(k), candidates: () => mem.docs(), size: () => mem.size };
}

const ids = (docs: Doc[]) => docs.map((d) => d._id);

const newest = { at: -1, _id: 1 } as const;
const oldest = { at: 1, _id: -1 } as const;

const SHAPES: [string, Doc][] = [
  ['equality on a multikey field', { keys: 'a' }],
  ['$all on a multikey field', { keys: { $all: ['a', 'c'] } }],
  ['$all of three, with a filter', { keys: { $all: ['b', 'c', 'h'] }, n: { $gt: 3 } }],
  ['$in', { keys: { $in: ['a', 'h'] } }],
  ['$or of indexable branches', { $or: [{ keys: { $all: ['a', 'b'] } }, { keys: 'h' }, { cat: 'c1' }] }],
  [
    '$and of $all and $or',
    { $and: [{ keys: { $all: ['d', 'e'] } }, { $or: [{ keys: 'f' }, { keys: 'g' }] }] },
  ],
  ['$and with a top-level field', { cat: 'c2', $and: [{ keys: { $all: ['a', 'b'] } }] }],
  ['$or with an unindexed branch (a scan)', { $or: [{ keys: 'a' }, { n: 3 }] }],
  ['an equality on a field without an ordered index', { title: 't7' }],
  ['no condition at all', {}],
];

const PAGES: [string, FindOptions][] = [
  ['newest first, first page', { sort: newest, limit: 20 }],
  ['newest first, a later page', { sort: newest, skip: 40, limit: 20 }],
  ['reversed order', { sort: oldest, skip: 5, limit: 30 }],
  ['a 1000-document read', { sort: newest, limit: 1000 }],
  ['a sort no index gives', { sort: { n: 1 }, limit: 50 }],
  ['no sort', {}],
];

describe.each(SHAPES)('%s', (_name, query) => {
  it.each(PAGES)('answers what a scan answers: %s', (_page, options) => {
    expect(ids(findDocs(indexed(), query, options))).toEqual(ids(findDocs(scanned(), query, options)));
  });
});

it('serves $all, $or and $and from the indexes, in order, without reading every document', () => {
  const narrow = (q: Doc) => mem.candidates(q).length;
  expect(narrow({ keys: { $all: ['a', 'c'] } })).toBeLessThan(mem.size / 5);
  expect(narrow({ $or: [{ keys: { $all: ['a', 'b'] } }, { keys: 'h' }] })).toBeLessThan(mem.size / 2);
  expect(narrow({ $and: [{ keys: { $all: ['d', 'e'] } }, { cat: 'c1' }] })).toBeLessThan(mem.size / 3);
  for (const [, query] of SHAPES.slice(0, 7)) expect(mem.ordered(query, newest)).toBeDefined();
  // an unindexed $or branch: the whole collection in the `at` index's order; a sort no index keeps: none
  expect(mem.ordered({ $or: [{ keys: 'a' }, { n: 3 }] }, newest)).toBeDefined();
  expect(mem.ordered({ keys: 'a' }, { n: 1 })).toBeUndefined();
  expect(mem.ordered({ $or: [{ keys: 'a' }, { n: 3 }] }, { n: 1 })).toBeUndefined();
});

it('keeps the order right as documents change', () => {
  const local = build(300);
  const view: CollectionView = {
    name: 'books',
    get: (k) => local.get(k),
    candidates: (q) => local.candidates(q),
    ordered: (q, s) => local.ordered(q, s),
    size: () => local.size,
  };
  const scan: CollectionView = { ...view, candidates: () => local.docs(), ordered: undefined };
  const query = { keys: { $all: ['a', 'b'] } };
  const before = ids(findDocs(view, query, { sort: newest, limit: 10 }));
  // a new newest match, a removed one, a moved one
  local.put('new', { _id: 'new', keys: ['a', 'b'], cat: 'c0', at: new Date(Date.UTC(2030, 0, 1)) }, 1000);
  local.delete(before[1] as string);
  local.put(before[2] as string, { ...(local.get(before[2] as string) as Doc), at: new Date(0) }, 1001);
  const after = findDocs(view, query, { sort: newest, limit: 10 });
  expect(ids(after)[0]).toBe('new');
  expect(ids(after)).toEqual(ids(findDocs(scan, query, { sort: newest, limit: 10 })));
  expect(ids(findDocs(view, {}, { sort: newest, limit: 10 }))).toEqual(
    ids(findDocs(scan, {}, { sort: newest, limit: 10 })),
  );
});
