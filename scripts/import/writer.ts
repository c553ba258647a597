/**
 * Where an import writes: the catalogue seen through the few reads and writes the importer needs, so that
 * the local data directory (the store API) and the WeChat cloud environment (wx-server-sdk, cloud-writer.ts)
 * are interchangeable.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { Store } from '../local-cloud/store';
import { findIn } from '../seed/catalogue';
import { countsOf, type BookDoc, type CategoryDoc, type CopyDoc } from '../seed/documents';

export type BookRef = Pick<BookDoc, '_id' | 'isbn13' | 'title'>;
export type CopyRef = Pick<CopyDoc, '_id' | 'barcode' | 'bookId'>;

export interface CatalogueWriter {
  /** For messages: where the data goes. */
  readonly target: string;
  categories(): Promise<CategoryDoc[]>;
  insertCategories(docs: CategoryDoc[]): Promise<void>;
  booksByIsbn13(isbns: string[]): Promise<BookRef[]>;
  booksById(ids: string[]): Promise<BookRef[]>;
  copiesByBarcode(barcodes: string[]): Promise<CopyRef[]>;
  /** Inserts documents whose ids are new (the importer has looked them up). */
  insertBooks(docs: BookDoc[]): Promise<void>;
  insertCopies(docs: CopyDoc[]): Promise<void>;
  /** Sets each book's `available` and `total` from its copies (after copies were added to it). */
  recount(bookIds: string[]): Promise<void>;
  close(): Promise<void>;
}

const BOOK_REF = { _id: 1, isbn13: 1, title: 1 } as const;
const COPY_REF = { _id: 1, barcode: 1, bookId: 1 } as const;

/** Writes into a local data directory through the store (with or without the local cloud running). */
export class StoreWriter implements CatalogueWriter {
  readonly target: string;

  constructor(
    private readonly store: Store,
    dataDir: string,
  ) {
    this.target = dataDir;
  }

  /** Opens the collections and declares the catalogue's indexes for this process (look-ups by ISBN, barcode). */
  async prepare(): Promise<void> {
    for (const spec of [COLLECTIONS.bookCategories, COLLECTIONS.books, COLLECTIONS.copies]) {
      await this.store.ensureCollection(spec.name);
      for (const index of spec.indexes) await this.store.ensureIndex(spec.name, index);
    }
  }

  categories(): Promise<CategoryDoc[]> {
    return this.store.find<CategoryDoc>(COLLECTIONS.bookCategories.name, {}, { sort: { order: 1 } });
  }

  async insertCategories(docs: CategoryDoc[]): Promise<void> {
    if (docs.length) await this.store.insert(COLLECTIONS.bookCategories.name, docs);
  }

  booksByIsbn13(isbns: string[]): Promise<BookRef[]> {
    return findIn<BookRef>(this.store, COLLECTIONS.books.name, 'isbn13', isbns, BOOK_REF);
  }

  booksById(ids: string[]): Promise<BookRef[]> {
    return findIn<BookRef>(this.store, COLLECTIONS.books.name, '_id', ids, BOOK_REF);
  }

  copiesByBarcode(barcodes: string[]): Promise<CopyRef[]> {
    return findIn<CopyRef>(this.store, COLLECTIONS.copies.name, 'barcode', barcodes, COPY_REF);
  }

  async insertBooks(docs: BookDoc[]): Promise<void> {
    if (docs.length) await this.store.insert(COLLECTIONS.books.name, docs);
  }

  async insertCopies(docs: CopyDoc[]): Promise<void> {
    if (docs.length) await this.store.insert(COLLECTIONS.copies.name, docs);
  }

  async recount(bookIds: string[]): Promise<void> {
    const copies = await findIn<Pick<CopyDoc, 'bookId' | 'status'>>(
      this.store,
      COLLECTIONS.copies.name,
      'bookId',
      bookIds,
      { bookId: 1, status: 1 },
    );
    for (const bookId of bookIds) {
      const counts = countsOf(copies.filter((c) => c.bookId === bookId).map((c) => c.status));
      await this.store.update(COLLECTIONS.books.name, { _id: bookId }, { $set: counts });
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
