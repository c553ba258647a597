/**
 * 专架与书单 (librarians, admins): every shelf and booklist with its kind, whether the 书目 tab features
 * it, and its order (move up / down saves the whole order with `orderBooklists`); opens the editor.
 */
import type { BooklistSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent } from '../../utils/events';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { CATALOGUE_ROUTES, checkCatalogueAccess, moved } from '../shared/catalogue';

type ListState = 'loading' | 'ready' | 'error';

Component({
  behaviors: [pageBehavior],
  data: {
    checking: true,
    allowed: false,
    items: [] as BooklistSummary[],
    kindLabels: BOOKLIST_KIND_LABELS,
    listState: 'loading' as ListState,
    listError: '',
    moving: false,
  },
  methods: {
    async onLoad() {
      const allowed = await checkCatalogueAccess();
      this.setData({ checking: false, allowed });
      if (allowed) await this.load();
    },

    /** Back from the editor: show what changed. */
    onShow() {
      if (this.data.allowed && this.data.listState === 'ready') void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    goBack() {
      wx.navigateBack({ delta: 1 });
    },

    async load() {
      if (this.data.listState !== 'ready') this.setData({ listState: 'loading' });
      const res = await catalogueApi.booklists();
      if (res.ok) this.setData({ listState: 'ready', items: res.data.items });
      else this.setData({ listState: 'error', listError: res.error.message });
    },

    async onMove(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      const next = moved(this.data.items, Number(index), Number(delta) < 0 ? -1 : 1);
      if (!next || this.data.moving) return;
      const before = this.data.items;
      this.setData({ items: next, moving: true });
      const res = await catalogueApi.orderBooklists(next.map((b) => b._id));
      this.setData({ moving: false });
      if (!res.ok) {
        this.setData({ items: before });
        wx.showToast({ title: res.error.message, icon: 'none' });
        await this.load(); // someone else changed the list meanwhile: show it as it is now
        return;
      }
      this.setData({ items: res.data.items });
    },

    onAdd() {
      wx.navigateTo({ url: CATALOGUE_ROUTES.booklistEdit });
    },

    onOpen(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${CATALOGUE_ROUTES.booklistEdit}?booklistId=${e.currentTarget.dataset.id}` });
    },
  },
});
