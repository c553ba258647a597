/**
 * One collection's working set in memory: documents by `_id` (O(1) lookups), in natural (insertion)
 * order, with optional secondary indexes (see indexes.ts) that narrow the candidates of a query.
 */
import type { Doc } from './ejson';
import { isPlainObject, stringifyEJSON } from './ejson';
import { CloudError } from './errors';
import { compare, resolve } from 'mingo/util';
import { CollectionIndex, lookupAllKeys, lookupKeys, type IndexSpec } from './indexes';
import type { SortSpec } from './operations';

/** The map key of an `_id`: strings as they are, other types by their EJSON form (5 and '5' differ). */
export function idKey(id: unknown): string {
  return typeof id === 'string' ? id : `\u0001${stringifyEJSON(id)}`;
}

interface Entry {
  doc: Doc;
  /** commit sequence number that produced this version */
  ver: number;
  /** natural order position */
  pos: number;
}

export class MemCollection {
  /** Highest commit sequence number applied to this collection. */
  version = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly indexes: CollectionIndex[] = [];
  private nextPos = 0;
  /** sort spec → every document key in that order (dropped at every change) */
  private readonly sortedAll = new Map<string, string[] | null>();

  constructor(readonly name: string) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Doc | undefined {
    return this.entries.get(key)?.doc;
  }

  versionOf(key: string): number | undefined {
    return this.entries.get(key)?.ver;
  }

  /** Documents in natural order. */
  docs(): Doc[] {
    const out: Doc[] = [];
    for (const entry of this.entries.values()) out.push(entry.doc);
    return out;
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Checks the unique indexes for `doc` stored under `key`; throws DATABASE_DUPLICATE_WRITE. */
  checkUnique(key: string, doc: Doc): void {
    for (const index of this.indexes) {
      if (index.uniqueConflict(doc, key) !== undefined) {
        throw new CloudError(
          'DATABASE_DUPLICATE_WRITE',
          `E11000 duplicate key error collection: ${this.name} index: ${index.name} dup key: ${index.describeTuple(doc)}`,
        );
      }
    }
  }

  /**
   * Inserts or replaces a document (a replaced one keeps its natural position). `checkUnique: false` is
   * for changes another process already committed: they are facts, not requests.
   */
  put(key: string, doc: Doc, ver: number, checkUnique = true): void {
    if (checkUnique) this.checkUnique(key, doc);
    const old = this.entries.get(key);
    if (old) for (const index of this.indexes) index.remove(key, old.doc);
    for (const index of this.indexes) index.add(key, doc);
    this.sortedAll.clear();
    this.entries.set(key, { doc, ver, pos: old ? old.pos : this.nextPos++ });
  }

  delete(key: string): Doc | undefined {
    const old = this.entries.get(key);
    if (!old) return undefined;
    for (const index of this.indexes) index.remove(key, old.doc);
    this.entries.delete(key);
    this.sortedAll.clear();
    return old.doc;
  }

  clear(): void {
    this.entries.clear();
    this.sortedAll.clear();
    this.nextPos = 0;
    const specs = this.indexes.splice(0).map((i) => i.spec);
    for (const spec of specs) this.indexes.push(new CollectionIndex(spec));
  }

  /** Declares an index (idempotent by name) and builds it from the current documents. */
  ensureIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    if (this.indexes.some((i) => i.name === index.name)) return;
    for (const [key, entry] of this.entries) {
      if (index.uniqueConflict(entry.doc, key) !== undefined) {
        throw new CloudError(
          'DATABASE_DUPLICATE_WRITE',
          `cannot create unique index ${index.name} on ${this.name}: duplicate key ${index.describeTuple(entry.doc)}`,
        );
      }
      index.add(key, entry.doc);
    }
    this.indexes.push(index);
    this.sortedAll.clear();
  }

