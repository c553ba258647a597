/**
 * The catalogue documents as stored (`books`, `copies`, `bookCategories`, `booklists`), built in one place
 * for the seed and the import so neither diverges from what the `catalogue` function writes:
 *
 * - a book is the `Book` entity with real Dates (`createdAt`, `updatedAt`), compact ISBNs ('' when none),
 *   `year` 0 when unknown, `tags`/`summary`/`cover` present, `available`/`total` kept from its copies,
 *   plus the search fields of `searchFieldsFor(book)` (cloudfunctions/catalogue/src/search);
 * - a copy is the `Copy` entity with a real `createdAt`.
 *
 * Ids are derived from what identifies the thing (ISBN-13, else title + author + publisher; barcode;
 * category name), so writing the same data twice finds the documents it wrote the first time.
 */
import { createHash } from 'node:crypto';
import type { Book, BookCategory, CopySource, CopyStatus } from '../../typings/entities';
import {
  countsAsAvailable,
  countsInTotal,
  normaliseBarcode,
  type BookDoc as StoredBook,
  type CopyDoc,
} from '../../cloudfunctions/_shared/books';
import type { BooklistDoc } from '../../cloudfunctions/catalogue/src/booklist-doc';
import { searchFieldsFor, type BookSearchFields } from '../../cloudfunctions/catalogue/src/search';

export type { CopyDoc, BooklistDoc };

/** A stored book with its search fields (`StoredBook` is the catalogue function's `BookDoc`). */
export type BookDoc = StoredBook & BookSearchFields;

export type CategoryDoc = BookCategory;

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Trimmed, inner whitespace collapsed, case-folded: what makes two spellings of one book the same. */
function identityText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A book's id: from its ISBN-13 when it has one, else from title, subtitle (a volume: 第一卷), author and
 * publisher.
 */
export function bookIdFor(book: {
  isbn13: string;
  title: string;
  subtitle?: string;
  author: string;
  publisher: string;
}): string {
  if (book.isbn13) return `b${book.isbn13}`;
  const key = [book.title, book.subtitle ?? '', book.author, book.publisher].map(identityText).join('\u0001');
  return `b-${digest(key, 24)}`;
}

/** A copy's id, from its barcode (unique across the reading room; compared upper-cased, as stored). */
export function copyIdFor(barcode: string): string {
  return `c-${digest(normaliseBarcode(barcode), 24)}`;
}

/** A category's id, from its name. */
export function categoryIdFor(name: string): string {
  return `cat-${digest(identityText(name), 12)}`;
}

/** What counts in `available` and in `total` (every status but withdrawn and lost). */
export function countsOf(statuses: CopyStatus[]): { available: number; total: number } {
  let available = 0;
  let total = 0;
  for (const status of statuses) {
    if (countsAsAvailable(status)) available += 1;
    if (countsInTotal(status)) total += 1;
  }
  return { available, total };
}

/** The stored booklist: items plus what lists of booklists read without them. */
export function booklistDocument(list: Omit<BooklistDoc, 'itemCount' | 'previewBookIds'>): BooklistDoc {
  return {
    ...list,
    itemCount: list.items.length,
    previewBookIds: list.items.slice(0, 4).map((i) => i.bookId),
  };
}

export interface BookInput {
  _id?: string;
  isbn13?: string;
  isbn10?: string;
  title: string;
  subtitle?: string;
  author?: string;
  translator?: string;
  publisher?: string;
  year?: number;
  categoryId: string;
  tags?: string[];
  summary?: string;
  cover?: string;
  createdAt: Date;
  available?: number;
  total?: number;
}

/** The stored book: every field present, the id derived when absent, the search fields added. */
export function bookDocument(input: BookInput): BookDoc {
  const isbn13 = input.isbn13 ?? '';
  const title = input.title.trim();
  const author = (input.author ?? '').trim();
  const publisher = (input.publisher ?? '').trim();
  const subtitle = (input.subtitle ?? '').trim();
  const book: Book = {
    _id: input._id ?? bookIdFor({ isbn13, title, subtitle, author, publisher }),
    isbn13,
    isbn10: input.isbn10 ?? '',
    title,
    subtitle,
    author,
    translator: (input.translator ?? '').trim(),
    publisher,
    year: input.year ?? 0,
    categoryId: input.categoryId,
    tags: input.tags ?? [],
    summary: input.summary ?? '',
    cover: input.cover ?? '',
    createdAt: input.createdAt.toISOString(),
    available: input.available ?? 0,
    total: input.total ?? 0,
  };
  return {
    ...book,
    ...searchFieldsFor(book),
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  };
}

export interface CopyInput {
  barcode: string;
  bookId: string;
  location: string;
  status?: CopyStatus;
  source?: CopySource;
  donor?: string;
  createdAt: Date;
}

export function copyDocument(input: CopyInput): CopyDoc {
  const barcode = normaliseBarcode(input.barcode);
  return {
    _id: copyIdFor(barcode),
    barcode,
    bookId: input.bookId,
    location: input.location.trim(),
    status: input.status ?? 'available',
    source: input.source ?? 'purchase',
    donor: (input.donor ?? '').trim(),
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  };
}

export function categoryDocument(name: string, order: number): CategoryDoc {
  return { _id: categoryIdFor(name), name: name.trim(), order };
}
