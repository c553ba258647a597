/**
 * The synchronous core of the local cloud's document store: collections in memory (the working set,
 * fast), every write committed to SQLite before it is acknowledged (durable across `kill -9`), and
 * correct while other processes write the same data directory (noticed through `PRAGMA data_version`
 * before every operation; what changed is re-read incrementally). The server uses it directly; scripts
 * use {@link Store} (store.ts), which wraps it.
 */
import { randomBytes } from 'node:crypto';
import { LocalClock } from './clock';
import { MemCollection } from './collection';
import type { Doc } from './ejson';
import { fromEJSON, stringifyEJSON } from './ejson';
import { CloudError, collectionNotExist } from './errors';
import type { IndexSpec } from './indexes';
import {
  aggregateDocs,
  countDocs,
  findDocs,
  planInsert,
  planRemove,
  planUpdate,
  type CollectionView,
  type FindOptions,
  type UpdateOptions,
  type UpdatePlan,
} from './operations';
import { Persistence, type Synchronous } from './persistence';
import { Transaction, transactionConflict, TRANSACTION_TTL_MS, type TransactionHost } from './transactions';

export interface StoreOptions {
  /**
   * SQLite `synchronous` in WAL mode. `NORMAL` (default): every acknowledged write survives the death of
   * the process; `FULL`: also an OS crash or power loss (one fsync per write).
   */
  synchronous?: Synchronous;
}

interface CollectionMeta {
  version: number;
  floor: number;
  mem: MemCollection | undefined;
}

interface Write {
  coll: string;
  key: string;
  after: Doc | undefined;
}

interface Applied {
  coll: string;
  key: string;
  prev: Doc | undefined;
  prevVer: number | undefined;
}

interface LogEntry {
  seq: number;
  /** the committed version this change replaced (undefined: the document did not exist) */
  prev: Doc | undefined;
}

/** A fresh document id: 8 hex digits of time, 24 random (32 hex digits, like production's ids). */
export function newDocId(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return time + randomBytes(12).toString('hex');
}

function decodeBody(body: string): Doc {
  return fromEJSON(JSON.parse(body) as unknown) as Doc;
}

/** The synchronous core. Results share objects with the in-memory collections: never mutate them. */
export class Engine implements TransactionHost {
  private readonly disk: Persistence;
  private readonly meta = new Map<string, CollectionMeta>();
  private readonly declaredIndexes = new Map<string, IndexSpec[]>();
  private readonly transactions = new Map<string, Transaction>();
  /** While transactions are open: every committed change, per collection and document key. */
  private readonly log = new Map<string, Map<string, LogEntry[]>>();
  private dataVersion = -1;
  private deletesSincePrune = 0;
  /** The movable clock, kept in this data directory (clock.ts). */
  readonly clock: LocalClock;

  constructor(
    readonly dataDir: string,
    options: StoreOptions = {},
  ) {
    this.disk = new Persistence(dataDir, options.synchronous);
    this.clock = new LocalClock(this.disk);
  }

  /**
   * Claims the firing of a timer trigger's occurrence (ms) for this process: false if this or another
   * process sharing the data directory already fired it (or a later one).
   */
  claimTimer(key: string, occurrence: number): boolean {
    return this.disk.write(() => {
      const last = this.disk.metaValue(`timer:${key}`);
      if (last !== undefined && last >= occurrence) return false;
      this.disk.setMetaValue(`timer:${key}`, occurrence);
      return true;
    });
  }

  readonly newId = newDocId;

  // ---- catching up with the disk -------------------------------------------------------------

  /** Re-reads what other processes committed since the last call (cheap when nothing changed). */
  sync(): void {
    const dataVersion = this.disk.dataVersion();
    if (dataVersion === this.dataVersion) return;
    this.dataVersion = dataVersion;
    for (const row of this.disk.collections()) {
      const meta = this.meta.get(row.name);
      if (!meta) {
        this.meta.set(row.name, { version: row.version, floor: row.floor, mem: undefined });
        continue;
      }
      if (row.version > meta.version && meta.mem) {
        if (meta.version < row.floor) this.reloadAll(row.name, meta.mem, row.version);
        else this.catchUp(row.name, meta.mem, meta.version);
      }
      meta.version = Math.max(meta.version, row.version);
      meta.floor = row.floor;
      if (meta.mem) meta.mem.version = meta.version;
    }
  }

