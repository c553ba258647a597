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
 * `{ tags: ['a', 'b'] }`. Values that are not strings, numbers, booleans or Dates are not looked up through
 * an index (the query falls back to a scan).
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

function single(key: string | undefined): string[] | undefined {
  return key === undefined ? undefined : [key];
}

export class CollectionIndex {
  readonly name: string;
  readonly field: string;
  readonly fields: string[];
  readonly unique: boolean;
  /** scalar key of the first field → document keys */
  private readonly buckets = new Map<string, Set<string>>();
  /** unique tuple → document key */
  private readonly tuples = new Map<string, string>();

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
      let bucket = this.buckets.get(k);
      if (!bucket) this.buckets.set(k, (bucket = new Set()));
      bucket.add(key);
    }
    if (this.unique) this.tuples.set(this.tupleOf(doc), key);
  }

  remove(key: string, doc: Doc): void {
    for (const k of this.keysOf(doc)) {
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
