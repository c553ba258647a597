/**
 * Secondary indexes of an in-memory collection: the seam that keeps lookups flat as collections grow.
 *
 * An index is declared with the same shape as production's (`{ keys: { field: 1 }, unique? }`). Locally it
 * serves two purposes:
 * - lookups: a query with a top-level equality or `$in` on the index's FIRST key field gets its candidates
 *   from the index instead of a scan (mingo still filters the candidates, so an index can only narrow,
 *   never change, a result);
 * - uniqueness: `unique: true` rejects a write whose key tuple (missing fields count as null, as in
 *   MongoDB without `sparse`) another document already has.
 *
 * Multikey: array values are indexed element by element (as MongoDB does), so `{ tags: 'a' }` finds
 * `{ tags: ['a', 'b'] }`, and `{ tags: { $all: ['a', 'b'] } }` reads the smaller of the two buckets (and
 * keeps only what is in the other). Values that are not strings, numbers, booleans or Dates are not looked
 * up through an index (the query falls back to a scan).
 *
 * Order: a compound index `{ f: 1, createdAt: -1, _id: 1 }` keeps, for each value of `f`, its documents
 * in the order of its other fields (sorted when first asked, kept until the bucket changes), so a query
 * with an equality on `f` sorted by `{ createdAt: -1, _id: 1 }` (or the exact reverse) reads them in that
 * order and stops at its limit, as MongoDB walks such an index. collection.ts plans which index to use.
 */
import type { Doc } from './ejson';
import { isPlainObject, stringifyEJSON } from './ejson';

export interface IndexSpec {
  name?: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

/** A lookup key for a scalar value, or undefined when the value cannot be looked up through an index. */
export function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return Number.isNaN(value) ? undefined : `n${value === 0 ? 0 : value}`;
    case 'boolean':
      return value ? 'bt' : 'bf';
    default:
      return value instanceof Date ? `d${value.getTime()}` : undefined;
  }
}

/**
 * Every value reachable at a dotted path, descending through arrays as MongoDB does: for
 * `items.bookId` and `{ items: [{ bookId: 'a' }, { bookId: 'b' }] }` that is `['a', 'b']`. Leaf arrays
 * contribute their elements.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) collect(value[Number(part)], parts, i + 1, out);
    for (const item of value) if (isPlainObject(item)) collect(item, parts, i, out);
    return;
  }
  if (isPlainObject(value) && part in value) collect(value[part], parts, i + 1, out);
}

/** The scalar keys an equality-style query condition on one field asks for, if it can use an index. */
export function lookupKeys(condition: unknown): string[] | undefined {
  if (isPlainObject(condition)) {
    const ops = Object.keys(condition);
    if (ops.length !== 1) return undefined;
    if (ops[0] === '$eq') return single(scalarKey(condition.$eq));
    if (ops[0] === '$in' && Array.isArray(condition.$in)) {
      const keys = condition.$in.map(scalarKey);
      return keys.every((k): k is string => k !== undefined) ? keys : undefined;
    }
    return undefined;
  }
  return single(scalarKey(condition));
}

/** The scalar keys of a `$all` condition (every one must be present), if it can use an index. */
export function lookupAllKeys(condition: unknown): string[] | undefined {
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length !== 1 || ops[0] !== '$all' || !Array.isArray(condition.$all)) return undefined;
  if (condition.$all.length === 0) return undefined;
  const keys = condition.$all.map(scalarKey);
  return keys.every((k): k is string => k !== undefined) ? keys : undefined;
}

function single(key: string | undefined): string[] | undefined {
  return key === undefined ? undefined : [key];
}

const EMPTY: ReadonlySet<string> = new Set();

