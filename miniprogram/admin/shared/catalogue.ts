/**
 * Shared by the catalogue admin pages (馆藏管理): who may use them, their routes, the request keys that
 * make a retried create add nothing, moving a row up or down, recent locations.
 */
import type { ApiResult } from '../../../typings/index';
import { librarianAccess } from './access';

/** Every catalogue admin page (librarians and admins): see accessBehavior. */
export const catalogueAccess = librarianAccess;

export const CATALOGUE_ROUTES = {
  books: '/admin/books/index',
  bookEdit: '/admin/book-edit/index',
  copies: '/admin/copies/index',
  categories: '/admin/categories/index',
  booklists: '/admin/booklists/index',
  booklistEdit: '/admin/booklist-edit/index',
} as const;

/** Request keys and dialogs live in the main package (members' pages use them too). */
export { newRequestId } from '../../utils/request-id';
export { confirm, tell } from '../../utils/dialogs';

/** A copy of `list` with the item at `index` moved by `delta` (−1 up, +1 down); null when it cannot move. */
export function moved<T>(list: T[], index: number, delta: -1 | 1): T[] | null {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return null;
  const copy = list.slice();
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** A page with an ordered list (`items`) that saves its whole order after each move. */
interface OrderedListPage<T> {
  data: { items: T[]; moving: boolean };
  setData(data: Record<string, unknown>): void;
  load(): Promise<void>;
}

/**
 * Moves `items[index]` by `delta`, shows it at once and saves the whole order with `save` (ids in display
 * order); the list then shows the server's answer. On a refusal (someone else changed the list meanwhile)
 * it says why and reloads.
 */
export async function moveAndSave<T extends { _id: string }>(
  page: OrderedListPage<T>,
  index: number,
  delta: number,
  save: (ids: string[]) => Promise<ApiResult<{ items: T[] }>>,
): Promise<void> {
  const next = moved(page.data.items, index, delta < 0 ? -1 : 1);
  if (!next || page.data.moving) return;
  page.setData({ items: next, moving: true });
  const res = await save(next.map((item) => item._id));
  page.setData({ moving: false });
  if (!res.ok) {
    wx.showToast({ title: res.error.message, icon: 'none' });
    await page.load();
    return;
  }
  page.setData({ items: res.data.items });
}

const RECENT_LOCATIONS_KEY = 'catalogue.recentLocations';
const RECENT_MAX = 6;

/** Locations this device used last, most recent first. */
export function recentLocations(): string[] {
  const stored: unknown = wx.getStorageSync(RECENT_LOCATIONS_KEY);
  return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
}

export function rememberLocation(location: string): string[] {
  const list = [location, ...recentLocations().filter((l) => l !== location)].slice(0, RECENT_MAX);
  wx.setStorageSync(RECENT_LOCATIONS_KEY, list);
  return list;
}
