/**
 * 图书详情: cover, details, summary (folded when long), holdings by location with live counts (refreshed on
 * every show and on pull-down), the shelves and booklists the book is on, a share card; the caller's 借阅 /
 * 预约 state (pages/book/circulation.ts) with the bottom bar's action: 扫码借阅 (behaviors/scan-borrow.ts),
 * 预约 (reminder consent asked in the tap), 取消预约, or a path to register or to the desk.
 *
 * Query: `id` (the book's _id).
 */
import type { BookDetail, Holding } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { scanBorrowBehavior } from '../../behaviors/scan-borrow';
import { catalogueApi } from '../../services/catalogue';
import { circulationApi } from '../../services/circulation';
import { askReminders, HOLD_REMINDERS } from '../../services/consent';
import { ready } from '../../stores/session';
import { confirm, tell } from '../../utils/dialogs';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { go, queryParam, ROUTES, withQuery } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';
import {
  circulationError,
  circulationForMember,
  circulationLoading,
  circulationView,
  type CirculationView,
} from './circulation';

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
  behaviors: [pageBehavior, scanBorrowBehavior],
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
    circulation: circulationLoading() as CirculationView,
    /** A hold or cancel is on its way (the buttons wait). */
    circulationBusy: false,
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
      void this.loadCirculation(book.total);
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
      await this.loadCirculation(total);
    },

    /** The caller's 借阅 / 预约 state: asked of the circulation function only for an active member. */
    async loadCirculation(total: number) {
      const { bookId } = this.data;
      const session = await ready();
      if (!session.ok) {
        this.setData({ circulation: circulationError(session.error.message) });
        return;
      }
      const before = circulationForMember(session.data.member);
      if (before) {
        this.setData({ circulation: before });
        return;
      }
      const res = await circulationApi.bookCirculation(bookId);
      if (res.ok) this.setData({ circulation: circulationView(res.data, total) });
      else this.setData({ circulation: circulationError(res.error.message) });
    },

    reloadCirculation() {
      const { book } = this.data;
      this.setData({ circulation: circulationLoading() });
      void this.loadCirculation(book ? book.total : 0);
    },

    /** The bottom bar's button. 预约 asks for reminder consent first, inside the tap. */
    onCirculationAction() {
      const { circulation, bookId, circulationBusy } = this.data;
      if (circulationBusy) return;
      switch (circulation.action) {
        case 'scan':
          void this.scanToBorrow(bookId);
          break;
        case 'hold':
          void this.placeHold(askReminders(HOLD_REMINDERS));
          break;
        case 'loans':
          go(ROUTES.loans);
          break;
        case 'holds':
          go(ROUTES.holds);
          break;
        case 'register':
          go(ROUTES.register);
          break;
        case 'retry':
          this.reloadCirculation();
          break;
        default:
          break;
      }
    },

    async placeHold(asking: Promise<unknown>) {
      this.setData({ circulationBusy: true });
      await asking;
      const res = await circulationApi.hold(this.data.bookId);
      this.setData({ circulationBusy: false });
      if (!res.ok) {
        tell('没有预约成功', res.error.message);
        void this.refreshHoldings();
        return;
      }
      const { position } = res.data.hold;
      wx.showToast({ title: position ? `预约成功，排在第 ${position} 位` : '预约成功', icon: 'none' });
      await this.refreshHoldings();
    },

    async onCancelHold() {
      const { circulation, book } = this.data;
      if (!circulation.holdId || this.data.circulationBusy) return;
      const ok = await confirm(
        '取消这个预约？',
        circulation.kind === 'ready'
          ? `为你留着的《${book ? book.title : ''}》会让给下一位读者。`
          : '排队位置会失去，再预约要重新排队。',
        '取消预约',
      );
      if (!ok) return;
      this.setData({ circulationBusy: true });
      const res = await circulationApi.cancelHold(circulation.holdId);
      this.setData({ circulationBusy: false });
      if (!res.ok) {
        tell('没有取消成功', res.error.message);
        return;
      }
      wx.showToast({ title: '已取消预约', icon: 'none' });
      await this.refreshHoldings();
    },

    /** scan-borrow's hook: the counts and the state change with the loan. */
    afterBorrow() {
      void this.refreshHoldings();
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
