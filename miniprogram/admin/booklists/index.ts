/**
 * 专架与书单 (librarians, admins): every shelf and booklist with its kind, whether the 书目 tab features
 * it, and its order (move up / down saves the whole order with `orderBooklists`); opens the editor.
 */
import type { BooklistSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent } from '../../utils/events';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { CATALOGUE_ROUTES, catalogueAccess, moveAndSave } from '../shared/catalogue';
import type { ListState } from '../../utils/paging';

Component({
  behaviors: [pageBehavior, catalogueAccess],
  data: {
    items: [] as BooklistSummary[],
    kindLabels: BOOKLIST_KIND_LABELS,
    listState: 'loading' as ListState,
    listError: '',
    moving: false,
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },

    /** Back from the editor: show what changed. */
    onShow() {
      if (this.data.allowed && this.data.listState === 'ready') void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      if (this.data.listState !== 'ready') this.setData({ listState: 'loading' });
      const res = await catalogueApi.booklists();
      if (res.ok) this.setData({ listState: 'ready', items: res.data.items });
      else this.setData({ listState: 'error', listError: res.error.message });
    },

    onMove(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      void moveAndSave(this, Number(index), Number(delta), catalogueApi.orderBooklists);
    },

    onAdd() {
      wx.navigateTo({ url: CATALOGUE_ROUTES.booklistEdit });
    },

    onOpen(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${CATALOGUE_ROUTES.booklistEdit}?booklistId=${e.currentTarget.dataset.id}` });
    },
  },
});
