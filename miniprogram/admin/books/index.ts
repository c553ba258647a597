/**
 * 馆藏管理 (librarians, admins): every book with search (the catalogue's own `search`) and paging, the way
 * to add a book, and the entries to categories and booklists. 扫码查找 at the desk: a book's ISBN opens
 * that book (or a new form with the ISBN), a copy's label opens the copies of its book.
 */
import type { BookSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { pagedListBehavior } from '../../utils/paging';
import { catalogueApi } from '../../services/catalogue';
import { looksLikeIsbn, parseIsbn } from '../../shared/isbn';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { CATALOGUE_ROUTES, catalogueAccess } from '../shared/catalogue';

const PAGE_SIZE = 20;

Component({
  behaviors: [pageBehavior, catalogueAccess, pagedListBehavior],
  data: {
    q: '',
    items: [] as BookSummary[],
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.loadList(true);
    },

    /** Back from the book form: show what changed. */
    onShow() {
      if (this.data.allowed && this.data.listState === 'ready') void this.loadList(true);
    },

    /** One page of the list (pagedListBehavior): the catalogue's own search. */
    fetchPage(page: number) {
      return catalogueApi.search({ q: this.data.q, page, pageSize: PAGE_SIZE });
    },

    onSearch(e: ValueEvent<string>) {
      this.setData({ q: e.detail.trim() });
      void this.loadList(true);
    },

    onClearSearch() {
      this.setData({ q: '' });
      void this.loadList(true);
    },

    onScan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['barCode', 'qrCode'],
        success: (res) => void this.openScanned(res.result.trim()),
        fail: (err) => {
          if (!/cancel/.test(err.errMsg)) wx.showToast({ title: '没有识别到条码，请重试', icon: 'none' });
        },
      });
    },

    async openScanned(code: string) {
      const isbn = looksLikeIsbn(code) ? parseIsbn(code) : null;
      if (isbn && isbn.ok) {
        const res = await catalogueApi.lookupIsbn(isbn.isbn13);
        if (!res.ok) {
          wx.showToast({ title: res.error.message, icon: 'none' });
          return;
        }
        const book = res.data.book;
        wx.navigateTo({
          url: book
            ? `${CATALOGUE_ROUTES.bookEdit}?bookId=${book._id}`
            : `${CATALOGUE_ROUTES.bookEdit}?isbn=${isbn.isbn13}`,
        });
        return;
      }
      const res = await catalogueApi.copy(code);
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      wx.navigateTo({ url: `${CATALOGUE_ROUTES.copies}?bookId=${res.data.book._id}` });
    },

    onAdd() {
      wx.navigateTo({ url: CATALOGUE_ROUTES.bookEdit });
    },

    onOpen(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${CATALOGUE_ROUTES.bookEdit}?bookId=${e.currentTarget.dataset.id}` });
    },
  },
});
