/**
 * The one place that initialises wx-server-sdk, and a typed view of its database API (the SDK's own
 * types answer `string | void | ...` for every call). Domain modules take collections from here.
 */
import * as cloud from 'wx-server-sdk';

// DYNAMIC_CURRENT_ENV is a symbol the SDK accepts as `env`; its typings only list strings.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export { cloud };

export const db = cloud.database();

export const _ = db.command;

export type Filter = Record<string, unknown>;

export interface Query<T> {
  where(filter: Filter): Query<T>;
  orderBy(field: string, direction: 'asc' | 'desc'): Query<T>;
  skip(n: number): Query<T>;
  limit(n: number): Query<T>;
  field(projection: Record<string, boolean | 0 | 1>): Query<T>;
  get(): Promise<{ data: T[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Filter }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface DocRef<T> {
  get(): Promise<{ data: T }>;
  update(options: { data: Filter }): Promise<{ stats: { updated: number } }>;
  set(options: {
    data: Omit<T, '_id'>;
  }): Promise<{ _id: string; stats: { updated: number; created?: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface Collection<T> extends Query<T> {
  doc(id: string): DocRef<T>;
  add(options: { data: Omit<T, '_id'> | T }): Promise<{ _id: string }>;
}

export function collection<T>(name: string): Collection<T> {
  return db.collection(name) as unknown as Collection<T>;
}

/** The caller's OPENID as the platform gives it (never from the event). */
export function callerOpenid(): string {
  return cloud.getWXContext().OPENID ?? '';
}
