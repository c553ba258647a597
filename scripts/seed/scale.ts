/**
 * `npm run seed -- --books N`: writes synthetic titles 1..N (scripts/seed/synthetic.ts) into the store in
 * batches. Idempotent: ids are deterministic and only the titles the store lacks are generated and
 * inserted, so a second run with the same N adds nothing and a larger N adds only the difference.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { Store } from '../local-cloud/store';
import { ensureCategories, findIn, insertMissing } from './catalogue';
import { bookIdFor, type BookDoc, type CopyDoc } from './documents';
import { syntheticIsbn, syntheticTitle } from './synthetic';

export interface ScaleOptions {
  seed?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Adds the synthetic titles 1..n the store does not hold yet. Answers how many books and copies were added. */
export async function seedSyntheticBooks(
  store: Store,
  n: number,
  options: ScaleOptions = {},
): Promise<{ books: number; copies: number }> {
  const batchSize = options.batchSize ?? 5000;
  const seed = options.seed ?? 1;
  for (const spec of [COLLECTIONS.bookCategories, COLLECTIONS.books, COLLECTIONS.copies]) {
    await store.ensureCollection(spec.name);
  }
  const categories = await ensureCategories(store);
  const categoryIds = Object.fromEntries([...categories].map(([name, c]) => [name, c._id]));
  const added = { books: 0, copies: 0 };
  for (let first = 1; first <= n; first += batchSize) {
    const last = Math.min(n, first + batchSize - 1);
    const idOf = new Map<string, number>();
    for (let i = first; i <= last; i++) {
      idOf.set(bookIdFor({ isbn13: syntheticIsbn(i), title: '', author: '', publisher: '' }), i);
    }
    const held = await findIn<{ _id: string }>(store, COLLECTIONS.books.name, '_id', [...idOf.keys()], {
      _id: 1,
    });
    for (const doc of held) idOf.delete(doc._id);
    const books: BookDoc[] = [];
    const copies: CopyDoc[] = [];
    for (const i of idOf.values()) {
      const title = syntheticTitle(i, seed, { categoryIds });
      books.push(title.book);
      copies.push(...title.copies);
    }
    // Copies first: a run stopped between the two inserts leaves the books to add, and the next run adds
    // them (skipping the copies already there); a held book therefore always has its copies.
    added.copies += await insertMissing(store, COLLECTIONS.copies.name, copies);
    added.books += await insertMissing(store, COLLECTIONS.books.name, books);
    options.onProgress?.(last, n);
  }
  return added;
}
