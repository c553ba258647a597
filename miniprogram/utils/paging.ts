/**
 * Paged lists (成员管理, 馆藏管理, 逾期, 预约; 活动, 我的活动): the first page, the next one at the bottom,
 * pull to refresh, answers of an older load dropped. `loadPaged` for a page that keeps its own loading
 * logic; `pagedListBehavior` for one that only says how to fetch a page (`fetchPage`).
 */
import type { ApiResult, Page } from '../../typings/index';

export type ListState = 'loading' | 'ready' | 'error';

/** What a paged list keeps in its page data. */
export interface PagedData<Row> {
  listState: ListState;
  listError: string;
  items: Row[];
  page: number;
  hasMore: boolean;
  loadingMore: boolean;
}

export function pagedData<Row>(): PagedData<Row> {
  return { listState: 'loading', listError: '', items: [], page: 0, hasMore: false, loadingMore: false };
}

interface ListPage<Row> {
  data: PagedData<Row>;
  setData(data: Partial<PagedData<Row>>): void;
}

/**
 * `page` as `loadPaged` sees it; with `keepRows` (a pull-down, a refresh on showing again) a first page leaves
 * the rows on screen until the answer instead of showing the loading state.
 */
function listPage<Row>(page: ListPage<Row>, keepRows = false): ListPage<Row> {
  return {
    get data() {
      return page.data;
    },
    setData(data) {
      if (!(keepRows && data.listState === 'loading')) page.setData(data);
    },
  };
}

export const PAGE_SIZE = 20;

/**
 * Loads the first page (`reset`) or the next one into `items`, mapping each item with `toRow`. `isCurrent`
 * answers false when a newer load started meanwhile (a tab change): the stale answer is dropped.
 */
export async function loadPaged<Item, Row>(
  page: ListPage<Row>,
  reset: boolean,
  fetch: (pageNo: number) => Promise<ApiResult<Page<Item>>>,
  toRow: (item: Item) => Row,
  isCurrent: () => boolean = () => true,
): Promise<void> {
  const pageNo = reset ? 1 : page.data.page + 1;
  if (reset) page.setData({ listState: 'loading' });
  else page.setData({ loadingMore: true });
  const res = await fetch(pageNo);
  if (!isCurrent()) return;
  if (!res.ok) {
    // a first page replaces the list with the error, unless rows stay on screen (a refresh: say it instead)
    if (reset && !(page.data.listState === 'ready' && page.data.items.length > 0))
      page.setData({ listState: 'error', listError: res.error.message });
    else {
      page.setData({ loadingMore: false });
      wx.showToast({ title: res.error.message, icon: 'none' });
    }
    return;
  }
  const rows = res.data.items.map(toRow);
  page.setData({
    listState: 'ready',
    loadingMore: false,
    page: pageNo,
    hasMore: res.data.hasMore,
    items: reset ? rows : page.data.items.concat(rows),
  });
}

/** Whether the bottom of the list may load the next page now. */
export function canLoadMore<Row>(data: PagedData<Row>): boolean {
  return data.hasMore && !data.loadingMore && data.listState === 'ready';
}

/** One page of rows, as a page's `fetchPage` answers it. */
export interface RowsPage<Row> {
  items: Row[];
  hasMore: boolean;
}

interface FetchingPage extends ListPage<unknown> {
  fetchPage(page: number): Promise<ApiResult<RowsPage<unknown>>>;
}

/** The latest load of each page instance: older answers are dropped. */
const loads = new WeakMap<object, number>();

/**
 * Gives a page `loadList(reset)`, `onReachBottom`, `onPullDownRefresh` and `reload` (the error state's
 * button) around its `fetchPage(page)`, which answers one page of rows as the page shows them.
 */
export const pagedListBehavior = Behavior({
  data: pagedData<unknown>(),
  methods: {
    /** `keepRows`: a first page leaves the rows on screen until the answer (a refresh on showing again). */
    loadList(reset: boolean, keepRows = false): Promise<void> {
      const page = this as unknown as FetchingPage;
      const load = (loads.get(this) ?? 0) + 1;
      loads.set(this, load);
      return loadPaged(
        listPage(page, keepRows),
        reset,
        (n) => page.fetchPage(n),
        (row) => row,
        () => loads.get(this) === load,
      );
    },

    onPullDownRefresh() {
      void this.loadList(true).then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (canLoadMore((this as unknown as FetchingPage).data)) void this.loadList(false);
    },

    reload() {
      void this.loadList(true);
    },
  },
});
