/**
 * 书目 (tab): a search bar that opens the search page, the book categories as large tiles, the featured
 * shelves and booklists, and new arrivals. Pull down to refresh.
 */
import type { BookCategory, BooklistSummary, BookSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { go, ROUTES } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

type LoadState = 'loading' | 'ready' | 'error';

interface FeaturedRow {
  _id: string;
  kind: BooklistSummary['kind'];
  kindLabel: string;
  title: string;
  curatorLine: string;
  count: number;
  previewLine: string;
}

/** 领导荐书 names who recommends it; a shelf or must-read list who compiled it, when known. */
export function curatorLine(list: Pick<BooklistSummary, 'kind' | 'curator' | 'curatorUnit'>): string {
  const who = [list.curator, list.curatorUnit].filter(Boolean).join(' · ');
  if (!who) return '';
  return list.kind === 'recommended' ? `推荐人：${who}` : `编选：${who}`;
}

function toFeatured(list: BooklistSummary): FeaturedRow {
  return {
    _id: list._id,
    kind: list.kind,
    kindLabel: BOOKLIST_KIND_LABELS[list.kind],
    title: list.title,
    curatorLine: curatorLine(list),
    count: list.count,
    previewLine: list.preview
      .slice(0, 3)
      .map((book) => `《${book.title}》`)
      .join(''),
  };
}

Component({
  behaviors: [pageBehavior],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    categories: [] as Pick<BookCategory, '_id' | 'name'>[],
    featured: [] as FeaturedRow[],
    newArrivals: [] as BookSummary[],
  },
  methods: {
    onLoad() {
      void this.load();
    },

    onPullDownRefresh() {
      void this.load(false).then(() => wx.stopPullDownRefresh());
    },

    reload() {
      void this.load();
    },

    /** Loads the tab; `showLoading` false keeps what is shown while refreshing (pull-down). */
    async load(showLoading = true) {
      if (showLoading) this.setData({ state: 'loading' });
      const res = await catalogueApi.home();
      if (!res.ok) {
        if (showLoading || this.data.state !== 'ready')
          this.setData({ state: 'error', loadError: res.error.message });
        else wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      const { categories, featured, newArrivals } = res.data;
      this.setData({
        state: 'ready',
        categories: categories.map(({ _id, name }) => ({ _id, name })),
        featured: featured.map(toFeatured),
        newArrivals,
      });
    },

    openSearch() {
      go(ROUTES.search, { focus: 1 });
    },

    openCategory(e: DatasetEvent<{ index: number }>) {
      const category = this.data.categories[e.currentTarget.dataset.index];
      if (category) go(ROUTES.search, { categoryId: category._id, categoryName: category.name });
    },

    openBooklist(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.booklist, { id: e.currentTarget.dataset.id });
    },

    openBook(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.book, { id: e.currentTarget.dataset.id });
    },

    openNewArrivals() {
      go(ROUTES.search, { browse: 'new' });
    },
  },
});
