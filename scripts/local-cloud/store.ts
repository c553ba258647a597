/**
 * The local cloud's document store, as scripts (seed, import, tests) use it: {@link openStore} answers a
 * {@link Store} with MongoDB semantics (mingo), plain JS in and out (Dates as Date), copies only,
 * promises so callers need not care how it is implemented. It works whether or not a local cloud server
 * runs on the same data directory. The synchronous core the server uses is {@link Engine} (engine.ts).
 */
import type { Doc } from './ejson';
import { cloneValue } from './ejson';
import { Engine, type StoreOptions } from './engine';
import type { IndexSpec } from './indexes';
import type { FindOptions, UpdateOptions } from './operations';

export { Engine, newDocId, type StoreOptions } from './engine';
export type { Doc } from './ejson';
export type { IndexSpec } from './indexes';
export type { FindOptions, SortSpec, UpdateOptions } from './operations';

/**
 * A stored document as scripts see it. Documents are schemaless, so the default element type is loose;
 * narrow it with a type argument (`store.find<Book>('books')`) or a cast.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemaless documents; callers narrow them
export type StoredDoc = Record<string, any>;

/**
 * The store API for scripts (seed, import, tests): MongoDB semantics (mingo), plain JS objects in and out
 * (Dates as Date), every answer a copy. Open it with {@link openStore}; works whether or not a local cloud
 * server runs on the same data directory (each call first catches up with what other processes wrote).
 */
export class Store {
  /** @internal */
  constructor(readonly engine: Engine) {}

  /** Creates the collection if it does not exist (production needs collections created before use). */
  async ensureCollection(name: string): Promise<void> {
    this.engine.createCollection(name);
  }

  async hasCollection(name: string): Promise<boolean> {
    return this.engine.hasCollection(name);
  }

  async collections(): Promise<string[]> {
    return this.engine.collectionNames();
  }

  /**
   * Declares an index for this process (the server declares its own at start): equality and `$in`
   * lookups on its first field use it; `unique` is enforced on this process's writes.
   */
  async ensureIndex(collection: string, spec: IndexSpec): Promise<void> {
    this.engine.ensureIndex(collection, spec);
  }

  /**
   * Inserts one document or several (all or none). A document without `_id` gets a generated one.
   * Answers the `_id`s. Fails with DATABASE_COLLECTION_NOT_EXIST or DATABASE_DUPLICATE_WRITE.
   */
  async insert(collection: string, docs: object | object[]): Promise<unknown[]> {
    const list = (Array.isArray(docs) ? docs : [docs]) as Doc[];
    return this.engine.insert(collection, list);
  }

  /**
   * Documents matching a MongoDB query (`{}` for all), optionally sorted, paged and projected. No cap
   * here, unlike the server's 1000.
   */
  async find<T = StoredDoc>(collection: string, query: object = {}, options: FindOptions = {}): Promise<T[]> {
    return this.engine.find(collection, query as Doc, options).map((d) => cloneValue(d) as T);
  }

  async findOne<T = StoredDoc>(collection: string, query: object = {}): Promise<T | undefined> {
    const [doc] = await this.find<T>(collection, query, { limit: 1 });
    return doc;
  }

  async count(collection: string, query: object = {}): Promise<number> {
    return this.engine.count(collection, query as Doc);
  }

  /**
   * Updates matching documents with MongoDB update operators (`$set`, `$inc`, `$push`, ...), or replaces
   * the first match when `update` has no operators. `multi` defaults to true. With `upsert`, inserts a
   * document built from the query's equality fields and the update when nothing matches.
   * Answers `matched`, `updated` (documents whose content changed) and `upsertedId`.
   */
  async update(
    collection: string,
    query: object,
    update: object,
    options: UpdateOptions = {},
  ): Promise<{ matched: number; updated: number; upsertedId?: unknown }> {
    const plan = this.engine.update(collection, query as Doc, update as Doc, options);
    return plan.upsertedId === undefined
      ? { matched: plan.matched, updated: plan.updated }
      : { matched: plan.matched, updated: plan.updated, upsertedId: plan.upsertedId };
  }

  /** Removes matching documents (all of them unless `multi: false`). Answers how many. */
  async remove(collection: string, query: object, options: { multi?: boolean } = {}): Promise<number> {
    return this.engine.remove(collection, query as Doc, options.multi !== false);
  }

  /** Runs an aggregation pipeline (no default `$limit` here, unlike the server's 20). */
  async aggregate<T = StoredDoc>(collection: string, pipeline: object[]): Promise<T[]> {
    return this.engine.aggregate(collection, pipeline as Doc[]).map((d) => cloneValue(d) as T);
  }

  /** Closes the SQLite connection. Everything acknowledged is already on disk. */
  async close(): Promise<void> {
    this.engine.close();
  }
}

/**
 * Opens (creating if needed) the store in `dataDir` (`<dataDir>/cloud.sqlite`).
 *
 * @example
 * const store = await openStore('.data');
 * await store.ensureCollection('books');
 * await store.insert('books', { title: '红岩', stock: 3, addedAt: new Date() });
 * const inStock = await store.find('books', { stock: { $gt: 0 } }, { sort: { title: 1 }, limit: 20 });
 * await store.update('books', { _id: inStock[0]._id }, { $inc: { stock: -1 } });
 * await store.close();
 */
export async function openStore(dataDir: string, options: StoreOptions = {}): Promise<Store> {
  return new Store(new Engine(dataDir, options));
}
