/**
 * 图书分类 (librarians, admins): the categories in display order; add, rename, move up / down (the whole
 * order is saved with `orderCategories`), remove after a confirmation (the server refuses while books use
 * the category, and its message is shown in full).
 */
import type { BookCategory } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { catalogueAccess, moveAndSave, tell } from '../shared/catalogue';

const NAME_MAX = 20;

type ListState = 'loading' | 'ready' | 'error';
type DialogKind = '' | 'rename' | 'remove';

Component({
  behaviors: [pageBehavior, catalogueAccess],
  data: {
    nameMax: NAME_MAX,
    items: [] as BookCategory[],
    listState: 'loading' as ListState,
    listError: '',
    newName: '',
    newError: '',
    adding: false,
    moving: false,
    dialog: '' as DialogKind,
    target: null as BookCategory | null,
    renameTo: '',
    renameError: '',
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      if (this.data.listState !== 'ready') this.setData({ listState: 'loading' });
      const res = await catalogueApi.categories();
      if (res.ok) this.setData({ listState: 'ready', items: res.data.items });
      else this.setData({ listState: 'error', listError: res.error.message });
    },

    onNewName(e: ValueEvent<string>) {
      this.setData({ newName: e.detail, newError: '' });
    },

    async onAdd() {
      const name = this.data.newName.trim();
      if (!name) {
        this.setData({ newError: '请填写分类名称' });
        return;
      }
      this.setData({ adding: true });
      const res = await catalogueApi.saveCategory({ name });
      this.setData({ adding: false });
      if (!res.ok) {
        this.setData({ newError: res.error.message });
        return;
      }
      this.setData({ newName: '' });
      wx.showToast({ title: `已添加 ${res.data.category.name}`, icon: 'none' });
      await this.load();
    },

    onMove(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      void moveAndSave(this, Number(index), Number(delta), catalogueApi.orderCategories);
    },

    onRename(e: DatasetEvent<{ index: number }>) {
      const target = this.data.items[e.currentTarget.dataset.index];
      if (target) this.setData({ dialog: 'rename', target, renameTo: target.name, renameError: '' });
    },

    onRenameInput(e: ValueEvent<string>) {
      this.setData({ renameTo: e.detail, renameError: '' });
    },

    /** Keeps the dialog open with a message; van-dialog (async-close) loads after the handler returns. */
    keepDialog(selector: string, patch: Record<string, string>) {
      this.setData(patch);
      const dialog = this.selectComponent(selector) as { stopLoading?: () => void } | null;
      setTimeout(() => dialog?.stopLoading?.(), 0);
    },

    async confirmRename() {
      const { target } = this.data;
      const name = this.data.renameTo.trim();
      if (!target) return;
      if (!name) {
        this.keepDialog('#rename-dialog', { renameError: '请填写分类名称' });
        return;
      }
      const res = await catalogueApi.saveCategory({ categoryId: target._id, name });
      if (!res.ok) {
        this.keepDialog('#rename-dialog', { renameError: res.error.message });
        return;
      }
      this.closeDialog();
      wx.showToast({ title: '已改名', icon: 'none' });
      await this.load();
    },

    onRemove(e: DatasetEvent<{ index: number }>) {
      const target = this.data.items[e.currentTarget.dataset.index];
      if (target) this.setData({ dialog: 'remove', target });
    },

    async confirmRemove() {
      const { target } = this.data;
      if (!target) return;
      const res = await catalogueApi.removeCategory(target._id);
      this.closeDialog();
      if (!res.ok) {
        tell(`不能删除“${target.name}”`, res.error.message);
        return;
      }
      wx.showToast({ title: `已删除 ${target.name}`, icon: 'none' });
      await this.load();
    },

    closeDialog() {
      this.setData({ dialog: '', target: null });
    },
  },
});
