/**
 * The shelf / booklist editor (librarians, admins): kind (专架 / 必读书目 / 领导荐书), title, curator and
 * unit, description, featured on the 书目 tab, and the books in order — added by searching the catalogue,
 * removed, moved up / down, each with an optional comment. Removing the whole list asks first.
 */
import type { BookSummary, BooklistKind, SaveBooklistRequest } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { BOOKLIST_KIND_LABELS } from '../../utils/labels';
import { catalogueAccess, confirm, moved, newRequestId, tell } from '../shared/catalogue';

type LoadState = 'loading' | 'ready' | 'error';

/** A book in the list as the editor shows it. */
interface Entry {
  bookId: string;
  comment: string;
  title: string;
  author: string;
}

const KINDS: BooklistKind[] = ['shelf', 'mustRead', 'recommended'];
const SEARCH_SIZE = 10;

let searchRequest = 0;

Component({
  behaviors: [pageBehavior, catalogueAccess],
  data: {
    loadState: 'loading' as LoadState,
    loadError: '',
    booklistId: '',
    requestId: '',
    kinds: KINDS.map((name) => ({ name, label: BOOKLIST_KIND_LABELS[name] })),
    kind: 'shelf' as BooklistKind,
    title: '',
    titleError: '',
    curator: '',
    curatorUnit: '',
    description: '',
    featured: false,
    entries: [] as Entry[],
    q: '',
    results: [] as (BookSummary & { added: boolean })[],
    searching: false,
    searched: false,
    saving: false,
    formError: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ booklistId: query.booklistId ?? '', requestId: newRequestId() });
      if (!(await this.admit())) return;
      wx.setNavigationBarTitle({ title: query.booklistId ? '编辑书单' : '新建书单' });
      await this.load();
    },

    async load() {
      if (!this.data.booklistId) {
        this.setData({ loadState: 'ready' });
        return;
      }
      this.setData({ loadState: 'loading' });
      const res = await catalogueApi.booklist(this.data.booklistId);
      if (!res.ok) {
        this.setData({ loadState: 'error', loadError: res.error.message });
        return;
      }
      const { booklist, items } = res.data;
      this.setData({
        loadState: 'ready',
        kind: booklist.kind,
        title: booklist.title,
        curator: booklist.curator,
        curatorUnit: booklist.curatorUnit,
        description: booklist.description,
        featured: booklist.featured,
        entries: items.map((item) => ({
          bookId: item.bookId,
          comment: item.comment,
          title: item.book ? item.book.title : '（这本书已不在馆藏中）',
          author: item.book ? item.book.author : '',
        })),
      });
    },

    onKind(e: ValueEvent<BooklistKind>) {
      this.setData({ kind: e.detail, formError: '' });
    },

    onText(e: ValueEvent<string> & { currentTarget: { dataset: { key: string } } }) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [key]: e.detail, formError: '', ...(key === 'title' ? { titleError: '' } : {}) });
    },

    onFeatured(e: ValueEvent<boolean>) {
      this.setData({ featured: e.detail });
    },

    // ——— books in the list ———

    markAdded(results: BookSummary[]) {
      const ids = new Set(this.data.entries.map((e) => e.bookId));
      return results.map((r) => ({ ...r, added: ids.has(r._id) }));
    },

    async onSearch(e: ValueEvent<string>) {
      const q = e.detail.trim();
      this.setData({ q });
      if (!q) {
        this.setData({ results: [], searched: false });
        return;
      }
      const request = ++searchRequest;
      this.setData({ searching: true });
      const res = await catalogueApi.search({ q, page: 1, pageSize: SEARCH_SIZE });
      if (request !== searchRequest) return;
      this.setData({ searching: false, searched: true });
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.setData({ results: this.markAdded(res.data.items) });
    },

    onClearSearch() {
      searchRequest++;
      this.setData({ q: '', results: [], searched: false, searching: false });
    },

    onAddBook(e: DatasetEvent<{ index: number }>) {
      const book = this.data.results[e.currentTarget.dataset.index];
      if (!book || book.added) return;
      const entries = this.data.entries.concat({
        bookId: book._id,
        comment: '',
        title: book.title,
        author: book.author,
      });
      this.setData({ entries, formError: '' });
      this.setData({ results: this.markAdded(this.data.results) });
      wx.showToast({ title: `已加入《${book.title}》`, icon: 'none' });
    },

    onComment(e: ValueEvent<string> & { currentTarget: { dataset: { index: number } } }) {
      this.setData({ [`entries[${e.currentTarget.dataset.index}].comment`]: e.detail });
    },

    onMoveEntry(e: DatasetEvent<{ index: number; delta: number }>) {
      const { index, delta } = e.currentTarget.dataset;
      const next = moved(this.data.entries, Number(index), Number(delta) < 0 ? -1 : 1);
      if (next) this.setData({ entries: next });
    },

    onRemoveEntry(e: DatasetEvent<{ index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ entries: this.data.entries.filter((_e, i) => i !== index) });
      this.setData({ results: this.markAdded(this.data.results) });
    },

    // ——— saving ———

    async onSave() {
      if (this.data.saving) return;
      const { booklistId, requestId, kind, entries } = this.data;
      const title = this.data.title.trim();
      if (!title) {
        this.setData({ titleError: '请填写书单名称', formError: '请先改正上面标红的内容' });
        return;
      }
      const req: SaveBooklistRequest = {
        kind,
        title,
        description: this.data.description.trim(),
        curator: this.data.curator.trim(),
        curatorUnit: this.data.curatorUnit.trim(),
        featured: this.data.featured,
        items: entries.map((e) => ({ bookId: e.bookId, comment: e.comment.trim() })),
      };
      if (booklistId) req.booklistId = booklistId;
      else req.requestId = requestId;
      this.setData({ saving: true, formError: '' });
      const res = await catalogueApi.saveBooklist(req);
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ formError: res.error.message });
        return;
      }
      const added = !booklistId;
      this.setData({ booklistId: res.data.booklist._id });
      if (added) wx.setNavigationBarTitle({ title: '编辑书单' });
      wx.showToast({ title: added ? '书单已创建' : '已保存', icon: 'none' });
    },

    async onRemove() {
      const { booklistId, title } = this.data;
      if (!booklistId) return;
      const ok = await confirm(`删除“${title}”？`, '书单删除后不能恢复，书目中的图书不受影响。', '确认删除');
      if (!ok) return;
      const res = await catalogueApi.removeBooklist(booklistId);
      if (!res.ok) {
        tell('没有删除', res.error.message);
        return;
      }
      wx.showToast({ title: '书单已删除', icon: 'none' });
      wx.navigateBack({ delta: 1 });
    },
  },
});
