/**
 * The demo catalogue (the seed's `catalogue` part): the default categories, the starter catalogue of real
 * titles with their copies, and the featured booklists. Written through the store API.
 */
import { DEFAULT_BOOK_CATEGORIES, type CopyStatus } from '../../typings/entities';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { Store } from '../local-cloud/store';
import { STARTER_BOOKLISTS, STARTER_BOOKS } from './data/starter-catalogue';
import {
  bookDocument,
  booklistDocument,
  categoryDocument,
  copyDocument,
  countsOf,
  type BookDoc,
  type BooklistDoc,
  type CategoryDoc,
  type CopyDoc,
} from './documents';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Makes sure the named categories exist (the eight defaults unless told otherwise), reusing a category
 * that already has the name (whoever created it) and appending the missing ones after the last `order`.
 * Answers every category by name.
 */
export async function ensureCategories(
  store: Store,
  names: readonly string[] = DEFAULT_BOOK_CATEGORIES,
): Promise<Map<string, CategoryDoc>> {
  const existing = await store.find<CategoryDoc>(COLLECTIONS.bookCategories.name, {}, { sort: { order: 1 } });
  const byName = new Map(existing.map((c) => [c.name, c]));
  let order = existing.reduce((max, c) => Math.max(max, c.order), 0);
  const added: CategoryDoc[] = [];
  for (const name of names) {
    if (byName.has(name)) continue;
    order += 1;
    const doc = categoryDocument(name, order);
    byName.set(name, doc);
    added.push(doc);
  }
  if (added.length) await store.insert(COLLECTIONS.bookCategories.name, added);
  return byName;
}

/** The barcode of the n-th starter copy (1-based): `SW000001`. */
export function starterBarcode(n: number): string {
  return `SW${String(n).padStart(6, '0')}`;
}

/** The starter catalogue as documents, dated relative to `now`. */
export function starterDocuments(
  categoryIds: Map<string, string>,
  now: Date,
): { books: BookDoc[]; copies: CopyDoc[]; booklists: BooklistDoc[] } {
  const books: BookDoc[] = [];
  const copies: CopyDoc[] = [];
  const idByKey = new Map<string, string>();
  let copyNumber = 0;
  for (const starter of STARTER_BOOKS) {
    const categoryId = categoryIds.get(starter.category);
    if (!categoryId) throw new Error(`starter catalogue: no category ${starter.category}`);
    // Added in the morning of that day, a minute apart, so new arrivals have a stable order.
    const createdAt = new Date(now.getTime() - starter.addedDaysAgo * DAY_MS - books.length * 60_000);
    const statuses: CopyStatus[] = starter.copies.map((c) => c.status ?? 'available');
    const book = bookDocument({
      title: starter.title,
      subtitle: starter.subtitle ?? '',
      author: starter.author,
      translator: starter.translator ?? '',
      publisher: starter.publisher,
      year: starter.year,
      categoryId,
      tags: starter.tags,
      summary: starter.summary,
      createdAt,
      ...countsOf(statuses),
    });
    books.push(book);
    idByKey.set(starter.key, book._id);
    for (const copy of starter.copies) {
      copyNumber += 1;
      copies.push(
        copyDocument({
          barcode: starterBarcode(copyNumber),
          bookId: book._id,
          location: copy.location,
          status: copy.status ?? 'available',
          source: copy.source ?? 'purchase',
          donor: copy.donor ?? '',
          createdAt,
        }),
      );
    }
  }
  const booklists: BooklistDoc[] = STARTER_BOOKLISTS.map((list, index) =>
    booklistDocument({
      _id: list.id,
      kind: list.kind,
      title: list.title,
      description: list.description,
      curator: list.curator,
      curatorUnit: list.curatorUnit,
      featured: list.featured,
      order: index + 1,
      items: list.items.map((item) => {
        const bookId = idByKey.get(item.key);
        if (!bookId) throw new Error(`starter booklist ${list.id}: no book ${item.key}`);
        return { bookId, comment: item.comment ?? '' };
      }),
      createdAt: now,
      updatedAt: now,
    }),
  );
  return { books, copies, booklists };
}

/**
 * The documents whose `field` is one of `values`, asked in chunks: the store narrows a `$in` through its
 * indexes, but then tests each candidate against the whole `$in` list, so one query with thousands of
 * values costs candidates × values.
 */
export async function findIn<T>(
  store: Store,
  collection: string,
  field: string,
  values: readonly unknown[],
  projection?: Record<string, 1>,
): Promise<T[]> {
  const CHUNK = 100;
  const found: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    found.push(
      ...(await store.find<T>(collection, { [field]: { $in: chunk } }, projection ? { projection } : {})),
    );
  }
  return found;
}

/** Inserts the documents whose `_id` the collection does not hold yet. Answers how many were inserted. */
export async function insertMissing(
  store: Store,
  collection: string,
  docs: { _id: string }[],
): Promise<number> {
  if (docs.length === 0) return 0;
  const heldIds = new Set<unknown>();
  for (const doc of await findIn<{ _id: string }>(
    store,
    collection,
    '_id',
    docs.map((d) => d._id),
    { _id: 1 },
  )) {
    heldIds.add(doc._id);
  }
  const missing = docs.filter((d) => !heldIds.has(d._id));
  if (missing.length) await store.insert(collection, missing);
  return missing.length;
}

/**
 * Seeds the demo catalogue: the default categories always; the starter books, their copies and the
 * booklists only into an empty catalogue (a data directory that already holds an imported catalogue
 * keeps it as it is).
 */
export async function seedCatalogue(
  store: Store,
  now = new Date(),
): Promise<{ books: number; copies: number }> {
  const categories = await ensureCategories(store);
  if ((await store.count(COLLECTIONS.books.name)) > 0) return { books: 0, copies: 0 };
  const categoryIds = new Map([...categories].map(([name, c]) => [name, c._id]));
  const { books, copies, booklists } = starterDocuments(categoryIds, now);
  const bookCount = await insertMissing(store, COLLECTIONS.books.name, books);
  const copyCount = await insertMissing(store, COLLECTIONS.copies.name, copies);
  await insertMissing(store, COLLECTIONS.booklists.name, booklists);
  return { books: bookCount, copies: copyCount };
}