  private catchUp(name: string, mem: MemCollection, since: number): void {
    for (const tomb of this.disk.tombstonesSince(name, since)) {
      const prev = mem.get(tomb.id);
      if (prev === undefined) continue;
      mem.delete(tomb.id);
      this.record(name, tomb.id, prev, tomb.ver);
    }
    for (const row of this.disk.docsSince(name, since)) {
      const prev = mem.get(row.id);
      mem.put(row.id, decodeBody(row.body), row.ver, false);
      this.record(name, row.id, prev, row.ver);
    }
  }

  /** Replaces a collection's documents with the disk's (its missed tombstones were pruned). */
  private reloadAll(name: string, mem: MemCollection, version: number): void {
    const rows = this.disk.allDocs(name);
    const fresh = new Map(rows.map((r) => [r.id, r.ver]));
    for (const key of [...mem.keys()]) {
      const ver = fresh.get(key);
      // A deletion's own seq is gone with its tombstone: the collection's version is after it.
      if (ver === undefined || ver !== mem.versionOf(key)) {
        this.record(name, key, mem.get(key), ver ?? version);
      }
    }
    for (const row of rows) if (mem.get(row.id) === undefined) this.record(name, row.id, undefined, row.ver);
    mem.clear();
    for (const row of rows) mem.put(row.id, decodeBody(row.body), row.ver, false);
  }

  /**
   * Loads a collection on first use. Open transactions never saw it in memory: what changed on disk
   * after the oldest of them started is recorded as changed (with the current version standing in for
   * the unknown previous one), so touching it still makes them conflict.
   */
  private load(name: string, meta: CollectionMeta): MemCollection {
    const mem = new MemCollection(name);
    const since = this.oldestTransactionStart();
    const { rows, tombstones, version } = this.disk.read(() => ({
      rows: this.disk.allDocs(name),
      tombstones: since === Infinity ? [] : this.disk.tombstonesSince(name, since),
      version: this.disk.collections().find((c) => c.name === name)?.version ?? meta.version,
    }));
    for (const row of rows) {
      const doc = decodeBody(row.body);
      mem.put(row.id, doc, row.ver, false);
      if (row.ver > since) this.record(name, row.id, doc, row.ver);
    }
    for (const tomb of tombstones) this.record(name, tomb.id, undefined, tomb.ver);
    meta.version = Math.max(meta.version, version);
    mem.version = meta.version;
    for (const spec of this.declaredIndexes.get(name) ?? []) {
      try {
        mem.ensureIndex(spec);
      } catch (error) {
        console.warn(`[local-cloud] ${(error as Error).message}; the index is not enforced`);
      }
    }
    meta.mem = mem;
    return mem;
  }

  private collection(name: string): MemCollection {
    this.sync();
    const meta = this.meta.get(name);
    if (!meta) throw collectionNotExist(name);
    return meta.mem ?? this.load(name, meta);
  }

  /** A live view of a collection (throws DATABASE_COLLECTION_NOT_EXIST). */
  view(name: string): CollectionView {
    const mem = this.collection(name);
    return {
      name,
      get: (key) => mem.get(key),
      candidates: (query) => mem.candidates(query),
      ordered: (query, sort) => mem.ordered(query, sort),
      size: () => mem.size,
    };
  }

  // ---- collections and indexes ---------------------------------------------------------------

  hasCollection(name: string): boolean {
    this.sync();
    return this.meta.has(name);
  }

  requireCollection(name: string): void {
    if (!this.hasCollection(name)) throw collectionNotExist(name);
  }

  collectionNames(): string[] {
    this.sync();
    return [...this.meta.keys()].sort();
  }

