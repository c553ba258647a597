/**
 * Add or edit a book (librarians, admins). Adding starts with the ISBN: scanned with `wx.scanCode` or
 * typed, its checksum checked as it is entered (shared/isbn.ts), then looked up: an ISBN already in the
 * catalogue offers that book instead of a second record. Then title, author, category, … and a cover
 * picture uploaded to cloud storage. Server refusals are shown as they come. Copies have their own page.
 */
import type { Book, BookCategory, SaveBookRequest } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import { chooseAndUpload } from '../../services/storage';
import { compactIsbn, parseIsbn } from '../../shared/isbn';
import type { ValueEvent } from '../../utils/events';
import { CATALOGUE_ROUTES, catalogueAccess, newRequestId } from '../shared/catalogue';

type LoadState = 'loading' | 'ready' | 'error';

interface Form {
  isbn: string;
  title: string;
  subtitle: string;
  author: string;
  translator: string;
  publisher: string;
  year: string;
  tags: string;
  summary: string;
  cover: string;
}

type FormKey = keyof Form;

const EMPTY_FORM: Form = {
  isbn: '',
  title: '',
  subtitle: '',
  author: '',
  translator: '',
  publisher: '',
  year: '',
  tags: '',
  summary: '',
  cover: '',
};

const EMPTY_ERRORS = { isbn: '', title: '', author: '', category: '', year: '' };

function formOf(book: Book): Form {
  return {
    isbn: book.isbn13 || book.isbn10,
    title: book.title,
    subtitle: book.subtitle,
    author: book.author,
    translator: book.translator,
    publisher: book.publisher,
    year: book.year ? String(book.year) : '',
    tags: book.tags.join('，'),
    summary: book.summary,
    cover: book.cover,
  };
}

/** Tags as typed: separated by commas (either width), 、 or spaces. */
function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * What to say about the ISBN typed so far. While typing (`final` false) only a wrong checksum or too many
 * digits is an error; on scan or save an incomplete one is too.
 */
function isbnFeedback(value: string, final: boolean): { error: string; isbn13: string } {
  const compact = compactIsbn(value);
  if (!compact) return { error: '', isbn13: '' };
  if (!/^[\dX]+$/.test(compact)) return { error: 'ISBN 只能包含数字（ISBN-10 末位可为 X）', isbn13: '' };
  if (!final && compact.length !== 10 && compact.length < 13) return { error: '', isbn13: '' };
  const parsed = parseIsbn(compact);
  return parsed.ok ? { error: '', isbn13: parsed.isbn13 } : { error: parsed.reason, isbn13: '' };
}

/** Answers of an older ISBN lookup (the librarian typed on) are dropped. */
let lookupRequest = 0;

