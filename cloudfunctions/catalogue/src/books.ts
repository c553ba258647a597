/** Books: the book form (create, edit, ISBN look-up), the book page, a copy by barcode, new arrivals. */
import type { Book, Copy } from '../../../typings/entities';
import type { BookDetail, BookSummary, BooklistRef } from '../../../typings/functions/catalogue';
import type { Page } from '../../../typings/functions/user';
import { parseIsbn } from '../../../miniprogram/shared/isbn';
import { logAudit } from '../../_shared/audit';
import {
  BOOK_SUMMARY_FIELDS,
  holdingsOf,
  toBook,
  toBookSummary,
  toCopy,
  type BookDoc,
} from '../../_shared/books';
import type { Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById, isDuplicateKey, readPage } from '../../_shared/docs';
import { conflict, notFound } from '../../_shared/errors';
import { findCategory, requireCategory } from './categories';
import { booklistsCollection, booksCollection, copiesCollection } from './collections';
import { derivedId } from '../../_shared/ids';
import type { SaveBookInput } from './schemas';
import { searchFieldsFor } from './search';

/**
 * The copies of one book read at once for the book page. A reading room holds a handful of copies of a
 * title (a must-read for a training class: a few dozen); 1000 is the database's cap on one read.
 */
export const MAX_COPIES_PER_BOOK = 1000;
/** Booklists shown on a book page. */
const MAX_BOOKLISTS_PER_BOOK = 100;

export async function findBook(bookId: string): Promise<BookDoc | null> {
  return findById<BookDoc>(COLLECTIONS.books.name, bookId);
}

export async function requireBook(bookId: string): Promise<BookDoc> {
  const book = await findBook(bookId);
  if (!book) throw notFound('图书不存在');
  return book;
}

async function findByIsbn13(isbn13: string): Promise<BookDoc | null> {
  const res = await booksCollection().where({ isbn13 }).orderBy('createdAt', 'asc').limit(1).get();
  return res.data[0] ?? null;
}

const categoryGone = () => notFound('图书分类不存在，请重新选择');

function duplicateIsbn(isbn: string, existing: BookDoc) {
  return conflict(`ISBN ${isbn} 已登记为《${existing.title}》，请直接编辑这本书或为它添加复本`);
}

export async function lookupIsbn(isbn: string): Promise<{ book: Book | null }> {
  const parsed = parseIsbn(isbn);
  if (!parsed.ok) return { book: null }; // the schema has refused it already
  const book = await findByIsbn13(parsed.isbn13);
  return { book: book && toBook(book) };
}

function isbnsOf(input: SaveBookInput): { isbn13: string; isbn10: string } | undefined {
  if (input.isbn === undefined) return undefined;
  if (input.isbn === '') return { isbn13: '', isbn10: '' };
  const parsed = parseIsbn(input.isbn);
  if (!parsed.ok) throw new Error('saveBook: an ISBN the schema should have refused');
  return { isbn13: parsed.isbn13, isbn10: parsed.isbn10 };
}

/** The bibliographic fields of the form, over `base` (absent fields keep their value; '' clears). */
function bibliographic(input: SaveBookInput, base: Omit<Book, '_id' | 'createdAt' | 'available' | 'total'>) {
  const isbns = isbnsOf(input);
  return {
    isbn13: isbns?.isbn13 ?? base.isbn13,
    isbn10: isbns?.isbn10 ?? base.isbn10,
    title: input.title,
    subtitle: input.subtitle ?? base.subtitle,
    author: input.author,
    translator: input.translator ?? base.translator,
    publisher: input.publisher ?? base.publisher,
    year: input.year ?? base.year,
    categoryId: input.categoryId,
    tags: input.tags ?? base.tags,
    summary: input.summary ?? base.summary,
    cover: input.cover ?? base.cover,
  };
}