  /** Creates a collection. Answers false if it existed (or throws, with `failIfExists`). */
  createCollection(name: string, failIfExists = false): boolean {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
      throw new CloudError('INVALID_PARAM', `invalid collection name: ${String(name)}`);
    }
    const created = this.disk.write(() => {
      this.sync();
      if (this.meta.has(name)) return false;
      const seq = this.disk.nextSeq();
      this.disk.createCollection(name, seq);
      this.meta.set(name, { version: seq, floor: 0, mem: undefined });
      return true;
    });
    if (!created && failIfExists) {
      throw new CloudError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`);
    }
    return created;
  }

  /**
   * Declares an index on a collection (kept in memory, declared again at every start): equality and
   * `$in` lookups on its first field use it; `unique` is enforced on writes.
   */
  ensureIndex(name: string, spec: IndexSpec): void {
    const specs = this.declaredIndexes.get(name) ?? [];
    specs.push(spec);
    this.declaredIndexes.set(name, specs);
    this.sync();
    this.meta.get(name)?.mem?.ensureIndex(spec);
  }

  // ---- reads ------------------------------------------------------------------------------------

  find(coll: string, query: Doc = {}, options: FindOptions = {}): Doc[] {
    return findDocs(this.view(coll), query, options);
  }

  count(coll: string, query: Doc = {}): number {
    return countDocs(this.view(coll), query);
  }

  aggregate(coll: string, pipeline: Doc[]): Doc[] {
    const view = this.view(coll);
    return aggregateDocs(view, pipeline, (other) =>
      this.hasCollection(other) ? this.collection(other).docs() : [],
    );
  }

  // ---- writes -----------------------------------------------------------------------------------

  insert(coll: string, docs: Doc[]): unknown[] {
    return this.write(() => {
      const changes = planInsert(this.view(coll), docs, this.newId);
      return {
        writes: changes.map((c) => ({ coll, key: c.key, after: c.after })),
        result: changes.map((c) => c.after?._id),
      };
    });
  }

  update(coll: string, query: Doc, update: Doc, options: UpdateOptions = {}): UpdatePlan {
    return this.write(() => {
      const plan = planUpdate(this.view(coll), query, update, options, this.newId);
      return { writes: plan.changes.map((c) => ({ coll, key: c.key, after: c.after })), result: plan };
    });
  }

  remove(coll: string, query: Doc, multi = true): number {
    return this.write(() => {
      const changes = planRemove(this.view(coll), query, multi);
      return { writes: changes.map((c) => ({ coll, key: c.key, after: undefined })), result: changes.length };
    });
  }

  /**
   * Holds the SQLite write lock, catches up with other processes, plans the writes on the fresh state,
   * applies them in memory (unique indexes may refuse), persists them and commits. Any failure undoes
   * the memory changes: nothing is half done.
   */
  private write<T>(plan: () => { writes: Write[]; result: T }): T {
    const state: { applied: Applied[]; seq: number } = { applied: [], seq: 0 };
    try {
      const result = this.disk.write(() => {
        this.sync();
        const { writes, result } = plan();
        if (writes.length === 0) return result;
        state.seq = this.disk.nextSeq();
        this.applyToMemory(writes, state.seq, state.applied);
        const touched = new Set<string>();
        for (const w of writes) {
          touched.add(w.coll);
          if (w.after) this.disk.putDoc(w.coll, w.key, state.seq, stringifyEJSON(w.after, { relaxed: true }));
          else {
            this.disk.deleteDoc(w.coll, w.key, state.seq);
            this.deletesSincePrune += 1;
          }
        }
        for (const coll of touched) {
          this.disk.bumpCollection(coll, state.seq);
          if (this.deletesSincePrune > 5000) this.disk.pruneTombstones(coll);
        }
        if (this.deletesSincePrune > 5000) this.deletesSincePrune = 0;
        return result;
      });
      this.afterCommit(state.applied, state.seq);
      return result;
    } catch (error) {
      this.undo(state.applied);
      throw error;
    }
  }

  private applyToMemory(writes: Write[], seq: number, applied: Applied[]): void {
    for (const w of writes) {
      const mem = this.collection(w.coll);
      const prev = mem.get(w.key);
      const prevVer = mem.versionOf(w.key);
      if (w.after) mem.put(w.key, w.after, seq);
      else mem.delete(w.key);
      applied.push({ coll: w.coll, key: w.key, prev, prevVer });
    }
  }

  private undo(applied: Applied[]): void {
    for (const a of applied.reverse()) {
      const mem = this.meta.get(a.coll)?.mem;
      if (!mem) continue;
      if (a.prev) mem.put(a.key, a.prev, a.prevVer ?? 0, false);
      else mem.delete(a.key);
    }
    applied.length = 0;
  }

  private afterCommit(applied: Applied[], seq: number): void {
    for (const a of applied) {
      const meta = this.meta.get(a.coll);
      if (meta) {
        meta.version = Math.max(meta.version, seq);
        if (meta.mem) meta.mem.version = meta.version;
      }
      this.record(a.coll, a.key, a.prev, seq);
    }
  }

  // ---- transactions -----------------------------------------------------------------------------

  beginTransaction(): Transaction {
    for (const tx of this.transactions.values()) if (tx.expired) this.endTransaction(tx);
    const startSeq = this.disk.read(() => {
      this.sync();
      return this.disk.seq();
    });
    const tx = new Transaction(this, `local-tx-${randomBytes(12).toString('hex')}`, startSeq);
    this.transactions.set(tx.id, tx);
    return tx;
  }

  /** The open transaction `id` (throws DATABASE_TRANSACTION_FAIL for an unknown or expired one). */
  transaction(id: string): Transaction {
    const tx = this.transactions.get(id);
    if (!tx)
      throw new CloudError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist or has ended`);
    if (tx.expired) {
      this.endTransaction(tx);
      throw new CloudError(
        'DATABASE_TRANSACTION_FAIL',
        `transaction ${id} expired after ${TRANSACTION_TTL_MS / 1000} s without activity`,
      );
    }
    return tx;
  }

  /** Commits atomically, or throws DATABASE_TRANSACTION_CONFLICT (nothing written). Ends `tx` either way. */
  commitTransaction(tx: Transaction): void {
    try {
      this.write(() => {
        for (const { coll, key } of tx.touched.values()) {
          if (this.changedSince(coll, key, tx.startSeq)) throw transactionConflict();
        }
        return { writes: [...tx.writes.values()], result: undefined };
      });
    } finally {
      this.endTransaction(tx);
    }
  }

  /** Discards `tx` (idempotent). */
  endTransaction(tx: Transaction): void {
    this.transactions.delete(tx.id);
    if (this.transactions.size === 0) {
      this.log.clear();
      return;
    }
    const oldest = Math.min(...[...this.transactions.values()].map((t) => t.startSeq));
    for (const [coll, docs] of this.log) {
      for (const [key, entries] of docs) {
        const keep = entries.filter((e) => e.seq > oldest);
        if (keep.length === 0) docs.delete(key);
        else if (keep.length !== entries.length) docs.set(key, keep);
      }
      if (docs.size === 0) this.log.delete(coll);
    }
  }

  private record(coll: string, key: string, prev: Doc | undefined, seq: number): void {
    if (this.transactions.size === 0) return;
    let docs = this.log.get(coll);
    if (!docs) this.log.set(coll, (docs = new Map()));
    const entries = docs.get(key);
    if (entries) entries.push({ seq, prev });
    else docs.set(key, [{ seq, prev }]);
  }

  private oldestTransactionStart(): number {
    let oldest = Infinity;
    for (const tx of this.transactions.values()) oldest = Math.min(oldest, tx.startSeq);
    return oldest;
  }

  private changedSince(coll: string, key: string, seq: number): boolean {
    const entries = this.log.get(coll)?.get(key);
    return entries !== undefined && entries.some((e) => e.seq > seq);
  }

  snapshotGet(coll: string, key: string, seq: number): Doc | undefined {
    const entry = this.log
      .get(coll)
      ?.get(key)
      ?.find((e) => e.seq > seq);
    return entry ? entry.prev : this.collection(coll).get(key);
  }

  snapshotDocs(coll: string, seq: number): Doc[] {
    const mem = this.collection(coll);
    const changed = this.log.get(coll);
    if (!changed || changed.size === 0) return mem.docs();
    const out: Doc[] = [];
    for (const key of mem.keys()) {
      const doc = changed.has(key) ? this.snapshotGet(coll, key, seq) : mem.get(key);
      if (doc) out.push(doc);
    }
    for (const key of changed.keys()) {
      if (mem.get(key) !== undefined) continue;
      const doc = this.snapshotGet(coll, key, seq);
      if (doc) out.push(doc);
    }
    return out;
  }

  close(): void {
    this.transactions.clear();
    this.log.clear();
    this.disk.close();
  }
}