  indexSpecs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec);
  }

  /**
   * A superset of the documents `query` can match, in natural order: by `_id` when the query names
   * `_id` with an equality or `$in`, else through the most selective usable index, else every document.
   */
  candidates(query: Doc): Doc[] {
    const access = this.plan(query);
    if (access === undefined) return this.docs();
    const found: Entry[] = [];
    for (const key of access.keys()) {
      const entry = this.entries.get(key);
      if (entry) found.push(entry);
    }
    if (found.length > 1) found.sort((a, b) => a.pos - b.pos);
    return found.map((e) => e.doc);
  }

  /**
   * A superset of the documents `query` can match, in `sort` order (ties in natural order, as the
   * engine's sort), when an index provides that order; undefined otherwise. Lazy: a reader that stops
   * at its limit reads only what it needs, as MongoDB walking an index.
   */
  ordered(query: Doc, sort: SortSpec): Iterable<Doc> | undefined {
    const access = this.plan(query) ?? this.everything();
    const keys = access.sorted(sort);
    if (keys === undefined) return undefined;
    return mapIterable(keys, (key) => this.entries.get(key)?.doc);
  }

  /**
   * How a query reaches its candidates. Top-level fields (an implicit `$and`), `$and` clauses: the
   * smallest usable access; `$or`: the union of its branches when every branch is usable. Field
   * conditions: `_id` equality / `$in`; on an index's first field, equality, `$in` and `$all`.
   */
  private plan(query: Doc): Access | undefined {
    const options: Access[] = [];
    for (const [field, condition] of Object.entries(query)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const clause of condition) {
          const access = isPlainObject(clause) ? this.plan(clause) : undefined;
          if (access) options.push(access);
        }
      } else if (field === '$or' && Array.isArray(condition) && condition.length > 0) {
        const branches = condition.map((b) => (isPlainObject(b) ? this.plan(b) : undefined));
        if (branches.every((b): b is Access => b !== undefined)) options.push(this.union(branches));
      } else if (!field.startsWith('$')) {
        const access = this.planField(field, condition);
        if (access) options.push(access);
      }
    }
    if (options.length === 0) return undefined;
    return this.best(options);
  }

  /** The smallest access; its order when it has one, else (for a large one) another that does. */
  private best(options: Access[]): Access {
    const bySize = [...options].sort((a, b) => a.size - b.size);
    const smallest = bySize[0] as Access;
    return {
      size: smallest.size,
      keys: () => smallest.keys(),
      sorted: (sort) => {
        const own = smallest.sorted(sort);
        if (own !== undefined || smallest.size <= SMALL_ENOUGH_TO_SORT) return own;
        for (const option of [...bySize.slice(1), this.everything()]) {
          const keys = option.sorted(sort);
          if (keys !== undefined) return keys;
        }
        return undefined;
      },
    };
  }

  private planField(field: string, condition: unknown): Access | undefined {
    if (field === '_id') {
      const ids = idLookup(condition);
      if (!ids) return undefined;
      return {
        size: ids.length,
        keys: () => ids,
        sorted: (sort) => this.order(ids, sort) ?? undefined,
      };
    }
    const indexes = this.indexes.filter((i) => i.field === field);
    const first = indexes[0];
    if (!first) return undefined;
    const sortedBucket = (k: string, sort: SortSpec): string[] | undefined => {
      const index = indexes.find((i) => i.providesSort(sort, 1));
      if (!index) return undefined;
      return index.sortedBucket(k, JSON.stringify(sort), (keys) => this.order(keys, sort)) ?? undefined;
    };
    const any = lookupKeys(condition);
    if (any) {
      const buckets = [...new Set(any)];
      return {
        size: buckets.reduce((n, k) => n + first.bucket(k).size, 0),
        keys: () =>
          buckets.length === 1
            ? first.bucket(buckets[0] as string)
            : union(buckets.map((k) => first.bucket(k))),
        sorted: (sort) => {
          const lists = buckets.map((k) => sortedBucket(k, sort));
          if (!lists.every((l): l is string[] => l !== undefined)) return undefined;
          return lists.length === 1 ? lists[0] : this.merge(lists, sort);
        },
      };
    }
    const all = lookupAllKeys(condition);
    if (all) {
      // Read the smallest bucket; keep what every other bucket holds too.
      const buckets = [...new Set(all)].map((k) => ({ k, set: first.bucket(k) }));
      buckets.sort((a, b) => a.set.size - b.set.size);
      const [smallest, ...others] = buckets as [(typeof buckets)[number], ...typeof buckets];
      const inAll = (key: string) => others.every((o) => o.set.has(key));
      return {
        size: smallest.set.size,
        keys: () => filterIterable(smallest.set, inAll),
        sorted: (sort) => {
          const list = sortedBucket(smallest.k, sort);
          return list === undefined ? undefined : filterIterable(list, inAll);
        },
      };
    }
    return undefined;
  }

  /** The union of several accesses (`$or`), ordered by merging theirs. */
  private union(branches: Access[]): Access {
    return {
      size: branches.reduce((n, b) => n + b.size, 0),
      keys: () => union(branches.map((b) => b.keys())),
      sorted: (sort) => {
        const lists = branches.map((b) => b.sorted(sort));
        if (!lists.every((l): l is Iterable<string> => l !== undefined)) return undefined;
        return this.merge(lists, sort);
      },
    };
  }

  /** Every document; ordered when an index's leading fields give `sort`. */
  private everything(): Access {
    return {
      size: this.entries.size,
      keys: () => this.entries.keys(),
      sorted: (sort) => {
        if (!this.indexes.some((i) => i.providesSort(sort, 0))) return undefined;
        const specKey = JSON.stringify(sort);
        let list = this.sortedAll.get(specKey);
        if (list === undefined) this.sortedAll.set(specKey, (list = this.order(this.entries.keys(), sort)));
        return list ?? undefined;
      },
    };
  }

  /**
   * Document keys in `sort` order, ties in natural order: what the engine's (mingo's) sort answers for
   * them. Null when a sort value is not a string, number, boolean or Date (null, missing, arrays and
   * objects have subtler rules: such queries take the ordinary path).
   */
  private order(keys: Iterable<string>, sort: SortSpec): string[] | null {
    const fields = Object.entries(sort);
    const rows: { key: string; pos: number; values: unknown[] }[] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const values: unknown[] = [];
      for (const [field] of fields) {
        const value = resolve(entry.doc, field);
        if (!isSortableScalar(value)) return null;
        values.push(value);
      }
      rows.push({ key, pos: entry.pos, values });
    }
    rows.sort((a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const c = compare(a.values[i], b.values[i]);
        if (c !== 0) return c * (fields[i] as [string, 1 | -1])[1];
      }
      return a.pos - b.pos;
    });
    return rows.map((r) => r.key);
  }

  /** Merges key lists that are each in `sort` order into one, without repeats. */
  private *merge(lists: Iterable<string>[], sort: SortSpec): Generator<string> {
    const fields = Object.entries(sort);
    const cmp = (a: string, b: string): number => {
      const ea = this.entries.get(a) as Entry;
      const eb = this.entries.get(b) as Entry;
      for (const [field, dir] of fields) {
        const c = compare(resolve(ea.doc, field), resolve(eb.doc, field));
        if (c !== 0) return c * dir;
      }
      return ea.pos - eb.pos;
    };
    const heads = lists.map((l) => l[Symbol.iterator]());
    const current: (string | undefined)[] = heads.map((it) => nextLive(it, this.entries));
    const seen = new Set<string>();
    for (;;) {
      let min = -1;
      for (let i = 0; i < current.length; i++) {
        const c = current[i];
        if (c !== undefined && (min < 0 || cmp(c, current[min] as string) < 0)) min = i;
      }
      if (min < 0) return;
      const key = current[min] as string;
      current[min] = nextLive(heads[min] as Iterator<string>, this.entries);
      if (seen.has(key)) continue;
      seen.add(key);
      yield key;
    }
  }
}