const EMPTY_BOOK = {
  isbn13: '',
  isbn10: '',
  title: '',
  subtitle: '',
  author: '',
  translator: '',
  publisher: '',
  year: 0,
  categoryId: '',
  tags: [],
  summary: '',
  cover: '',
};

export async function saveBook(input: SaveBookInput, caller: Caller): Promise<{ book: Book }> {
  return input.bookId ? editBook(input.bookId, input, caller) : createBook(input, caller);
}

/**
 * The id of a new book. With an ISBN-13 it is `b<ISBN-13>`, as the importer and the seed name books
 * (scripts/seed/documents.ts bookIdFor). Then the database itself refuses a second book of one ISBN,
 * however concurrent creates interleave. Without one, it comes from the request id (a retry finds its
 * first result); with neither, the database picks it.
 */
function newBookId(isbn13: string, requestKey: string | undefined): string | undefined {
  if (isbn13) return `b${isbn13}`;
  return requestKey ? derivedId('b', [requestKey]) : undefined;
}

/**
 * Adds a book with no copies (`available` and `total` 0; copies come through addCopies). A request id is
 * kept on the book (`requestKey`): a retried call finds its first result and answers it. A duplicate ISBN
 * is refused before the insert; two concurrent creates of one ISBN meet on the book id (above), and the
 * one that comes second answers CONFLICT. The check after the insert covers a book that carries the ISBN
 * under another id (its ISBN edited, or created before ids followed the ISBN).
 */
async function createBook(input: SaveBookInput, caller: Caller): Promise<{ book: Book }> {
  const requestKey = input.requestId
    ? derivedId('r', [caller.openid, 'saveBook', input.requestId])
    : undefined;
  const replayOf = (doc: BookDoc | null) => (doc && requestKey && doc.requestKey === requestKey ? doc : null);
  const fields = bibliographic(input, EMPTY_BOOK);
  const id = newBookId(fields.isbn13, requestKey);
  if (id) {
    const first = replayOf(await findBook(id));
    if (first) return { book: toBook(first) };
  }
  if (fields.isbn13) {
    const existing = await findByIsbn13(fields.isbn13);
    if (existing) {
      if (replayOf(existing)) return { book: toBook(existing) };
      throw duplicateIsbn(fields.isbn13, existing);
    }
  }
  await requireCategory(fields.categoryId);

  const at = now();
  const doc: Omit<BookDoc, '_id'> = {
    ...fields,
    createdAt: at,
    updatedAt: at,
    available: 0,
    total: 0,
    ...(requestKey ? { requestKey } : {}),
  };
  const insert = async (withId: string | undefined) =>
    String(
      (
        await booksCollection().add({
          data: { ...(withId ? { _id: withId } : {}), ...doc, ...searchFieldsFor(doc) },
        })
      )._id,
    );
  let bookId: string;
  try {
    bookId = await insert(id);
  } catch (error) {
    if (!id || !isDuplicateKey(error)) throw error;
    const holder = await requireBook(id);
    if (replayOf(holder)) return { book: toBook(holder) }; // a concurrent retry of this very request
    // a concurrent create of the same ISBN came first; else the id's book has had its ISBN changed since
    if (holder.isbn13 === fields.isbn13) throw duplicateIsbn(fields.isbn13, holder);
    bookId = await insert(undefined);
  }

  if (fields.isbn13) {
    const same = await booksCollection()
      .where({ isbn13: fields.isbn13 })
      .orderBy('createdAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(2)
      .get();
    const winner = same.data[0];
    if (winner && winner._id !== bookId) {
      await booksCollection().doc(bookId).remove();
      throw duplicateIsbn(fields.isbn13, winner);
    }
  }
  // removeCategory removes, then counts again; we insert, then look again: one of the two always sees
  // the other, so no book is left in a removed category.
  if (!(await findCategory(fields.categoryId))) {
    await booksCollection().doc(bookId).remove();
    throw categoryGone();
  }
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveBook',
    targetId: bookId,
    detail: { title: doc.title, isbn13: doc.isbn13 },
  });
  return { book: toBook({ _id: bookId, ...doc }) };
}

