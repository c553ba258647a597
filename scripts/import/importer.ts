/**
 * The bulk import (PRODUCT C15): a file of copies, one per row, into the catalogue.
 *
 * - Streaming: rows are read one at a time and handled in batches; what stays in memory across batches is
 *   the set of barcodes seen in the file (to report a barcode used twice) and the categories.
 * - Rows sharing an ISBN are one book; rows without ISBN are one book when title, subtitle, author and
 *   publisher are the same (bookIdFor). The first good row of a book gives its bibliographic fields;
 *   a book the catalogue already holds is not changed, it only gets the new copies.
 * - Categories are matched by name. An unknown name rejects the row unless `createCategories` is set (a
 *   typo should not create a category); an empty catalogue first gets the eight default categories.
 * - Idempotent: a copy whose barcode is already held by the same book is left as it is ("unchanged"),
 *   ids are derived (ISBN, barcode), so importing the same file again adds nothing; a barcode held by
 *   another book rejects the row.
 * - Counts: books that got copies have `available`/`total` recomputed from their copies.
 */
import { DEFAULT_BOOK_CATEGORIES } from '../../typings/entities';
import {
  bookDocument,
  bookIdFor,
  categoryDocument,
  copyDocument,
  type BookDoc,
  type CategoryDoc,
  type CopyDoc,
} from '../seed/documents';
import { FIELD_LABELS, mapColumns, recordOf, type ColumnMap } from './columns';
import { readRows } from './read';
import { checkRow, type ValidRow } from './validate';
import type { BookRef, CatalogueWriter } from './writer';

export interface RejectedRow {
  line: number;
  reasons: string[];
  cells: string[];
}

export interface ImportOptions {
  /** Rows per batch (default 1000). */
  batchSize?: number;
  createCategories?: boolean;
  /** Location of a copy whose row leaves it empty (default 书屋). */
  defaultLocation?: string;
  /** `createdAt` of new books and copies (default: now). */
  now?: Date;
  /** The file's header row, once read (before any row is rejected). */
  onHeadings?: (headings: string[]) => void;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  onRejected?: (row: RejectedRow) => void;
}

export interface ImportResult {
  headings: string[];
  ignoredColumns: string[];
  rows: number;
  booksAdded: number;
  copiesAdded: number;
  /** Rows whose copy the catalogue already held (a re-import). */
  unchanged: number;
  rejected: number;
  /** Rejections by reason, most frequent first. */
  reasons: [string, number][];
  categoriesAdded: string[];
}

export class ImportFileError extends Error {}

/** A reason without the row's own values, to count rejections by kind. */
function reasonKind(reason: string): string {
  return reason
    .replace(/“[^”]*”/g, '“…”')
    .replace(/第 \d+ 行/g, '第 … 行')
    .replace(/(?=[A-Z0-9-]*\d)[A-Z0-9-]{4,}/g, '…');
}