Component({
  behaviors: [pageBehavior, catalogueAccess],
  data: {
    loadState: 'loading' as LoadState,
    loadError: '',
    bookId: '',
    book: null as Book | null,
    requestId: '',
    categories: [] as BookCategory[],
    categoryNames: [] as string[],
    categoryIndex: -1,
    form: { ...EMPTY_FORM },
    errors: { ...EMPTY_ERRORS },
    /** The ISBN was looked up and is new to the catalogue. */
    isbnNew: false,
    looking: false,
    duplicate: null as { _id: string; title: string } | null,
    saving: false,
    formError: '',
    uploading: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ bookId: query.bookId ?? '', requestId: newRequestId() });
      if (!(await this.admit())) return;
      wx.setNavigationBarTitle({ title: query.bookId ? '编辑图书' : '添加图书' });
      await this.load();
      if (!query.bookId && query.isbn) {
        this.setData({ 'form.isbn': query.isbn });
        this.checkIsbn(true);
      }
    },

    /** Back from the copies page: counts may have changed. */
    onShow() {
      if (this.data.bookId && this.data.loadState === 'ready') void this.refreshCounts();
    },

    async load() {
      this.setData({ loadState: 'loading' });
      const [categories, detail] = await Promise.all([
        catalogueApi.categories(),
        this.data.bookId ? catalogueApi.book(this.data.bookId) : Promise.resolve(null),
      ]);
      if (!categories.ok) {
        this.setData({ loadState: 'error', loadError: categories.error.message });
        return;
      }
      if (detail && !detail.ok) {
        this.setData({ loadState: 'error', loadError: detail.error.message });
        return;
      }
      const items = categories.data.items;
      const book = detail ? detail.data.book : null;
      this.setData({
        loadState: 'ready',
        categories: items,
        categoryNames: items.map((c) => c.name),
        categoryIndex: book ? items.findIndex((c) => c._id === book.categoryId) : -1,
        book,
        form: book ? formOf(book) : { ...EMPTY_FORM },
      });
    },

    async refreshCounts() {
      const res = await catalogueApi.book(this.data.bookId);
      if (res.ok) this.setData({ book: res.data.book });
    },

    onField(e: ValueEvent<string> & { currentTarget: { dataset: { key: FormKey } } }) {
      const key = e.currentTarget.dataset.key;
      const patch: Record<string, unknown> = { [`form.${key}`]: e.detail, formError: '' };
      if (key in EMPTY_ERRORS) patch[`errors.${key}`] = '';
      this.setData(patch);
    },

    onIsbn(e: ValueEvent<string>) {
      this.setData({ 'form.isbn': e.detail, formError: '' });
      this.checkIsbn(false);
    },

    onIsbnBlur() {
      this.checkIsbn(true);
    },

    onScanIsbn() {
      wx.scanCode({
        onlyFromCamera: false,
        scanType: ['barCode'],
        success: (res) => {
          this.setData({ 'form.isbn': res.result, formError: '' });
          this.checkIsbn(true);
        },
        fail: (err) => {
          if (!/cancel/.test(err.errMsg))
            wx.showToast({ title: '没有识别到条码，请重试或手动输入', icon: 'none' });
        },
      });
    },

    /** Checks the checksum at once; a valid ISBN is then looked up in the catalogue. */
    checkIsbn(final: boolean) {
      const { error, isbn13 } = isbnFeedback(this.data.form.isbn, final);
      this.setData({ 'errors.isbn': error, isbnNew: false });
      if (isbn13) void this.lookup(isbn13);
      else lookupRequest++;
    },

    async lookup(isbn13: string) {
      const request = ++lookupRequest;
      this.setData({ looking: true });
      const res = await catalogueApi.lookupIsbn(isbn13);
      if (request !== lookupRequest) return;
      this.setData({ looking: false });
      if (!res.ok) {
        this.setData({ 'errors.isbn': res.error.message });
        return;
      }
      const found = res.data.book;
      if (!found || found._id === this.data.bookId) {
        this.setData({ isbnNew: !found });
        return;
      }
      this.setData({
        'errors.isbn': `该 ISBN 已在馆藏中：《${found.title}》`,
        duplicate: { _id: found._id, title: found.title },
      });
    },

    openDuplicate() {
      const { duplicate } = this.data;
      this.setData({ duplicate: null });
      if (duplicate) wx.redirectTo({ url: `${CATALOGUE_ROUTES.bookEdit}?bookId=${duplicate._id}` });
    },

    closeDuplicate() {
      this.setData({ duplicate: null });
    },

    onCategory(e: WechatMiniprogram.PickerChange) {
      this.setData({ categoryIndex: Number(e.detail.value), 'errors.category': '', formError: '' });
    },

    async onChooseCover() {
      const src = await chooseAndUpload('covers', (uploading) => this.setData({ uploading }));
      if (!src) return;
      this.setData({ 'form.cover': src, formError: '' });
      wx.showToast({ title: '封面已上传，保存后生效', icon: 'none' });
    },

    onRemoveCover() {
      this.setData({ 'form.cover': '' });
    },

    /** Checks what can be checked here; answers the request, or null with the errors shown. */
    validate(): SaveBookRequest | null {
      const { form, categories, categoryIndex, bookId, requestId } = this.data;
      const errors = { ...EMPTY_ERRORS };
      const isbn = isbnFeedback(form.isbn, true);
      if (isbn.error) errors.isbn = isbn.error;
      else if (this.data.errors.isbn) errors.isbn = this.data.errors.isbn; // a duplicate
      if (!form.title.trim()) errors.title = '请填写书名';
      if (!form.author.trim()) errors.author = '请填写作者';
      const category = categories[categoryIndex];
      if (!category) errors.category = '请选择图书分类';
      const yearText = form.year.trim();
      if (yearText && !/^\d{4}$/.test(yearText)) errors.year = '出版年份应为 4 位数字，如 2021';
      this.setData({ errors });
      if (Object.values(errors).some(Boolean) || !category) {
        this.setData({ formError: '请先改正上面标红的内容' });
        return null;
      }
      const req: SaveBookRequest = {
        isbn: compactIsbn(form.isbn),
        title: form.title.trim(),
        subtitle: form.subtitle.trim(),
        author: form.author.trim(),
        translator: form.translator.trim(),
        publisher: form.publisher.trim(),
        year: yearText ? Number(yearText) : 0,
        categoryId: category._id,
        tags: splitTags(form.tags),
        summary: form.summary.trim(),
        cover: form.cover,
      };
      if (bookId) req.bookId = bookId;
      else req.requestId = requestId;
      return req;
    },

    async onSave() {
      if (this.data.saving) return;
      const req = this.validate();
      if (!req) return;
      this.setData({ saving: true, formError: '' });
      const res = await catalogueApi.saveBook(req);
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ formError: res.error.message });
        return;
      }
      const added = !this.data.bookId;
      const book = res.data.book;
      this.setData({ bookId: book._id, book, form: formOf(book) });
      if (!added) {
        wx.showToast({ title: '已保存', icon: 'none' });
        return;
      }
      wx.setNavigationBarTitle({ title: '编辑图书' });
      // At the desk the next step is the copies on the counter: offer it at once.
      wx.showModal({
        title: `已添加《${book.title}》`,
        content: '现在登记这本书的复本吗？扫描贴在书上的条码，或由系统生成条码。',
        confirmText: '添加复本',
        cancelText: '稍后',
        success: (res) => {
          if (res.confirm) this.onCopies();
        },
      });
    },

    onCopies() {
      wx.navigateTo({ url: `${CATALOGUE_ROUTES.copies}?bookId=${this.data.bookId}` });
    },
  },
});
