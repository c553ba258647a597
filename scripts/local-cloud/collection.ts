/**
 * One collection's working set in memory: documents by `_id` (O(1) lookups), in natural (insertion)
 * order, with optional secondary indexes (see indexes.ts) that narrow the candidates of a query.
 */
import type { Doc } from './ejson';
import { isPlainObject, stringifyEJSON } from './ejson';
import { CloudError } from './errors';
import { CollectionIndex, lookupKeys, type IndexSpec } from './indexes';

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
    this.entries.set(key, { doc, ver, pos: old ? old.pos : this.nextPos++ });
  }

  delete(key: string): Doc | undefined {
    const old = this.entries.get(key);
    if (!old) return undefined;
    for (const index of this.indexes) index.remove(key, old.doc);
    this.entries.delete(key);
    return old.doc;
  }

  clear(): void {
    this.entries.clear();
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
  }

  indexSpecs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec);
  }

  /**
   * A superset of the documents `query` can match, in natural order: by `_id` when the query names
   * `_id` with an equality or `$in`, else through the most selective usable index, else every document.
   */
  candidates(query: Doc): Doc[] {
    const keys = this.candidateKeys(query);
    if (keys === undefined) return this.docs();
    const found: Entry[] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) found.push(entry);
    }
    if (found.length > 1) found.sort((a, b) => a.pos - b.pos);
    return found.map((e) => e.doc);
  }

  private candidateKeys(query: Doc): Iterable<string> | undefined {
    if ('_id' in query) {
      const ids = idLookup(query._id);
      if (ids) return ids;
    }
    let best: Set<string> | undefined;
    for (const index of this.indexes) {
      if (!(index.field in query)) continue;
      const keys = lookupKeys(query[index.field]);
      if (!keys) continue;
      const found = index.lookup(keys);
      if (!best || found.size < best.size) best = found;
    }
    return best;
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
