/**
 * 找书: search results (the server does the matching: pinyin, initials, 繁体, ISBN with hyphens), filters
 * for category and 只看可借, infinite scroll. Also the list of a category (opened with `categoryId`) and of
 * every book newest first (`browse=new`).
 *
 * Query: `q`, `categoryId`, `categoryName`, `browse=new`, `focus=1`.
 */
import type { BookSummary, SearchRequest } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import { go, queryParam, ROUTES } from '../../utils/routes';
import type { DatasetEvent, ValueEvent } from '../../utils/events';

const PAGE_SIZE = 20;

/** idle: nothing asked yet (tips shown); loading: the first page is on its way. */
type ListState = 'idle' | 'loading' | 'ready' | 'error';

interface Chip {
  _id: string;
  name: string;
}

interface Paging {
  /** Number of the latest request; answers of older ones are dropped. */
  request: number;
  /** Ids already shown, so a book that moves between pages is never listed twice. */
  seen: Set<string>;
}

const paging = new WeakMap<object, Paging>();

function pagingOf(page: object): Paging {
  let state = paging.get(page);
  if (!state) {
    state = { request: 0, seen: new Set() };
    paging.set(page, state);
  }
  return state;
}

Component({
  behaviors: [pageBehavior],
  data: {
    /** What is in the box; `query` is what was searched. */
    q: '',
    query: '',
    focus: false,
    categoryId: '',
    /** Lists every book (newest first) when nothing is typed and no category is chosen. */
    browseAll: false,
    available: false,
    categories: [{ _id: '', name: '全部' }] as Chip[],
    items: [] as BookSummary[],
    page: 1,
    hasMore: false,
    listState: 'idle' as ListState,
    listError: '',
    loadingMore: false,
    moreError: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const q = queryParam(query, 'q').trim();
      const categoryId = queryParam(query, 'categoryId');
      const categoryName = queryParam(query, 'categoryName');
      const browseAll = queryParam(query, 'browse') === 'new';
      this.setData({ q, query: q, categoryId, browseAll, focus: queryParam(query, 'focus') === '1' });
      if (categoryName) void wx.setNavigationBarTitle({ title: categoryName });
      else if (browseAll) void wx.setNavigationBarTitle({ title: '全部图书' });
      void this.loadCategories();
      if (this.shouldSearch()) void this.loadList(true);
    },

    onPullDownRefresh() {
      if (!this.shouldSearch()) {
        wx.stopPullDownRefresh();
        return;
      }
      void this.loadList(true, false).then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      const { hasMore, loadingMore, listState } = this.data;
      if (hasMore && !loadingMore && listState === 'ready') void this.loadList(false);
    },

    async loadCategories() {
      const res = await catalogueApi.categories();
      if (!res.ok) return; // the chips stay at 全部; the search itself still works
      this.setData({
        categories: [{ _id: '', name: '全部' }].concat(
          res.data.items.map(({ _id, name }) => ({ _id, name })),
        ),
      });
    },

    shouldSearch(): boolean {
      const { query, categoryId, browseAll } = this.data;
      return Boolean(query || categoryId || browseAll);
    },

    /** The first page (`reset`) or the next one. `showLoading` false keeps the list while refreshing. */
    async loadList(reset: boolean, showLoading = true) {
      const state = pagingOf(this);
      const request = ++state.request;
      const { query, categoryId, available } = this.data;
      const page = reset ? 1 : this.data.page + 1;
      if (reset && showLoading) this.setData({ listState: 'loading', moreError: false });
      if (!reset) this.setData({ loadingMore: true, moreError: false });
      const req: SearchRequest = { q: query, page, pageSize: PAGE_SIZE };
      if (categoryId) req.categoryId = categoryId;
      if (available) req.available = true;
      const res = await catalogueApi.search(req);
      if (request !== state.request) return;
      if (!res.ok) {
        if (reset) this.setData({ listState: 'error', listError: res.error.message });
        else this.setData({ loadingMore: false, moreError: true });
        return;
      }
      if (reset) state.seen = new Set();
      const fresh = res.data.items.filter((book) => !state.seen.has(book._id));
      for (const book of fresh) state.seen.add(book._id);
      if (reset) {
        this.setData({
          listState: 'ready',
          items: fresh,
          page,
          hasMore: res.data.hasMore,
          loadingMore: false,
        });
        return;
      }
      // Appends by path: only the new lines travel to the view.
      const update: Record<string, unknown> = { page, hasMore: res.data.hasMore, loadingMore: false };
      const offset = this.data.items.length;
      fresh.forEach((book, i) => {
        update[`items[${offset + i}]`] = book;
      });
      this.setData(update);
    },

    retry() {
      void this.loadList(true);
    },

    retryMore() {
      void this.loadList(false);
    },

    onInput(e: ValueEvent<string>) {
      this.setData({ q: e.detail });
    },

    onSubmit() {
      const q = this.data.q.trim();
      this.setData({ q, query: q, focus: false });
      if (this.shouldSearch()) void this.loadList(true);
      else this.setData({ listState: 'idle', items: [] });
    },

    onClear() {
      this.setData({ q: '', query: '', focus: true });
      if (this.shouldSearch()) void this.loadList(true);
      else {
        pagingOf(this).request += 1; // an answer still under way is no longer wanted
        this.setData({ listState: 'idle', items: [], hasMore: false });
      }
    },

    onCategory(e: DatasetEvent<{ id: string }>) {
      const categoryId = e.currentTarget.dataset.id;
      if (categoryId === this.data.categoryId && this.data.listState !== 'idle') return;
      this.setData({ categoryId, browseAll: this.data.browseAll || !categoryId });
      void this.loadList(true);
    },

    onToggleAvailable() {
      this.setData({ available: !this.data.available });
      if (this.shouldSearch()) void this.loadList(true);
    },

    clearFilters() {
      this.setData({ categoryId: '', available: false });
      if (this.shouldSearch()) void this.loadList(true);
      else this.setData({ listState: 'idle', items: [] });
    },

    /** Fills the box with an example from the tips and searches it. */
    tryExample(e: DatasetEvent<{ q: string }>) {
      this.setData({ q: e.currentTarget.dataset.q });
      this.onSubmit();
    },

    openBook(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.book, { id: e.currentTarget.dataset.id });
    },
  },
});
