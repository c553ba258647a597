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

/** How many times a transaction that keeps conflicting is started again after the SDK's own retries. */
const OUTER_ATTEMPTS = 8;

export function isTransactionConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | null;
  const text = `${String(e?.code ?? '')} ${String(e?.message ?? '')} ${String(e?.errMsg ?? '')}`;
  return /TRANSACTION_CONFLICT/i.test(text);
}

/**
 * Runs `callback` in a transaction: all its writes or none. The SDK retries a conflicting transaction
 * (3 more times, at once); under heavy contention (many changes to one book's counts at the same moment)
 * that is not always enough, so a conflict that survives them starts the whole thing again after a short
 * random pause, up to OUTER_ATTEMPTS times. The callback must therefore be safe to run more than once:
 * it reads what it needs inside the transaction and throws an AppError to give up (no retry then).
 */
export async function runTransaction<T>(callback: (tx: Tx) => Promise<T>): Promise<T> {
  const raw = db as unknown as RawDb;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await raw.runTransaction((tx) => callback(tx as Tx), 3)) as T;
    } catch (error) {
      if (!isTransactionConflict(error) || attempt >= OUTER_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
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