/** Below this many candidates, sorting them is cheaper than walking another index in order. */
const SMALL_ENOUGH_TO_SORT = 1000;

/** How a query reaches its candidates (see MemCollection.plan). */
interface Access {
  /** At most this many candidates. */
  size: number;
  /** The candidate document keys, in any order. */
  keys(): Iterable<string>;
  /** The candidate keys in `sort` order, when the indexes used provide it. */
  sorted(sort: SortSpec): Iterable<string> | undefined;
}

function isSortableScalar(value: unknown): boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || value instanceof Date;
}

function nextLive(it: Iterator<string>, entries: Map<string, Entry>): string | undefined {
  for (let r = it.next(); !r.done; r = it.next()) if (entries.has(r.value)) return r.value;
  return undefined;
}

function* union(sets: Iterable<string>[]): Generator<string> {
  const seen = new Set<string>();
  for (const set of sets) {
    for (const key of set) {
      if (seen.has(key)) continue;
      seen.add(key);
      yield key;
    }
  }
}

function* filterIterable(items: Iterable<string>, keep: (key: string) => boolean): Generator<string> {
  for (const item of items) if (keep(item)) yield item;
}

function* mapIterable(keys: Iterable<string>, get: (key: string) => Doc | undefined): Generator<Doc> {
  for (const key of keys) {
    const doc = get(key);
    if (doc) yield doc;
  }
}

function idLookup(condition: unknown): string[] | undefined {
  if (isPlainObject(condition)) {
    const ops = Object.keys(condition);
    if (ops.length !== 1) return undefined;
    if (ops[0] === '$eq') return idLookup(condition.$eq);
    if (ops[0] === '$in' && Array.isArray(condition.$in)) {
      return condition.$in.every((v) => typeof v === 'string' || typeof v === 'number')
        ? condition.$in.map(idKey)
        : undefined;
    }
    return undefined;
  }
  return typeof condition === 'string' || typeof condition === 'number' ? [idKey(condition)] : undefined;
}