export class CollectionIndex {
  readonly name: string;
  readonly field: string;
  readonly fields: string[];
  readonly unique: boolean;
  /** scalar key of the first field → document keys */
  private readonly buckets = new Map<string, Set<string>>();
  /** unique tuple → document key */
  private readonly tuples = new Map<string, string>();
  /** scalar key → sort spec → the bucket's document keys in that order (dropped when the bucket changes) */
  private readonly sorted = new Map<string, Map<string, string[] | null>>();

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    if (this.fields.length === 0) throw new Error('an index needs at least one key');
    this.field = this.fields[0] as string;
    this.name = spec.name ?? this.fields.map((f) => `${f}_${spec.keys[f]}`).join('_');
    this.unique = spec.unique === true;
  }

  /** The document key that already holds `doc`'s unique tuple, other than `key` itself. */
  uniqueConflict(doc: Doc, key: string): string | undefined {
    if (!this.unique) return undefined;
    const owner = this.tuples.get(this.tupleOf(doc));
    return owner !== undefined && owner !== key ? owner : undefined;
  }

  add(key: string, doc: Doc): void {
    for (const k of this.keysOf(doc)) {
      this.sorted.delete(k);
      let bucket = this.buckets.get(k);
      if (!bucket) this.buckets.set(k, (bucket = new Set()));
      bucket.add(key);
    }
    if (this.unique) this.tuples.set(this.tupleOf(doc), key);
  }

  remove(key: string, doc: Doc): void {
    for (const k of this.keysOf(doc)) {
      this.sorted.delete(k);
      const bucket = this.buckets.get(k);
      if (!bucket) continue;
      bucket.delete(key);
      if (bucket.size === 0) this.buckets.delete(k);
    }
    if (this.unique) {
      const tuple = this.tupleOf(doc);
      if (this.tuples.get(tuple) === key) this.tuples.delete(tuple);
    }
  }

  /** Document keys whose first field may equal one of `keys` (a superset of the matches). */
  lookup(keys: string[]): Set<string> {
    if (keys.length === 1) return this.buckets.get(keys[0] as string) ?? new Set();
    const out = new Set<string>();
    for (const k of keys) for (const key of this.buckets.get(k) ?? []) out.add(key);
    return out;
  }

  /** The documents whose first field holds the value of scalar key `k`. */
  bucket(k: string): ReadonlySet<string> {
    return this.buckets.get(k) ?? EMPTY;
  }

  /**
   * Whether the index keeps a bucket's documents in `sort` order: the sort names the index's fields after
   * the first, in order, all in the index's directions or all reversed (`skip` = 1). With `skip` = 0, the
   * index orders the whole collection (a sort on its leading fields).
   */
  providesSort(sort: Record<string, 1 | -1>, skip: 0 | 1): boolean {
    const fields = Object.keys(sort);
    const rest = this.fields.slice(skip);
    if (fields.length === 0 || fields.length > rest.length) return false;
    const same = fields.every((f, i) => f === rest[i] && sort[f] === this.spec.keys[f]);
    const reversed = fields.every((f, i) => f === rest[i] && sort[f] === -(this.spec.keys[f] as number));
    return same || reversed;
  }

  /**
   * A bucket's document keys in the order `order` gives them (cached until the bucket changes); null
   * when `order` cannot order them (values a plain comparison cannot sort exactly as the engine does).
   */
  sortedBucket(
    k: string,
    specKey: string,
    order: (keys: Iterable<string>) => string[] | null,
  ): string[] | null {
    let bySpec = this.sorted.get(k);
    if (!bySpec) this.sorted.set(k, (bySpec = new Map()));
    let list = bySpec.get(specKey);
    if (list === undefined) bySpec.set(specKey, (list = order(this.bucket(k))));
    return list;
  }

  describeTuple(doc: Doc): string {
    return this.tupleOf(doc);
  }

  private keysOf(doc: Doc): Set<string> {
    const keys = new Set<string>();
    for (const value of valuesAtPath(doc, this.field)) {
      const k = scalarKey(value);
      if (k !== undefined) keys.add(k);
    }
    return keys;
  }

  private tupleOf(doc: Doc): string {
    const values: Doc = {};
    for (const field of this.fields) {
      const found = valuesAtPath(doc, field);
      values[field] = found.length === 0 ? null : found.length === 1 ? (found[0] ?? null) : found;
    }
    return stringifyEJSON(values, { relaxed: true });
  }
}
