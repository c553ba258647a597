/**
 * The stored book and copy documents and how they are shown to callers; shared by the catalogue and
 * circulation functions. The counting rules (what `available` and `total` count) live here too.
 */
import type { Book, Copy, CopyStatus } from '../../typings/entities';
import type { BookSummary, Holding } from '../../typings/functions/catalogue';

/** A stored book: the API's `Book` with real dates, plus search fields owned by catalogue's search module. */
export interface BookDoc extends Omit<Book, 'createdAt'> {
  createdAt: Date;
  updatedAt: Date;
  /** The request that created it (catalogue saveBook): a retried create answers this book. */
  requestKey?: string;
}

/** A stored copy. Barcodes are stored upper-cased (a label reads the same whatever the scanner sends). */
export interface CopyDoc extends Omit<Copy, 'createdAt'> {
  createdAt: Date;
  updatedAt: Date;
}

/** A copy counts as available only when it is on the shelf. */
export function countsAsAvailable(status: CopyStatus): boolean {
  return status === 'available';
}

/** A copy counts in the book's total while the reading room still holds it (not withdrawn, not lost). */
export function countsInTotal(status: CopyStatus): boolean {
  return status !== 'withdrawn' && status !== 'lost';
}

/** How a book's counts move when one copy goes from `from` to `to` (null: the copy does not exist). */
export function countDelta(
  from: CopyStatus | null,
  to: CopyStatus | null,
): { available: number; total: number } {
  const a = (s: CopyStatus | null) => (s !== null && countsAsAvailable(s) ? 1 : 0);
  const t = (s: CopyStatus | null) => (s !== null && countsInTotal(s) ? 1 : 0);
  return { available: a(to) - a(from), total: t(to) - t(from) };
}

export function normaliseBarcode(barcode: string): string {
  return barcode.trim().toUpperCase();
}

function iso(date: Date | string): string {
  return new Date(date).toISOString();
}

export function toBook(doc: BookDoc): Book {
  return {
    _id: doc._id,
    isbn13: doc.isbn13 ?? '',
    isbn10: doc.isbn10 ?? '',
    title: doc.title,
    subtitle: doc.subtitle ?? '',
    author: doc.author ?? '',
    translator: doc.translator ?? '',
    publisher: doc.publisher ?? '',
    year: doc.year ?? 0,
    categoryId: doc.categoryId,
    tags: doc.tags ?? [],
    summary: doc.summary ?? '',
    cover: doc.cover ?? '',
    createdAt: iso(doc.createdAt),
    available: doc.available ?? 0,
    total: doc.total ?? 0,
  };
}

export function toBookSummary(doc: BookDoc): BookSummary {
  return {
    _id: doc._id,
    title: doc.title,
    author: doc.author ?? '',
    publisher: doc.publisher ?? '',
    year: doc.year ?? 0,
    isbn: doc.isbn13 || doc.isbn10 || '',
    cover: doc.cover ?? '',
    available: doc.available ?? 0,
    total: doc.total ?? 0,
  };
}

/** The fields a summary needs (a projection for list queries). */
export const BOOK_SUMMARY_FIELDS = {
  _id: true,
  title: true,
  author: true,
  publisher: true,
  year: true,
  isbn13: true,
  isbn10: true,
  cover: true,
  available: true,
  total: true,
} as const;

export function toCopy(doc: CopyDoc): Copy {
  return {
    _id: doc._id,
    barcode: doc.barcode,
    bookId: doc.bookId,
    location: doc.location,
    status: doc.status,
    source: doc.source,
    donor: doc.donor ?? '',
    createdAt: iso(doc.createdAt),
  };
}

/** Copies held at each location (withdrawn and lost copies are not held), by location name. */
export function holdingsOf(copies: CopyDoc[]): Holding[] {
  const byLocation = new Map<string, Holding>();
  for (const copy of copies) {
    if (!countsInTotal(copy.status)) continue;
    const holding = byLocation.get(copy.location) ?? { location: copy.location, available: 0, total: 0 };
    holding.total += 1;
    if (countsAsAvailable(copy.status)) holding.available += 1;
    byLocation.set(copy.location, holding);
  }
  return [...byLocation.values()].sort((a, b) =>
    a.location < b.location ? -1 : a.location > b.location ? 1 : 0,
  );
}
