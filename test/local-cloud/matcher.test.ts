/**
 * The fast filter path (scripts/local-cloud/matcher.ts) answers exactly what mingo answers: thousands of
 * generated filters of the shapes it takes (equality, $in, $all, ranges, $and / $or) against generated
 * documents whose fields hold scalars, arrays, nested arrays, objects, null, dates or nothing; and the
 * shapes it leaves to mingo are left.
 */
import { Query } from 'mingo';
import type { Doc } from '../../scripts/local-cloud/ejson';
import { fastFilter } from '../../scripts/local-cloud/matcher';

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['keys', 'n', 's', 'b'];
const SCALARS = ['a', 'b', 'c', '1', 0, 1, 2, 2.5, -1, true, false];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function value(random: () => number): unknown {
  const r = random();
  if (r < 0.35) return pick(random, SCALARS);
  if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => pick(random, SCALARS));
  if (r < 0.75) return [pick(random, SCALARS), [pick(random, SCALARS)]];
  if (r < 0.8) return { a: pick(random, SCALARS) };
  if (r < 0.85) return null;
  if (r < 0.9) return new Date(1_700_000_000_000);
  return undefined;
}

function documentOf(random: () => number): Doc {
  const doc: Doc = { _id: 'x' };
  for (const field of FIELDS) {
    const v = value(random);
    if (v !== undefined) doc[field] = v;
  }
  return doc;
}

function list(random: () => number): unknown[] {
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, SCALARS));
}

function condition(random: () => number): unknown {
  const r = random();
  if (r < 0.3) return pick(random, SCALARS);
  const ops: Record<string, unknown> = {};
  const n = 1 + Math.floor(random() * 2);
  for (let i = 0; i < n; i++) {
    const op = pick(random, ['$eq', '$in', '$all', '$gt', '$gte', '$lt', '$lte']);
    ops[op] =
      op === '$in' || op === '$all'
        ? list(random)
        : op === '$eq'
          ? pick(random, SCALARS)
          : pick(random, [0, 1, 2, -1, 1.5]);
  }
  return ops;
}

function filterOf(random: () => number, depth = 0): Doc {
  const r = random();
  if (depth < 2 && r < 0.35) {
    const clauses = Array.from({ length: 1 + Math.floor(random() * 3) }, () => filterOf(random, depth + 1));
    return { [random() < 0.5 ? '$and' : '$or']: clauses };
  }
  const filter: Doc = {};
  const n = 1 + Math.floor(random() * 2);
  for (let i = 0; i < n; i++) filter[pick(random, FIELDS)] = condition(random);
  return filter;
}

const mingo = (filter: Doc) => {
  const q = new Query(filter, {});
  return (doc: Doc) => q.test(doc);
};

it('answers what mingo answers, for generated filters and documents', () => {
  const random = generator(20261204);
  const docs = Array.from({ length: 300 }, () => documentOf(random));
  let fast = 0;
  for (let i = 0; i < 1500; i++) {
    const filter = filterOf(random);
    const test = fastFilter(filter, () => mingo(filter));
    if (!test) continue;
    fast += 1;
    const reference = mingo(filter);
    for (const doc of docs) {
      const expected = reference(doc);
      if (test(doc) !== expected) {
        throw new Error(
          `${JSON.stringify(filter)} on ${JSON.stringify(doc)}: mingo says ${String(expected)}`,
        );
      }
    }
  }
  // the generated filters are the fast path's shapes: nearly all of them take it
  expect(fast).toBeGreaterThan(1400);
});

it('answers a search filter on a multikey field as mingo does', () => {
  const filter = {
    $and: [
      { searchKeys: { $in: ['e:党史', 'h:党史'] } },
      { $or: [{ searchKeys: { $all: ['b:党史'] } }, { searchKeys: 'ob:党史' }] },
      { available: { $gt: 0 } },
    ],
  };
  const test = fastFilter(filter, () => mingo(filter));
  expect(test).toBeDefined();
  const docs: Doc[] = [
    { searchKeys: ['h:党史', 'b:党史'], available: 1 },
    { searchKeys: ['h:党史', 'b:党史'], available: 0 },
    { searchKeys: ['e:党史', 'ob:党史'], available: 2 },
    { searchKeys: ['h:党史'], available: 2 },
    { searchKeys: 'h:党史', available: [0, 3] },
    { available: 5 },
  ];
  expect(docs.map((doc) => test?.(doc))).toEqual(docs.map(mingo(filter)));
  expect(docs.map((doc) => test?.(doc))).toEqual([true, false, true, false, false, false]);
});

it.each([
  ['a regular expression', { title: /党/ }],
  ['a dotted path', { 'a.b': 1 }],
  ['null', { a: null }],
  ['$ne', { a: { $ne: 1 } }],
  ['$exists', { a: { $exists: true } }],
  ['an embedded document', { a: { b: 1 } }],
  ['a date', { a: new Date(0) }],
  ['an empty $or', { $or: [] }],
  ['$nor', { $nor: [{ a: 1 }] }],
  ['the empty filter', {}],
])('leaves %s to mingo', (_name, filter) => {
  expect(fastFilter(filter as Doc, () => mingo(filter as Doc))).toBeUndefined();
});
