/**
 * The on-disk side of the store: one SQLite file (`<dataDir>/cloud.sqlite`, WAL mode) shared by every
 * process that opens the data directory (the server, seed and import scripts).
 *
 * Schema:
 * - `meta(key, value)`: `seq`, a global commit sequence number, incremented by every write transaction;
 *   `clock_offset_ms`, how far the local cloud's clock is ahead of real time (clock.ts; only grows);
 *   `timer:<function>/<trigger>`, the last occurrence of a timer trigger the scheduler fired;
 * - `collections(name, version, floor)`: `version` is the seq of the collection's last change, `floor`
 *   the highest seq of tombstones pruned (a reader that last saw an older version must reload fully);
 * - `docs(coll, id, ver, body)`: one row per document, `body` its relaxed EJSON, `ver` the seq that wrote
 *   it; rowid order is the natural (insertion) order;
 * - `tombstones(coll, id, ver)`: deletions, so other processes can catch up incrementally.
 *
 * Durability: `journal_mode=WAL` with `synchronous=NORMAL` (default) makes every committed transaction
 * survive the death of the process (`kill -9`): the commit is in the WAL file, in the OS page cache, when
 * `COMMIT` returns. Only an OS crash or power loss can lose the last commits; `synchronous: 'FULL'`
 * (fsync at every commit) closes that gap too, at the cost of one fsync per write.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export type Synchronous = 'NORMAL' | 'FULL';

export interface CollectionRow {
  name: string;
  version: number;
  floor: number;
}

export interface DocRow {
  id: string;
  ver: number;
  body: string;
}

/** Tombstones kept per collection before the oldest are pruned (readers behind then reload fully). */
const TOMBSTONE_LIMIT = 20_000;

export class Persistence {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<Persistence['prepare']>;

  constructor(dataDir: string, synchronous: Synchronous = 'NORMAL') {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'cloud.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    // Another process may hold the write lock for a moment (a seed script, a second server).
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('seq', 0);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('clock_offset_ms', 0);
      CREATE TABLE IF NOT EXISTS collections (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        floor INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS docs (
        coll TEXT NOT NULL,
        id TEXT NOT NULL,
        ver INTEGER NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (coll, id)
      );
      CREATE INDEX IF NOT EXISTS docs_coll_ver ON docs (coll, ver);
      CREATE TABLE IF NOT EXISTS tombstones (coll TEXT NOT NULL, id TEXT NOT NULL, ver INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS tombstones_coll_ver ON tombstones (coll, ver);
    `);
    this.stmt = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      seq: db.prepare("SELECT value FROM meta WHERE key = 'seq'").pluck(),
      clockOffset: db.prepare("SELECT value FROM meta WHERE key = 'clock_offset_ms'").pluck(),
      setClockOffset: db.prepare("UPDATE meta SET value = ? WHERE key = 'clock_offset_ms'"),
      metaValue: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMetaValue: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      nextSeq: db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value").pluck(),
      collections: db.prepare('SELECT name, version, floor FROM collections'),
      createCollection: db.prepare(
        'INSERT INTO collections (name, version, floor) VALUES (?, ?, 0) ON CONFLICT (name) DO NOTHING',
      ),
      bumpCollection: db.prepare('UPDATE collections SET version = ? WHERE name = ?'),
      setFloor: db.prepare('UPDATE collections SET floor = ? WHERE name = ?'),
      allDocs: db.prepare('SELECT id, ver, body FROM docs WHERE coll = ? ORDER BY rowid'),
      docsSince: db.prepare('SELECT id, ver, body FROM docs WHERE coll = ? AND ver > ? ORDER BY rowid'),
      tombstonesSince: db.prepare('SELECT id, ver FROM tombstones WHERE coll = ? AND ver > ? ORDER BY ver'),
      upsertDoc: db.prepare(
        'INSERT INTO docs (coll, id, ver, body) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (coll, id) DO UPDATE SET ver = excluded.ver, body = excluded.body',
      ),
      deleteDoc: db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?'),
      addTombstone: db.prepare('INSERT INTO tombstones (coll, id, ver) VALUES (?, ?, ?)'),
      countTombstones: db.prepare('SELECT count(*) FROM tombstones WHERE coll = ?').pluck(),
      nthNewestTombstone: db
        .prepare('SELECT ver FROM tombstones WHERE coll = ? ORDER BY ver DESC LIMIT 1 OFFSET ?')
        .pluck(),
      pruneTombstones: db.prepare('DELETE FROM tombstones WHERE coll = ? AND ver <= ?'),
    };
  }

  /** Changes whenever ANOTHER connection commits (not for this connection's own commits). */
  dataVersion(): number {
    return this.stmt.dataVersion.get() as number;
  }

  seq(): number {
    return this.stmt.seq.get() as number;
  }

  /** How far the clock is ahead of real time, in ms (see clock.ts). */
  clockOffset(): number {
    return this.stmt.clockOffset.get() as number;
  }

  setClockOffset(ms: number): void {
    this.stmt.setClockOffset.run(ms);
  }

  /** A number kept under `key` in `meta` (undefined if none). */
  metaValue(key: string): number | undefined {
    return this.stmt.metaValue.get(key) as number | undefined;
  }

  setMetaValue(key: string, value: number): void {
    this.stmt.setMetaValue.run(key, value);
  }

  /** Allocates the seq of the write transaction in progress. */
  nextSeq(): number {
    return this.stmt.nextSeq.get() as number;
  }

  collections(): CollectionRow[] {
    return this.stmt.collections.all() as CollectionRow[];
  }

  createCollection(name: string, seq: number): boolean {
    return this.stmt.createCollection.run(name, seq).changes > 0;
  }

  bumpCollection(name: string, seq: number): void {
    this.stmt.bumpCollection.run(seq, name);
  }

  allDocs(coll: string): DocRow[] {
    return this.stmt.allDocs.all(coll) as DocRow[];
  }

  docsSince(coll: string, ver: number): DocRow[] {
    return this.stmt.docsSince.all(coll, ver) as DocRow[];
  }

  tombstonesSince(coll: string, ver: number): { id: string; ver: number }[] {
    return this.stmt.tombstonesSince.all(coll, ver) as { id: string; ver: number }[];
  }

  putDoc(coll: string, id: string, ver: number, body: string): void {
    this.stmt.upsertDoc.run(coll, id, ver, body);
  }

  deleteDoc(coll: string, id: string, ver: number): void {
    this.stmt.deleteDoc.run(coll, id);
    this.stmt.addTombstone.run(coll, id, ver);
  }

  /** Keeps the newest TOMBSTONE_LIMIT tombstones of a collection; raises its floor past the rest. */
  pruneTombstones(coll: string): void {
    if ((this.stmt.countTombstones.get(coll) as number) <= TOMBSTONE_LIMIT) return;
    const floor = this.stmt.nthNewestTombstone.get(coll, TOMBSTONE_LIMIT) as number | undefined;
    if (floor === undefined) return;
    this.stmt.pruneTombstones.run(coll, floor);
    this.stmt.setFloor.run(floor, coll);
  }

  /** Runs `fn` holding the write lock (BEGIN IMMEDIATE): no other process commits in between. */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Runs `fn` in one read snapshot. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
