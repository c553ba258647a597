/** Small helpers over the document API. */
import { collection } from './cloud';

/** Reads one document by id, or null when it does not exist (without relying on `doc().get()` throwing). */
export async function findById<T>(collectionName: string, id: string): Promise<T | null> {
  const res = await collection<T>(collectionName).where({ _id: id }).limit(1).get();
  return res.data[0] ?? null;
}

/** True when an insert failed because a document with the same `_id` already exists. */
export function isDuplicateKey(error: unknown): boolean {
  const text = String((error as { message?: unknown } | null)?.message ?? error);
  return /duplicate|E11000|already exists/i.test(text);
}
