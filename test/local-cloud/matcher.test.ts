/**
 * The fast filter path (scripts/local-cloud/matcher.ts) answers exactly what mingo answers: thousands of
 * generated filters of the shapes it takes (equality, $in, $all, ranges, with scalars and dates, $and /
 * $or) against generated documents whose fields hold scalars, dates, arrays, nested arrays, objects, null
 * or nothing; it asks mingo (its fallback, counted) only for the documents it leaves to it; and the shapes
 * it leaves to mingo are left.
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
const T = 1_700_000_000_000;
/** Scalars, one of them a date's time (a date equals no number). */
const SCALARS = ['a', 'b', 'c', '1', 0, 1, 2, 2.5, -1, true, false, T];
const DATES = [new Date(T - 1), new Date(T), new Date(T + 1)];
/** Conditions' values: scalars and dates (a fresh Date, equal by time, not by identity). */
const pickWanted = (random: () => number): unknown =>
  random() < 0.25 ? new Date(pick(random, DATES).getTime()) : pick(random, SCALARS);

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
  if (r < 0.93) return pick(random, DATES);
  if (r < 0.95) return [pick(random, DATES)];
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

function list(random: () => number, wanted: (random: () => number) => unknown): unknown[] {
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () => wanted(random));
}

function condition(random: () => number): unknown {
  const r = random();
  if (r < 0.3) return pickWanted(random);
  const ops: Record<string, unknown> = {};
  const n = 1 + Math.floor(random() * 2);
  for (let i = 0; i < n; i++) {
    const op = pick(random, ['$eq', '$in', '$all', '$gt', '$gte', '$lt', '$lte']);
    ops[op] =
      op === '$in'
        ? list(random, pickWanted)
        : op === '$all'
          ? list(random, (rnd) => pick(rnd, SCALARS))
          : op === '$eq'
            ? pickWanted(random)
            : random() < 0.3
              ? new Date(pick(random, DATES).getTime())
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

/** The fast path of `filter` with mingo as its fallback, and how many documents the fallback was asked. */
function counted(filter: Doc): { test: ((doc: Doc) => boolean) | undefined; slowCalls: () => number } {
  let calls = 0;
  const test = fastFilter(filter, () => {
    const reference = mingo(filter);
    return (doc) => {
      calls += 1;
      return reference(doc);
    };
  });
  return { test, slowCalls: () => calls };
}

const isScalar = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v);
const isRange = (op: string): boolean => ['$gt', '$gte', '$lt', '$lte'].includes(op);

/**
 * Whether the fast path may leave `doc` to mingo for `filter` (matcher.ts): a field the filter tests holds
 * something other than a scalar, a date or an array of scalars; a numeric range meets a value that is not
 * a number; `$all` meets a field that is not an array. Otherwise mingo must not be asked.
 */
function mayFallBack(filter: Doc, doc: Doc): boolean {
  return Object.entries(filter).some(([key, condition]) => {
    if (key === '$and' || key === '$or') return (condition as Doc[]).some((c) => mayFallBack(c, doc));
    const v = doc[key];
    const values: unknown[] = Array.isArray(v) ? v : v === undefined ? [] : [v];
    if (!(v instanceof Date) && !values.every(isScalar)) return true;
    if (typeof condition !== 'object' || condition instanceof Date) return false;
    return Object.entries(condition as Doc).some(
      ([op, arg]) =>
        (op === '$all' && !Array.isArray(v)) ||
        (isRange(op) && typeof arg === 'number' && values.some((x) => typeof x !== 'number')),
    );
  });
}

it('answers what mingo answers, for generated filters and documents, asking mingo only when it may', () => {
  const random = generator(20261204);
  const docs = Array.from({ length: 300 }, () => documentOf(random));
  let fast = 0;
  let answeredAlone = 0;
  for (let i = 0; i < 1500; i++) {
    const filter = filterOf(random);
    const { test, slowCalls } = counted(filter);
    if (!test) continue;
    fast += 1;
    const reference = mingo(filter);
    for (const doc of docs) {
      const expected = reference(doc);
      const before = slowCalls();
      const answer = test(doc);
      const where = `${JSON.stringify(filter)} on ${JSON.stringify(doc)}`;
      if (answer !== expected) throw new Error(`${where}: mingo says ${String(expected)}`);
      if (slowCalls() > before && !mayFallBack(filter, doc)) throw new Error(`${where}: asked mingo`);
      if (slowCalls() === before) answeredAlone += 1;
    }
  }
  // the generated filters are the fast path's shapes: nearly all of them take it
  expect(fast).toBeGreaterThan(1400);
  // and it answers most documents itself (the rest hold nested arrays, objects, null, arrays of dates…)
  expect(answeredAlone).toBeGreaterThan(fast * docs.length * 0.5);
});

it('answers a search filter on a multikey field as mingo does', () => {
  const filter = {
    $and: [
      { searchKeys: { $in: ['e:党史', 'h:党史'] } },
      { $or: [{ searchKeys: { $all: ['b:党史'] } }, { searchKeys: 'ob:党史' }] },
      { available: { $gt: 0 } },
    ],
  };
  const { test, slowCalls } = counted(filter);
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
  // mingo is asked only about `$all` on a field that is not an array (where mingo and MongoDB differ)
  const asked = docs.filter((doc) => {
    const before = slowCalls();
    test?.(doc);
    return slowCalls() > before;
  });
  expect(asked).toEqual([{ searchKeys: 'h:党史', available: [0, 3] }]);
});

it('answers the events and circulation filters on dates as mingo does, without asking it', () => {
  const at = new Date(T);
  const filter = {
    $and: [
      { status: { $in: ['published', 'finished'] } },
      { startAt: { $gt: at } },
      { $or: [{ audience: { $in: ['all', 'branch-1'] } }, { signupDeadline: { $lte: new Date(T + 1) } }] },
    ],
  };
  const { test, slowCalls } = counted(filter);
  expect(test).toBeDefined();
  const docs: Doc[] = [
    { status: 'published', startAt: new Date(T + 1), audience: ['all'] },
    { status: 'published', startAt: new Date(T), audience: ['all'] },
    {
      status: 'finished',
      startAt: new Date(T + 60_000),
      audience: ['branch-2'],
      signupDeadline: new Date(T),
    },
    { status: 'draft', startAt: new Date(T + 1), audience: ['all'] },
    { status: 'published', startAt: T + 1, audience: ['all'] },
    { status: 'published', startAt: new Date(T + 1), audience: ['branch-2'], signupDeadline: T },
  ];
  expect(docs.map((doc) => test?.(doc))).toEqual(docs.map(mingo(filter)));
  expect(docs.map((doc) => test?.(doc))).toEqual([true, false, true, false, false, false]);
  expect(slowCalls()).toBe(0);
});

it.each([
  ['a regular expression', { title: /党/ }],
  ['a dotted path', { 'a.b': 1 }],
  ['null', { a: null }],
  ['$ne', { a: { $ne: 1 } }],
  ['$exists', { a: { $exists: true } }],
  ['an embedded document', { a: { b: 1 } }],
  ['a date in $all', { a: { $all: [new Date(0)] } }],
  ['an empty $or', { $or: [] }],
  ['$nor', { $nor: [{ a: 1 }] }],
  ['the empty filter', {}],
])('leaves %s to mingo', (_name, filter) => {
  expect(fastFilter(filter as Doc, () => mingo(filter as Doc))).toBeUndefined();
});
