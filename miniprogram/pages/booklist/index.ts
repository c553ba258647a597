/**
 * 书单 / 专架: title, kind, curator and unit, description, and the books in the curator's order with the
 * curator's comment under each. A book removed from the catalogue stays in its place as 该书已下架.
 *
 * Query: `id` (the booklist's _id).
 */
import type { BooklistDetail, BooklistKind, BookSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { go, queryParam, ROUTES, withQuery } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

type LoadState = 'loading' | 'ready' | 'error' | 'missing';

interface ListView {
  _id: string;
  kind: BooklistKind;
  kindLabel: string;
  title: string;
  curator: string;
  curatorUnit: string;
  description: string;
}

interface ItemRow {
  key: string;
  number: number;
  comment: string;
  book: BookSummary | null;
}

function toRows(detail: BooklistDetail): ItemRow[] {
  return detail.items.map((item, i) => ({
    key: `${i}-${item.bookId}`,
    number: i + 1,
    comment: item.comment,
    book: item.book,
  }));
}

Component({
  behaviors: [pageBehavior],
  data: {
    booklistId: '',
    state: 'loading' as LoadState,
    loadError: '',
    list: null as ListView | null,
    items: [] as ItemRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ booklistId: queryParam(query, 'id') });
      wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] });
      void this.load(true);
    },

    onPullDownRefresh() {
      void this.load(this.data.state !== 'ready').then(() => wx.stopPullDownRefresh());
    },

    reload() {
      void this.load(true);
    },

    async load(showLoading: boolean) {
      const { booklistId } = this.data;
      if (!booklistId) {
        this.setData({ state: 'missing' });
        return;
      }
      if (showLoading) this.setData({ state: 'loading' });
      const res = await catalogueApi.booklist(booklistId);
      if (!res.ok) {
        if (res.error.code === 'NOT_FOUND') this.setData({ state: 'missing' });
        else if (this.data.state === 'ready') wx.showToast({ title: res.error.message, icon: 'none' });
        else this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      const { booklist } = res.data;
      const kindLabel = BOOKLIST_KIND_LABELS[booklist.kind];
      void wx.setNavigationBarTitle({ title: kindLabel });
      this.setData({
        state: 'ready',
        list: {
          _id: booklist._id,
          kind: booklist.kind,
          kindLabel,
          title: booklist.title,
          curator: booklist.curator,
          curatorUnit: booklist.curatorUnit,
          description: booklist.description,
        },
        items: toRows(res.data),
      });
    },

    openBook(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.book, { id: e.currentTarget.dataset.id });
    },

    goCatalogue() {
      go(ROUTES.catalogue);
    },

    onShareAppMessage() {
      const { list, booklistId } = this.data;
      return {
        title: list ? `${list.kindLabel}：${list.title}` : '书屋书单',
        path: withQuery(ROUTES.booklist, { id: booklistId }),
      };
    },

    onShareTimeline() {
      const { list, booklistId } = this.data;
      return { title: list ? list.title : '书屋书单', query: `id=${encodeURIComponent(booklistId)}` };
    },
  },
});
