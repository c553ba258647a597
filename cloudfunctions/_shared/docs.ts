/** Small helpers over the document API. */
import { collection, type Query } from './cloud';

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

/** One page of an ordered query: reads one more than the page to tell whether more follow. */
export async function readPage<T>(
  query: Query<T>,
  input: { page: number; pageSize: number },
): Promise<{ items: T[]; hasMore: boolean }> {
  const res = await query
    .skip((input.page - 1) * input.pageSize)
    .limit(input.pageSize + 1)
    .get();
  return { items: res.data.slice(0, input.pageSize), hasMore: res.data.length > input.pageSize };
}
