/** 党支部管理 (admins): add, rename, remove (after a confirmation) the branches members register into. */
import type { BranchesResult } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { userApi } from '../../services/user';
import { isAdmin, ready } from '../../stores/session';
import type { DatasetEvent, ValueEvent } from '../../utils/events';

/** The cloud function's limit for a branch name (cloudfunctions/user: text('党支部名称', 40)). */
const NAME_MAX = 40;

type Item = BranchesResult['items'][number];
type ListState = 'loading' | 'ready' | 'error';
type DialogKind = '' | 'rename' | 'remove';

Component({
  behaviors: [pageBehavior],
  data: {
    checking: true,
    allowed: false,
    nameMax: NAME_MAX,
    items: [] as Item[],
    listState: 'loading' as ListState,
    listError: '',
    newName: '',
    newError: '',
    adding: false,
    dialog: '' as DialogKind,
    target: null as Item | null,
    renameTo: '',
    renameError: '',
  },
  methods: {
    async onLoad() {
      const session = await ready();
      const allowed = session.ok && isAdmin(session.data);
      this.setData({ checking: false, allowed });
      if (allowed) await this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    goBack() {
      wx.navigateBack({ delta: 1 });
    },

    async load() {
      this.setData({ listState: 'loading' });
      const res = await userApi.branches();
      if (res.ok) this.setData({ listState: 'ready', items: res.data.items });
      else this.setData({ listState: 'error', listError: res.error.message });
    },

    onNewName(e: ValueEvent<string>) {
      this.setData({ newName: e.detail, newError: '' });
    },

    async onAdd() {
      const name = this.data.newName.trim();
      if (!name) {
        this.setData({ newError: '请填写党支部名称' });
        return;
      }
      this.setData({ adding: true });
      const res = await userApi.saveBranch({ name });
      this.setData({ adding: false });
      if (!res.ok) {
        this.setData({ newError: res.error.message });
        return;
      }
      this.setData({ newName: '' });
      wx.showToast({ title: `已添加 ${res.data.branch.name}`, icon: 'none' });
      await this.load();
    },

    onRename(e: DatasetEvent<{ index: number }>) {
      const target = this.data.items[e.currentTarget.dataset.index];
      this.setData({ dialog: 'rename', target, renameTo: target.name, renameError: '' });
    },

    onRenameInput(e: ValueEvent<string>) {
      this.setData({ renameTo: e.detail, renameError: '' });
    },

    async confirmRename() {
      const { target } = this.data;
      const name = this.data.renameTo.trim();
      if (!target) return;
      if (!name) {
        // Keep the dialog open with the message. van-dialog (async-close) turns its button to loading
        // right after this handler returns, so end that on the next tick.
        this.setData({ renameError: '请填写党支部名称' });
        const dialog = this.selectComponent('#rename-dialog') as { stopLoading?: () => void } | null;
        setTimeout(() => dialog?.stopLoading?.(), 0);
        return;
      }
      const res = await userApi.saveBranch({ branchId: target._id, name });
      this.closeDialog();
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      wx.showToast({ title: '已改名', icon: 'none' });
      await this.load();
    },

    onRemove(e: DatasetEvent<{ index: number }>) {
      this.setData({ dialog: 'remove', target: this.data.items[e.currentTarget.dataset.index] });
    },

    async confirmRemove() {
      const { target } = this.data;
      if (!target) return;
      const res = await userApi.removeBranch(target._id);
      this.closeDialog();
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
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