async function editBook(bookId: string, input: SaveBookInput, caller: Caller): Promise<{ book: Book }> {
  const existing = await requireBook(bookId);
  const fields = bibliographic(input, toBook(existing));
  if (fields.isbn13 && fields.isbn13 !== existing.isbn13) {
    const other = await findByIsbn13(fields.isbn13);
    if (other && other._id !== bookId) throw duplicateIsbn(fields.isbn13, other);
  }
  if (fields.categoryId !== existing.categoryId) await requireCategory(fields.categoryId);
  const at = now();
  // Counts (available, total) are never written here: only copy-status.ts moves them.
  await booksCollection()
    .doc(bookId)
    .update({ data: { ...fields, ...searchFieldsFor(fields), updatedAt: at } });
  if (fields.categoryId !== existing.categoryId && !(await findCategory(fields.categoryId))) {
    const before = bibliographic({ ...toBook(existing), isbn: undefined }, toBook(existing));
    await booksCollection()
      .doc(bookId)
      .update({ data: { ...before, ...searchFieldsFor(before), updatedAt: at } });
    throw categoryGone();
  }
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveBook',
    targetId: bookId,
    detail: { title: fields.title, isbn13: fields.isbn13 },
  });
  return { book: toBook({ ...existing, ...fields, updatedAt: at }) };
}

export async function bookDetail(bookId: string): Promise<BookDetail> {
  const book = await requireBook(bookId);
  const [category, copies, booklists] = await Promise.all([
    findCategory(book.categoryId),
    copiesCollection()
      .where({ bookId })
      .orderBy('createdAt', 'asc')
      .orderBy('barcode', 'asc')
      .limit(MAX_COPIES_PER_BOOK)
      .get(),
    booklistsCollection()
      .where({ 'items.bookId': bookId })
      .orderBy('order', 'asc')
      .orderBy('_id', 'asc')
      .field({ _id: true, kind: true, title: true })
      .limit(MAX_BOOKLISTS_PER_BOOK)
      .get(),
  ]);
  return {
    book: toBook(book),
    category: category && { _id: category._id, name: category.name, order: category.order },
    holdings: holdingsOf(copies.data),
    copies: copies.data.map(toCopy),
    booklists: booklists.data.map(({ _id, kind, title }): BooklistRef => ({ _id, kind, title })),
  };
}

export async function copyByBarcode(barcode: string): Promise<{ copy: Copy; book: BookSummary }> {
  const res = await copiesCollection().where({ barcode }).limit(1).get();
  const copy = res.data[0];
  if (!copy) throw notFound(`没有找到条码为 ${barcode} 的复本`);
  const book = await findBook(copy.bookId);
  if (!book) throw notFound('复本所属的图书不存在');
  return { copy: toCopy(copy), book: toBookSummary(book) };
}

/** Summaries of the given books (at most 1000 ids: the database's cap on one read). */
export async function summariesByIds(ids: string[]): Promise<Map<string, BookSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  if (unique.length > 1000) throw new Error('summariesByIds: more than 1000 ids');
  const res = await booksCollection()
    .where({ _id: _.in(unique) })
    .field(BOOK_SUMMARY_FIELDS)
    .limit(unique.length)
    .get();
  return new Map(res.data.map((doc) => [doc._id, toBookSummary(doc)]));
}

/**
 * Books by created date, newest first; ties by id, so paging never repeats or skips (the `createdAt`
 * index's order, the same as search's for an empty query).
 */
export async function newArrivals(input: { page: number; pageSize: number }): Promise<Page<BookSummary>> {
  const page = await readPage(
    booksCollection().orderBy('createdAt', 'desc').orderBy('_id', 'asc').field(BOOK_SUMMARY_FIELDS),
    input,
  );
  return { items: page.items.map(toBookSummary), hasMore: page.hasMore };
}
