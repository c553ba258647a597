/**
 * Transactions with snapshot isolation and conflict detection at document granularity, as CloudBase
 * offers them to `db.runTransaction` / `db.startTransaction`:
 *
 * - a transaction reads the committed state as of its start (plus its own writes): later commits by
 *   others, in this process or another one, stay invisible to it;
 * - its writes are buffered and applied all at once at commit, or not at all;
 * - at commit, if any document it touched (read or wrote, including documents it looked for and did not
 *   find) was changed by another commit after the transaction started, the commit fails with
 *   DATABASE_TRANSACTION_CONFLICT and nothing is written. The SDK's `runTransaction` then retries the
 *   whole callback by itself.
 *
 * Conflicts are reported at commit, not at the read or write that would reveal them: wx-server-sdk's
 * document wrappers replace an error's `code` by an errCode, so only a conflict answered to
 * `commitTransaction` reaches `runTransaction`'s retry.
 */
import { idKey } from './collection';
import type { Doc } from './ejson';
import { CloudError } from './errors';
import {
  countDocs,
  findDocs,
  planInsert,
  planRemove,
  planUpdate,
  type Change,
  type CollectionView,
  type FindOptions,
  type UpdateOptions,
  type UpdatePlan,
} from './operations';
import { cloneValue, isPlainObject } from './ejson';

/** What a transaction needs from the store. */
export interface TransactionHost {
  /** Throws DATABASE_COLLECTION_NOT_EXIST for an unknown collection (after catching up with the disk). */
  requireCollection(name: string): void;
  /** The committed document as of `seq`. */
  snapshotGet(coll: string, key: string, seq: number): Doc | undefined;
  /** The committed documents as of `seq`, in natural order. */
  snapshotDocs(coll: string, seq: number): Doc[];
  newId(): string;
}

export interface BufferedWrite {
  coll: string;
  key: string;
  after: Doc | undefined;
}

/** How long an idle transaction lives before it is discarded. */
export const TRANSACTION_TTL_MS = 60_000;

export class Transaction {
  lastUsed = Date.now();
  /** `coll\0key` of every document read or written. */
  readonly touched = new Map<string, { coll: string; key: string }>();
  readonly writes = new Map<string, BufferedWrite>();

  constructor(
    private readonly host: TransactionHost,
    readonly id: string,
    readonly startSeq: number,
  ) {}

  get expired(): boolean {
    return Date.now() - this.lastUsed > TRANSACTION_TTL_MS;
  }

  find(coll: string, query: Doc, options: FindOptions = {}): Doc[] {
    const view = this.view(coll);
    const { projection, ...paging } = options;
    this.touchQuery(coll, query);
    const docs = findDocs(view, query, paging);
    for (const doc of docs) this.touch(coll, idKey(doc._id));
    return projection ? findDocs(listView(coll, docs.map(cloneValue)), {}, { projection }) : docs;
  }

  count(coll: string, query: Doc): number {
    const view = this.view(coll);
    this.touchQuery(coll, query);
    return countDocs(view, query);
  }

  insert(coll: string, docs: Doc[]): unknown[] {
    const changes = planInsert(this.view(coll), docs, () => this.host.newId());
    this.buffer(coll, changes);
    return changes.map((c) => c.after?._id);
  }

  update(coll: string, query: Doc, update: Doc, options: UpdateOptions): UpdatePlan {
    const view = this.view(coll);
    this.touchQuery(coll, query);
    const plan = planUpdate(view, query, update, options, () => this.host.newId());
    for (const doc of plan.results) this.touch(coll, idKey(doc._id));
    this.buffer(coll, plan.changes);
    return plan;
  }

  remove(coll: string, query: Doc, multi: boolean): number {
    const view = this.view(coll);
    this.touchQuery(coll, query);
    const changes = planRemove(view, query, multi);
    this.buffer(coll, changes);
    return changes.length;
  }

  private view(coll: string): CollectionView {
    this.host.requireCollection(coll);
    this.lastUsed = Date.now();
    const get = (key: string): Doc | undefined => {
      const own = this.writes.get(`${coll}\u0000${key}`);
      return own ? own.after : this.host.snapshotGet(coll, key, this.startSeq);
    };
    const all = (): Doc[] => {
      const docs: Doc[] = [];
      const seen = new Set<string>();
      for (const doc of this.host.snapshotDocs(coll, this.startSeq)) {
        const key = idKey(doc._id);
        seen.add(key);
        const current = get(key);
        if (current) docs.push(current);
      }
      for (const write of this.writes.values()) {
        if (write.coll === coll && write.after && !seen.has(write.key)) docs.push(write.after);
      }
      return docs;
    };
    return {
      name: coll,
      get,
      candidates: (query) => {
        const ids = directIds(query);
        if (!ids) return all();
        return ids.map(get).filter((d): d is Doc => d !== undefined);
      },
      size: () => all().length,
    };
  }

  /** A query naming `_id`s touches them even when they do not exist (someone may create them). */
  private touchQuery(coll: string, query: Doc): void {
    for (const key of directIds(query) ?? []) this.touch(coll, key);
  }

  private touch(coll: string, key: string): void {
    this.touched.set(`${coll}\u0000${key}`, { coll, key });
  }

  private buffer(coll: string, changes: Change[]): void {
    for (const change of changes) {
      this.touch(coll, change.key);
      this.writes.set(`${coll}\u0000${change.key}`, { coll, key: change.key, after: change.after });
    }
  }
}

/** The `_id` keys a query names with an equality or `$in`, if it does. */
function directIds(query: Doc): string[] | undefined {
  const cond = query._id;
  if (cond === undefined) return undefined;
  if (typeof cond === 'string' || typeof cond === 'number') return [idKey(cond)];
  if (isPlainObject(cond) && Object.keys(cond).length === 1) {
    if (cond.$eq !== undefined) return directIds({ _id: cond.$eq });
    if (Array.isArray(cond.$in) && cond.$in.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return cond.$in.map(idKey);
    }
  }
  return undefined;
}

function listView(name: string, docs: Doc[]): CollectionView {
  return {
    name,
    get: (key) => docs.find((d) => idKey(d._id) === key),
    candidates: () => docs,
    size: () => docs.length,
  };
}

export function transactionConflict(): CloudError {
  return new CloudError(
    'DATABASE_TRANSACTION_CONFLICT',
    'Transaction is conflicting with another write: a document it touched changed after it started',
  );
}
