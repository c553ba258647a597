/**
 * A short list of named things an admin page keeps (党支部, 图书分类): the list (`load`, pull-down), a
 * field to add one, rename in a dialog (kept open with the message when the name is empty or refused),
 * remove after a confirmation. `namedListBehavior(spec)` gives the page the data and the handlers its
 * WXML binds: onNewName, onAdd, onRename, onRenameInput, confirmRename, onRemove, confirmRemove,
 * closeDialog, load.
 */
import type { ApiResult } from '../../../typings/index';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import type { ListState } from '../../utils/paging';

export interface NamedItem {
  _id: string;
  name: string;
}

export interface NamedListSpec<T extends NamedItem> {
  /** What the name is called in messages (请填写…). */
  label: string;
  list(): Promise<ApiResult<{ items: T[] }>>;
  /** Adds one (no id) or renames it. */
  save(id: string | undefined, name: string): Promise<ApiResult<unknown>>;
  remove(id: string): Promise<ApiResult<unknown>>;
  /** Says why a removal was refused (default: a toast with the server's message). */
  refusedRemoval?(target: T, message: string): void;
}

type DialogKind = '' | 'rename' | 'remove';

interface Host<T> {
  data: {
    items: T[];
    listState: ListState;
    newName: string;
    dialog: DialogKind;
    target: T | null;
    renameTo: string;
  };
  setData(patch: Record<string, unknown>): void;
  selectComponent(selector: string): unknown;
  load(): Promise<void>;
  closeDialog(): void;
  keepDialog(patch: Record<string, string>): void;
}

export function namedListBehavior<T extends NamedItem>(spec: NamedListSpec<T>) {
  const host = (page: unknown) => page as Host<T>;
  return Behavior({
    data: {
      items: [] as T[],
      listState: 'loading' as ListState,
      listError: '',
      newName: '',
      newError: '',
      adding: false,
      dialog: '' as DialogKind,
      target: null as T | null,
      renameTo: '',
      renameError: '',
    },
    methods: {
      async load() {
        const page = host(this);
        if (page.data.listState !== 'ready') page.setData({ listState: 'loading' });
        const res = await spec.list();
        if (res.ok) page.setData({ listState: 'ready', items: res.data.items });
        else page.setData({ listState: 'error', listError: res.error.message });
      },

      onPullDownRefresh() {
        void host(this)
          .load()
          .then(() => wx.stopPullDownRefresh());
      },

      onNewName(e: ValueEvent<string>) {
        host(this).setData({ newName: e.detail, newError: '' });
      },

      async onAdd() {
        const page = host(this);
        const name = page.data.newName.trim();
        if (!name) {
          page.setData({ newError: `请填写${spec.label}` });
          return;
        }
        page.setData({ adding: true });
        const res = await spec.save(undefined, name);
        page.setData({ adding: false });
        if (!res.ok) {
          page.setData({ newError: res.error.message });
          return;
        }
        page.setData({ newName: '' });
        wx.showToast({ title: `已添加 ${name}`, icon: 'none' });
        await page.load();
      },

      onRename(e: DatasetEvent<{ index: number }>) {
        const target = host(this).data.items[e.currentTarget.dataset.index];
        if (target) host(this).setData({ dialog: 'rename', target, renameTo: target.name, renameError: '' });
      },

      onRenameInput(e: ValueEvent<string>) {
        host(this).setData({ renameTo: e.detail, renameError: '' });
      },

      /** Keeps the rename dialog open with a message; van-dialog (async-close) loads after the handler. */
      keepDialog(patch: Record<string, string>) {
        host(this).setData(patch);
        const dialog = host(this).selectComponent('#rename-dialog') as { stopLoading?: () => void } | null;
        setTimeout(() => dialog?.stopLoading?.(), 0);
      },

      async confirmRename() {
        const page = host(this);
        const { target } = page.data;
        const name = page.data.renameTo.trim();
        if (!target) return;
        if (!name) {
          page.keepDialog({ renameError: `请填写${spec.label}` });
          return;
        }
        const res = await spec.save(target._id, name);
        if (!res.ok) {
          page.keepDialog({ renameError: res.error.message });
          return;
        }
        page.closeDialog();
        wx.showToast({ title: '已改名', icon: 'none' });
        await page.load();
      },

      onRemove(e: DatasetEvent<{ index: number }>) {
        const target = host(this).data.items[e.currentTarget.dataset.index];
        if (target) host(this).setData({ dialog: 'remove', target });
      },

      async confirmRemove() {
        const page = host(this);
        const { target } = page.data;
        if (!target) return;
        const res = await spec.remove(target._id);
        page.closeDialog();
        if (!res.ok) {
          if (spec.refusedRemoval) spec.refusedRemoval(target, res.error.message);
          else wx.showToast({ title: res.error.message, icon: 'none' });
          return;
        }
        wx.showToast({ title: `已删除 ${target.name}`, icon: 'none' });
        await page.load();
      },

      closeDialog() {
        host(this).setData({ dialog: '', target: null });
      },
    },
  });
}
