/**
 * A list read page by page from a cloud function: `items`, `page`, `hasMore`, `listState`, `listError`,
 * `loadingMore`. The page defines `fetchPage(page)` (one page of rows, as the page shows them); the
 * behaviour loads the first page again (`loadList(true)`, pull-down, `reload` for the error state's
 * button) or the next one at the bottom, and drops the answers of older requests (the search or the tab
 * changed meanwhile). A failed next page keeps the list and says why in a toast.
 */
import type { ApiResult } from '../../typings/index';

export type ListState = 'loading' | 'ready' | 'error';

/** One page of rows, as `fetchPage` answers it. */
export interface RowsPage<T> {
  items: T[];
  hasMore: boolean;
}

/** What a page using the behaviour provides. */
export interface PagedListPage<T> {
  fetchPage(page: number): Promise<ApiResult<RowsPage<T>>>;
}

interface Host {
  data: { items: unknown[]; page: number; hasMore: boolean; listState: ListState; loadingMore: boolean };
  setData(patch: Record<string, unknown>): void;
  fetchPage(page: number): Promise<ApiResult<RowsPage<unknown>>>;
}

/** The latest request of each page instance: older answers are dropped. */
const latest = new WeakMap<object, number>();

export const pagedListBehavior = Behavior({
  data: {
    items: [] as unknown[],
    page: 1,
    hasMore: false,
    listState: 'loading' as ListState,
    listError: '',
    loadingMore: false,
  },
  methods: {
    async loadList(reset: boolean) {
      const host = this as unknown as Host;
      const page = reset ? 1 : host.data.page + 1;
      const request = (latest.get(this) ?? 0) + 1;
      latest.set(this, request);
      if (reset) host.setData({ listState: 'loading' });
      else host.setData({ loadingMore: true });
      const res = await host.fetchPage(page);
      if (latest.get(this) !== request) return;
      if (!res.ok) {
        if (reset) host.setData({ listState: 'error', listError: res.error.message });
        else {
          host.setData({ loadingMore: false });
          wx.showToast({ title: res.error.message, icon: 'none' });
        }
        return;
      }
      host.setData({
        listState: 'ready',
        loadingMore: false,
        page,
        hasMore: res.data.hasMore,
        items: reset ? res.data.items : host.data.items.concat(res.data.items),
      });
    },

    onPullDownRefresh() {
      void this.loadList(true).then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      const { hasMore, loadingMore, listState } = (this as unknown as Host).data;
      if (hasMore && !loadingMore && listState === 'ready') void this.loadList(false);
    },

    reload() {
      void this.loadList(true);
    },
  },
});
