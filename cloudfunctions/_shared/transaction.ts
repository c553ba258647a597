/**
 * A typed view of `db.runTransaction`, retried with jittered backoff when it keeps conflicting.
 *
 * Inside a transaction only document operations take part (`doc().get/update/set/remove`,
 * `collection.add`): production supports nothing else there. `where().update()`, `.remove()` and
 * `.count()` carry no transaction id and would run outside it (production does the same): never use them
 * on a transaction's collections.
 */
import { db, type Filter } from './cloud';

export interface TxDocRef<T> {
  get(): Promise<{ data: T }>;
  update(options: { data: Filter }): Promise<{ stats: { updated: number } }>;
  set(options: { data: Omit<T, '_id'> }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface TxCollection<T> {
  doc(id: string): TxDocRef<T>;
  add(options: { data: T | Omit<T, '_id'> }): Promise<{ _id: string }>;
}

export interface Tx {
  collection<T>(name: string): TxCollection<T>;
}

interface RawDb {
  runTransaction(callback: (tx: unknown) => Promise<unknown>, times?: number): Promise<unknown>;
}

/**
 * Retry policy for a transaction that conflicts (another transaction changed a document it touched).
 * Every attempt is ONE SDK transaction (the SDK's own immediate retries are not used: retrying at once
 * makes the same contenders meet again). After a conflict the attempt waits a random time up to an
 * exponentially growing cap ("full jitter"), so that of many transactions on one hot document (a popular
 * book's counts, one member's loan count) the losers step aside and the next round has fewer contenders.
 * It gives up after MAX_ATTEMPTS or when RETRY_BUDGET_MS have passed, whichever comes first.
 */
const MAX_ATTEMPTS = 40;
const RETRY_BUDGET_MS = 15_000;
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 250;

export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.message ?? '')} ${String(e?.errMsg ?? '')}`;
  return /TRANSACTION_CONFLICT/i.test(text);
}

/** The pause before attempt `attempt + 1`: random in [0, min(cap, base · 2^attempt)). */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/**
 * Runs `callback` in a transaction: all its writes or none. A conflict re-runs the whole callback after
 * a backoff (see MAX_ATTEMPTS): it must therefore be safe to run more than once: it reads what it needs
 * inside the transaction and throws an AppError to give up (no retry then).
 */
export async function runTransaction<T>(callback: (tx: Tx) => Promise<T>): Promise<T> {
  const raw = db as unknown as RawDb;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return (await raw.runTransaction((tx) => callback(tx as Tx), 0)) as T;
    } catch (error) {
      const spent = Date.now() - started;
      if (!isTransactionConflict(error) || attempt >= MAX_ATTEMPTS || spent >= RETRY_BUDGET_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}

/**
 * Reads a document inside a transaction, or null when it does not exist. Production transactions take
 * document operations only, so this is `doc().get()`, which wx-server-sdk makes throw
 * "document with _id … does not exist" for a missing document.
 */
export async function txFindById<T>(tx: Tx, collectionName: string, id: string): Promise<T | null> {
  try {
    const res = await tx.collection<T>(collectionName).doc(id).get();
    return res.data ?? null;
  } catch (error) {
    const e = error as { errMsg?: unknown; message?: unknown } | null;
    if (/does not exist/.test(`${String(e?.errMsg ?? '')} ${String(e?.message ?? error)}`)) return null;
    throw error;
  }
}