export async function importCatalogue(
  file: string,
  writer: CatalogueWriter,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 1000;
  const defaultLocation = options.defaultLocation ?? '书屋';
  const now = options.now ?? new Date();
  const result: ImportResult = {
    headings: [],
    ignoredColumns: [],
    rows: 0,
    booksAdded: 0,
    copiesAdded: 0,
    unchanged: 0,
    rejected: 0,
    reasons: [],
    categoriesAdded: [],
  };
  const reasonCounts = new Map<string, number>();
  const reject = (line: number, cells: string[], reasons: string[]): void => {
    result.rejected += 1;
    for (const reason of reasons) {
      const kind = reasonKind(reason);
      reasonCounts.set(kind, (reasonCounts.get(kind) ?? 0) + 1);
    }
    options.onRejected?.({ line, reasons, cells });
  };

  // Categories by name; an empty catalogue starts with the defaults.
  let categories = await writer.categories();
  if (categories.length === 0) {
    const defaults = DEFAULT_BOOK_CATEGORIES.map((name, i) => categoryDocument(name, i + 1));
    await writer.insertCategories(defaults);
    categories = defaults;
  }
  const categoryByName = new Map<string, CategoryDoc>(categories.map((c) => [c.name, c]));
  let lastOrder = categories.reduce((max, c) => Math.max(max, c.order), 0);
  const categoryFor = async (name: string): Promise<CategoryDoc | undefined> => {
    const known = categoryByName.get(name);
    if (known || !options.createCategories) return known;
    lastOrder += 1;
    const doc = categoryDocument(name, lastOrder);
    await writer.insertCategories([doc]);
    categoryByName.set(name, doc);
    result.categoriesAdded.push(name);
    return doc;
  };
  const categoryList = (): string => [...categoryByName.keys()].join('、');

  /** Barcode → the row that used it first in this file. */
  const barcodeLines = new Map<string, number>();
  let columns: ColumnMap | undefined;
  let batch: { row: ValidRow; cells: string[] }[] = [];
  let bytes = 0;

  const flush = async (): Promise<void> => {
    const rows = batch;
    batch = [];
    if (rows.length === 0) return;

    // What the catalogue already holds: books by ISBN (whoever created them) or derived id, copies by barcode.
    const isbns = [...new Set(rows.map((r) => r.row.book.isbn13).filter(Boolean))];
    const derivedIds = [...new Set(rows.filter((r) => !r.row.book.isbn13).map((r) => bookIdFor(r.row.book)))];
    const [byIsbn, byId, heldCopies] = await Promise.all([
      writer.booksByIsbn13(isbns),
      writer.booksById(derivedIds),
      writer.copiesByBarcode(rows.map((r) => r.row.copy.barcode)),
    ]);
    const heldBooks = new Map<string, BookRef>();
    for (const book of byId) heldBooks.set(book._id, book);
    for (const book of byIsbn) {
      const key = `isbn:${book.isbn13}`;
      if (!heldBooks.has(key)) heldBooks.set(key, book);
    }
    const copyByBarcode = new Map(heldCopies.map((c) => [c.barcode, c]));
    const titleOf = new Map<string, string>([...heldBooks.values()].map((b) => [b._id, b.title]));
    const ownersToName = [...new Set(heldCopies.map((c) => c.bookId))].filter((id) => !titleOf.has(id));
    for (const owner of await writer.booksById(ownersToName)) titleOf.set(owner._id, owner.title);

    const newBooks = new Map<string, BookDoc>();
    const newCopies: CopyDoc[] = [];
    const touched = new Set<string>();
    for (const { row, cells } of rows) {
      const category = await categoryFor(row.categoryName);
      if (!category) {
        reject(row.line, cells, [`分类“${row.categoryName}”不存在（现有分类：${categoryList()}）`]);
        continue;
      }
      const key = row.book.isbn13 ? `isbn:${row.book.isbn13}` : bookIdFor(row.book);
      const bookId = heldBooks.get(key)?._id ?? newBooks.get(key)?._id ?? bookIdFor(row.book);
      const held = copyByBarcode.get(row.copy.barcode);
      if (held) {
        if (held.bookId === bookId) {
          result.unchanged += 1;
        } else {
          const other = titleOf.get(held.bookId);
          reject(row.line, cells, [
            `条码 ${row.copy.barcode} 已被${other ? `《${other}》` : '另一本书'}的复本使用`,
          ]);
        }
        continue;
      }
      if (!heldBooks.has(key) && !newBooks.has(key)) {
        newBooks.set(key, bookDocument({ ...row.book, categoryId: category._id, createdAt: now }));
      }
      newCopies.push(copyDocument({ ...row.copy, bookId, status: 'available', createdAt: now }));
      touched.add(bookId);
    }

    await writer.insertBooks([...newBooks.values()]);
    await writer.insertCopies(newCopies);
    await writer.recount([...touched]);
    result.booksAdded += newBooks.size;
    result.copiesAdded += newCopies.length;
  };

  for await (const raw of readRows(file, (n) => (bytes = n))) {
    if (!columns) {
      columns = mapColumns(raw.cells);
      result.headings = raw.cells;
      result.ignoredColumns = columns.ignored;
      options.onHeadings?.(raw.cells);
      if (columns.missing.length) {
        throw new ImportFileError(
          `文件缺少必需的列：${columns.missing.map((f) => `${FIELD_LABELS[f]}（${f}）`).join('、')}。` +
            '第一行应为列名，例如 isbn,title,author,publisher,year,category,barcode,location 或 ISBN,书名,作者,出版社,出版年,分类,条码,馆藏地点',
        );
      }
      continue;
    }
    result.rows += 1;
    const check = checkRow(recordOf(raw.cells, columns), raw.line, { defaultLocation });
    if (!check.ok) {
      reject(raw.line, raw.cells, check.reasons);
    } else {
      const first = barcodeLines.get(check.row.copy.barcode);
      if (first !== undefined) {
        reject(raw.line, raw.cells, [`条码 ${check.row.copy.barcode} 在文件中重复（第 ${first} 行已使用）`]);
      } else {
        barcodeLines.set(check.row.copy.barcode, raw.line);
        batch.push({ row: check.row, cells: raw.cells });
        if (batch.length >= batchSize) await flush();
      }
    }
    options.onProgress?.({ bytes, rows: result.rows });
  }
  if (!columns) throw new ImportFileError('文件是空的：第一行应为列名');
  await flush();
  options.onProgress?.({ bytes, rows: result.rows });
  result.reasons = [...reasonCounts].sort((a, b) => b[1] - a[1]);
  return result;
}
