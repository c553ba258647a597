/**
 * The one module that changes a copy's status or adds copies, and with them the book's counts
 * (`available`: copies on the shelf; `total`: copies not withdrawn or lost). Catalogue (add copies,
 * repair, loss, withdrawal) and circulation (lend, return, hold shelf) both go through here, so the counts
 * always equal a recount of the copies.
 *
 * Each change is ONE transaction, in this order (every transaction that touches copies follows it, so
 * that concurrent ones meet on the same document first and one of them simply retries):
 *
 *   1. read the copy            (transaction snapshot; a concurrent change of it is a conflict)
 *   2. read its book
 *   3. check the copy's current status against what the change allows (else FAILED_PRECONDITION)
 *   4. the caller's own reads and writes, through `also` (circulation: member, then loan, then hold)
 *   5. write the copy
 *   6. write the book's counts (`_.inc` by countDelta)
 *
 * The transaction commits all of it or nothing; a conflict re-runs it from step 1 (see transaction.ts).
 */
import type { CopyStatus } from '../../typings/entities';
import { countDelta, type BookDoc, type CopyDoc } from './books';
import { _ } from './cloud';
import { now } from './clock';
import { COLLECTIONS } from './collections';
import { failedPrecondition, notFound, type AppError } from './errors';
import { runTransaction, txFindById, type Tx } from './transaction';

const COPIES = COLLECTIONS.copies.name;
const BOOKS = COLLECTIONS.books.name;

export interface CopyChange {
  copyId: string;
  /** The new status; absent keeps the status (a location change, say). */
  to?: CopyStatus;
  /** The statuses the copy may be in for this change. */
  from: readonly CopyStatus[];
  /** A new location. */
  location?: string;
  /** More fields to set on the copy (circulation: who holds it, until when). */
  set?: Record<string, unknown>;
  /** The error when the copy is in another status (default: a sentence naming its status). */
  refuse?: (copy: CopyDoc) => AppError;
}

export interface CopyChangeContext {
  tx: Tx;
  /** The copy and its book as the transaction read them (before this change). */
  copy: CopyDoc;
  book: BookDoc;
}

export interface CopyChangeResult<R> {
  /** The copy and the book after the change. */
  copy: CopyDoc;
  book: BookDoc;
  also: R;
}

const STATUS_NAMES: Record<CopyStatus, string> = {
  available: '在架',
  onLoan: '已借出',
  onHoldShelf: '在预约架上',
  inRepair: '修补中',
  lost: '已丢失',
  withdrawn: '已剔除',
};

export function statusName(status: CopyStatus): string {
  return STATUS_NAMES[status];
}

function defaultRefusal(copy: CopyDoc): AppError {
  return failedPrecondition(`复本 ${copy.barcode} 当前${statusName(copy.status)}，不能进行此操作`);
}

/**
 * Changes one copy (status, location, extra fields) and its book's counts together. `also` runs inside
 * the same transaction after the checks (step 4) and may read and write the caller's own documents; it
 * may run more than once (retries), so it must only act through `tx`. Throw an AppError to give up.
 */
export async function changeCopy<R = undefined>(
  change: CopyChange,
  also?: (ctx: CopyChangeContext) => Promise<R>,
): Promise<CopyChangeResult<R>> {
  return runTransaction(async (tx) => {
    const copy = await txFindById<CopyDoc>(tx, COPIES, change.copyId);
    if (!copy) throw notFound('复本不存在');
    const book = await txFindById<BookDoc>(tx, BOOKS, copy.bookId);
    if (!book) throw notFound('复本所属的图书不存在');
    if (!change.from.includes(copy.status)) throw (change.refuse ?? defaultRefusal)(copy);

    const result = also ? await also({ tx, copy, book }) : (undefined as R);

    const to = change.to ?? copy.status;
    const at = now();
    const copyPatch: Record<string, unknown> = { ...change.set, status: to, updatedAt: at };
    if (change.location !== undefined) copyPatch.location = change.location;
    await tx.collection<CopyDoc>(COPIES).doc(copy._id).update({ data: copyPatch });

    const delta = countDelta(copy.status, to);
    if (delta.available !== 0 || delta.total !== 0) {
      await tx
        .collection<BookDoc>(BOOKS)
        .doc(book._id)
        .update({ data: { available: _.inc(delta.available), total: _.inc(delta.total), updatedAt: at } });
    }
    return {
      copy: { ...copy, ...copyPatch } as CopyDoc,
      book: {
        ...book,
        available: book.available + delta.available,
        total: book.total + delta.total,
      },
      also: result,
    };
  });
}

/**
 * Adds copies to a book and raises its counts, in one transaction: read the book, add every copy, write
 * the counts. The copies' `_id`s are given (derived from a request id, so a retried call collides with its
 * first attempt instead of adding again). A barcode already used fails the whole call: the unique index
 * on `copies.barcode` refuses the commit (the caller checks first to name the barcode).
 */
export async function insertCopies(bookId: string, copies: CopyDoc[]): Promise<BookDoc> {
  return runTransaction(async (tx) => {
    const book = await txFindById<BookDoc>(tx, BOOKS, bookId);
    if (!book) throw notFound('图书不存在');
    let available = 0;
    let total = 0;
    for (const copy of copies) {
      if (copy.bookId !== bookId) throw new Error('insertCopies: a copy of another book');
      await tx.collection<CopyDoc>(COPIES).add({ data: copy });
      const delta = countDelta(null, copy.status);
      available += delta.available;
      total += delta.total;
    }
    const at = now();
    await tx
      .collection<BookDoc>(BOOKS)
      .doc(bookId)
      .update({ data: { available: _.inc(available), total: _.inc(total), updatedAt: at } });
    return { ...book, available: book.available + available, total: book.total + total, updatedAt: at };
  });
}
