/**
 * The import's writer for the WeChat cloud environment, through wx-server-sdk from this machine:
 * `npm run import -- FILE --cloud` with WX_ENV_ID (the environment id) and an API key pair of the
 * Tencent Cloud account that owns it, TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (CAM, with access to
 * the cloud base environment). The collections and indexes must exist (`npm run deploy -- collections`).
 *
 * It writes the database directly, as an admin tool, not through the `catalogue` function: the documents
 * are the same (scripts/seed/documents.ts). Tested against the local cloud, which speaks the same protocol
 * (test/import/cloud-writer.test.ts); not tried against the real cloud from here (no network).
 */
import * as cloud from 'wx-server-sdk';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { BookDoc, CategoryDoc, CopyDoc } from '../seed/documents';
import { ImportFileError } from './importer';
import type { BookRef, CatalogueWriter, CopyRef } from './writer';

/** Values per `_.in` query (so that one answer stays under the database's 1000-document cap). */
const IN_CHUNK = 100;
/** Writes in flight at once. */
const CONCURRENCY = 8;

interface SdkQuery {
  where(filter: object): SdkQuery;
  field(projection: object): SdkQuery;
  limit(n: number): SdkQuery;
  orderBy(field: string, direction: 'asc' | 'desc'): SdkQuery;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  add(options: { data: object }): Promise<{ _id: string | number }>;
  doc(id: string): { update(options: { data: object }): Promise<unknown> };
}

interface SdkDatabase {
  collection(name: string): SdkQuery;
  command: { in(values: unknown[]): unknown; nin(values: unknown[]): unknown };
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

export class CloudWriter implements CatalogueWriter {
  readonly target: string;
  private readonly db: SdkDatabase;

  constructor(envId: string) {
    this.target = `云开发环境 ${envId}`;
    cloud.init({ env: envId });
    // The SDK's typings answer unions for every call; SdkDatabase is the part used here.
    this.db = cloud.database() as unknown as SdkDatabase;
  }

  private async findIn<T>(
    collection: string,
    field: string,
    values: unknown[],
    projection: object,
  ): Promise<T[]> {
    const found: T[] = [];
    for (let i = 0; i < values.length; i += IN_CHUNK) {
      const chunk = values.slice(i, i + IN_CHUNK);
      const res = await this.db
        .collection(collection)
        .where({ [field]: this.db.command.in(chunk) })
        .field(projection)
        .limit(1000)
        .get();
      found.push(...(res.data as T[]));
    }
    return found;
  }

  async categories(): Promise<CategoryDoc[]> {
    const res = await this.db
      .collection(COLLECTIONS.bookCategories.name)
      .orderBy('order', 'asc')
      .limit(1000)
      .get();
    return res.data as CategoryDoc[];
  }

  async insertCategories(docs: CategoryDoc[]): Promise<void> {
    for (const doc of docs) await this.db.collection(COLLECTIONS.bookCategories.name).add({ data: doc });
  }

  booksByIsbn13(isbns: string[]): Promise<BookRef[]> {
    return this.findIn(COLLECTIONS.books.name, 'isbn13', isbns, { _id: true, isbn13: true, title: true });
  }

  booksById(ids: string[]): Promise<BookRef[]> {
    return this.findIn(COLLECTIONS.books.name, '_id', ids, { _id: true, isbn13: true, title: true });
  }

  copiesByBarcode(barcodes: string[]): Promise<CopyRef[]> {
    return this.findIn(COLLECTIONS.copies.name, 'barcode', barcodes, {
      _id: true,
      barcode: true,
      bookId: true,
    });
  }

  async insertBooks(docs: BookDoc[]): Promise<void> {
    await inParallel(docs, (doc) => this.db.collection(COLLECTIONS.books.name).add({ data: doc }));
  }

  async insertCopies(docs: CopyDoc[]): Promise<void> {
    await inParallel(docs, (doc) => this.db.collection(COLLECTIONS.copies.name).add({ data: doc }));
  }

  async recount(bookIds: string[]): Promise<void> {
    const copies = this.db.collection(COLLECTIONS.copies.name);
    await inParallel(bookIds, async (bookId) => {
      const [available, total] = await Promise.all([
        copies.where({ bookId, status: 'available' }).count(),
        copies.where({ bookId, status: this.db.command.nin(['withdrawn', 'lost']) }).count(),
      ]);
      await this.db
        .collection(COLLECTIONS.books.name)
        .doc(bookId)
        .update({ data: { available: available.total, total: total.total } });
    });
  }

  async close(): Promise<void> {
    // The SDK keeps no connection to close.
  }
}

/** The cloud writer from the environment (WX_ENV_ID and the key pair), or a clear error. */
export async function openCloudWriter(envId = process.env.WX_ENV_ID): Promise<CloudWriter> {
  const missing = [
    ['WX_ENV_ID', envId],
    ['TENCENTCLOUD_SECRETID', process.env.TENCENTCLOUD_SECRETID],
    ['TENCENTCLOUD_SECRETKEY', process.env.TENCENTCLOUD_SECRETKEY],
  ].filter(([, value]) => !value);
  if (missing.length || !envId) {
    throw new ImportFileError(
      `导入到云开发环境需要设置环境变量：${missing.map(([name]) => name).join('、')}`,
    );
  }
  return new CloudWriter(envId);
}
