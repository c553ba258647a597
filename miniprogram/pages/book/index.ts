/**
 * 图书详情: cover, details, summary (folded when long), holdings by location with live counts (refreshed on
 * every show and on pull-down), the shelves and booklists the book is on, a share card. Borrowing and holds
 * come with circulation; until then the action bar says so plainly.
 *
 * Query: `id` (the book's _id).
 */
import type { BookDetail, Holding } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { go, queryParam, ROUTES, withQuery } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

type LoadState = 'loading' | 'ready' | 'error' | 'missing';

/** A summary longer than this is folded to a few lines with 展开全文. */
const SUMMARY_FOLD_AT = 120;

interface DetailRow {
  label: string;
  value: string;
}

interface BookView {
  _id: string;
  title: string;
  subtitle: string;
  author: string;
  /** publisher · year, under the author in the head. */
  imprint: string;
  cover: string;
  summary: string;
  tags: string[];
  details: DetailRow[];
  available: number;
  total: number;
}

function toView(detail: BookDetail): BookView {
  const { book, category } = detail;
  const isbn = book.isbn13 || book.isbn10;
  const details: DetailRow[] = [
    { label: '作者', value: book.author },
    { label: '译者', value: book.translator },
    { label: '出版社', value: book.publisher },
    { label: '出版年', value: book.year ? `${book.year} 年` : '' },
    { label: 'ISBN', value: isbn },
    { label: '分类', value: category ? category.name : '' },
  ].filter((row) => row.value);
  return {
    _id: book._id,
    title: book.title,
    subtitle: book.subtitle,
    author: book.author,
    imprint: [book.publisher, book.year ? `${book.year}` : ''].filter(Boolean).join(' · '),
    cover: book.cover,
    summary: book.summary,
    tags: book.tags,
    details,
    available: book.available,
    total: book.total,
  };
}

/** Whether the page has shown a book once (onShow then refreshes the counts). */
const shownOnce = new WeakSet<object>();

Component({
  behaviors: [pageBehavior],
  data: {
    bookId: '',
    state: 'loading' as LoadState,
    loadError: '',
    book: null as BookView | null,
    holdings: [] as Holding[],
    booklists: [] as { _id: string; title: string; kindLabel: string }[],
    summaryLong: false,
    summaryOpen: false,
    coverFailed: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const bookId = queryParam(query, 'id');
      this.setData({ bookId });
      wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] });
      void this.load(true);
    },

    onShow() {
      if (shownOnce.has(this)) void this.refreshHoldings();
    },

    onPullDownRefresh() {
      void this.load(this.data.state !== 'ready').then(() => wx.stopPullDownRefresh());
    },

    reload() {
      void this.load(true);
    },

    /** Loads everything; with `showLoading` false the page stays as it is until the answer. */
    async load(showLoading: boolean) {
      const { bookId } = this.data;
      if (!bookId) {
        this.setData({ state: 'missing' });
        return;
      }
      if (showLoading) this.setData({ state: 'loading' });
      const res = await catalogueApi.book(bookId);
      if (!res.ok) {
        if (res.error.code === 'NOT_FOUND') this.setData({ state: 'missing' });
        else if (this.data.state === 'ready') wx.showToast({ title: res.error.message, icon: 'none' });
        else this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      const book = toView(res.data);
      shownOnce.add(this);
      this.setData({
        state: 'ready',
        book,
        holdings: res.data.holdings,
        booklists: res.data.booklists.map((list) => ({
          _id: list._id,
          title: list.title,
          kindLabel: BOOKLIST_KIND_LABELS[list.kind],
        })),
        summaryLong: book.summary.length > SUMMARY_FOLD_AT,
        coverFailed: false,
      });
    },

    /** Back on the page: only the live counts change, so only they are sent to the view. */
    async refreshHoldings() {
      const { bookId, state } = this.data;
      if (!bookId || state !== 'ready') return;
      const res = await catalogueApi.book(bookId);
      if (!res.ok) return; // the page keeps the counts it has; pull-down tells the error
      const { available, total } = res.data.book;
      this.setData({ holdings: res.data.holdings, 'book.available': available, 'book.total': total });
    },

    toggleSummary() {
      this.setData({ summaryOpen: !this.data.summaryOpen });
    },

    onCoverError() {
      this.setData({ coverFailed: true });
    },

    openBooklist(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.booklist, { id: e.currentTarget.dataset.id });
    },

    openTag(e: DatasetEvent<{ tag: string }>) {
      go(ROUTES.search, { q: e.currentTarget.dataset.tag });
    },

    goCatalogue() {
      go(ROUTES.catalogue);
    },

    onShareAppMessage() {
      const { book, bookId } = this.data;
      return {
        title: book ? `《${book.title}》${book.author ? ' ' + book.author : ''}` : '书屋好书',
        path: withQuery(ROUTES.book, { id: bookId }),
      };
    },

    onShareTimeline() {
      const { book, bookId } = this.data;
      return { title: book ? `《${book.title}》` : '书屋好书', query: `id=${encodeURIComponent(bookId)}` };
    },
  },
});
