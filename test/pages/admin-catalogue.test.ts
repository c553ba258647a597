/**
 * The catalogue admin pages against the real local cloud and its `catalogue` function, as the test admin
 * (admins hold the librarian role): the book form (ISBN checksum at once, lookup, duplicate offer, save,
 * cover upload), copies (scan, generate, status with confirmation), categories (order, removal refused),
 * booklists, and the no-permission state for a member.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Book, BookCategory } from '../../typings';
import type * as ConfigModule from '../../miniprogram/config';
import type * as StorageModule from '../../miniprogram/services/storage';
import { placeholderCode } from '../../scripts/local-cloud/png';
import { installAdminWx, randomIsbn13, withBadCheckDigit, type AdminWx } from '../support/admin-catalogue';
import { callOk } from '../support/cloud';
import { localCloudUrl, TEST_ADMIN_OPENID } from '../support/env';
import {
  answerDialog,
  fire,
  MINIPROGRAM_ROOT,
  openPage,
  tap,
  text,
  waitFor,
  type SimComponent,
} from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;
let media: AdminWx;

beforeEach(() => {
  wx = installWx(localCloudUrl(), TEST_ADMIN_OPENID);
  media = installAdminWx(() => wx.cloudUrl);
});

const actions = (name: string) => wx.calls.filter((c) => c.event.action === name);

function unique(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 7)}`;
}

async function categories(): Promise<BookCategory[]> {
  return (await callOk('catalogue', 'categories', {}, TEST_ADMIN_OPENID)).items;
}

/** A book made through the function, as the test admin. */
async function makeBook(title: string, isbn = ''): Promise<Book> {
  const [category] = await categories();
  const { book } = await callOk(
    'catalogue',
    'saveBook',
    { isbn, title, author: '测试作者', categoryId: category!._id },
    TEST_ADMIN_OPENID,
  );
  return book;
}

async function openForm(query: Record<string, string> = {}): Promise<SimComponent> {
  const { page } = openPage('/admin/book-edit/index', query);
  await waitFor(() => page.instance.data.loadState === 'ready' && page.instance.data.allowed);
  return page;
}

async function pickCategory(page: SimComponent, name: string): Promise<void> {
  const index = (page.instance.data.categoryNames as string[]).indexOf(name);
  if (index < 0) throw new Error(`no category ${name}`);
  await fire(page, '#category-picker', 'change', { value: String(index) });
}

describe('who may use the catalogue admin pages', () => {
  it.each([
    '/admin/books/index',
    '/admin/book-edit/index',
    '/admin/copies/index',
    '/admin/categories/index',
    '/admin/booklists/index',
    '/admin/booklist-edit/index',
  ])('%s shows a member the no-permission state and asks the cloud nothing', async (route) => {
    wx.openid = 'demo-member';
    const { page } = openPage(route, { bookId: 'whatever' });
    await waitFor(() => page.instance.data.checking === false);
    expect(text(page, '#not-allowed')).toContain('只有图书管理员和管理员');
    expect(wx.calls.filter((c) => c.name === 'catalogue')).toEqual([]);
  });

  it('我的 offers 馆藏管理 to a librarian, not to a member', async () => {
    wx.openid = 'demo-librarian';
    const librarian = openPage('/pages/me/index').page;
    await waitFor(() => librarian.instance.data.state === 'ready');
    expect(text(librarian, '#admin-catalogue')).toContain('馆藏管理');
    expect(librarian.querySelector('#admin-members')).toBeUndefined(); // admins only

    wx.openid = 'demo-member';
    const member = openPage('/pages/me/index').page;
    await waitFor(() => member.instance.data.state === 'ready');
    expect(member.querySelector('#admin-catalogue')).toBeUndefined();
  });

  it('a librarian (not an admin) can open the book list', async () => {
    wx.openid = 'demo-librarian';
    const { page } = openPage('/admin/books/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    expect((page.instance.data.items as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('the book form', () => {
  it('refuses a wrong ISBN checksum at once, without asking the cloud', async () => {
    const page = await openForm();
    const bad = withBadCheckDigit(randomIsbn13());
    await fire(page, '#isbn', 'change', bad);
    expect(text(page, '#isbn')).toContain('ISBN 校验位不正确');
    await fire(page, '#isbn', 'change', '978-7-01');
    expect(text(page, '#isbn')).not.toContain('校验位'); // still typing: no error yet
    await fire(page, '#isbn', 'blur', {});
    expect(text(page, '#isbn')).toContain('ISBN 应为 10 位或 13 位');
    expect(actions('lookupIsbn')).toEqual([]);

    // Saving with it is refused here too, with the required fields named.
    await fire(page, '#isbn', 'change', bad);
    await tap(page, '#save');
    expect(text(page, '#form-error')).toContain('请先改正上面标红的内容');
    expect(text(page, '#title')).toContain('请填写书名');
    expect(text(page, '#author')).toContain('请填写作者');
    expect(text(page, '#category')).toContain('请选择图书分类');
    expect(actions('saveBook')).toEqual([]);
  });

  it('adds a book with a valid ISBN (scanned), then offers it when the same ISBN is entered again', async () => {
    const isbn = randomIsbn13();
    const title = unique('测试新书');
    const page = await openForm();
    media.scans.push(isbn);
    await tap(page, '#scan-isbn');
    await waitFor(() => text(page, '#isbn-new').includes('馆藏中还没有这本书'));
    expect(actions('lookupIsbn')[0]?.event).toMatchObject({ isbn });

    await fire(page, '#title', 'change', title);
    await fire(page, '#author', 'change', '埃德加·斯诺');
    await fire(page, '#translator', 'change', '董乐山');
    await fire(page, '#publisher', 'change', '人民文学出版社');
    await fire(page, '#year', 'change', '2016');
    await pickCategory(page, '党史党建');
    await fire(page, '#tags', 'change', '长征，红色经典、纪实');
    await tap(page, '#save');
    const bookId = await waitFor(() => page.instance.data.bookId as string);
    // Copies are next: offered at once, and the entry stays on the form.
    await waitFor(() => media.modals.some((m) => m.title === `已添加《${title}》`));
    expect(wx.navigations.at(-1)).toEqual({
      kind: 'navigateTo',
      url: `/admin/copies/index?bookId=${bookId}`,
    });
    await waitFor(() => page.querySelector('#copies'));

    const { book } = await callOk('catalogue', 'lookupIsbn', { isbn }, TEST_ADMIN_OPENID);
    expect(book).toMatchObject({
      _id: page.instance.data.bookId,
      isbn13: isbn,
      title,
      translator: '董乐山',
      year: 2016,
      tags: ['长征', '红色经典', '纪实'],
    });

    // A second form with the same ISBN (typed with hyphens) offers the existing book.
    const again = await openForm();
    await fire(again, '#isbn', 'change', `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4)}`);
    await waitFor(() =>
      text(again, '#duplicate-dialog').includes(`该 ISBN 已在馆藏中：《${title}》，去编辑它？`),
    );
    await answerDialog(again, '#duplicate-dialog');
    expect(wx.navigations.at(-1)).toEqual({
      kind: 'redirectTo',
      url: `/admin/book-edit/index?bookId=${book!._id}`,
    });
    expect(actions('saveBook')).toHaveLength(1);
  });

  it('edits a book and shows the server refusal as it is', async () => {
    const book = await makeBook(unique('待编辑'));
    const page = await openForm({ bookId: book._id });
    expect(page.instance.data.form).toMatchObject({ title: book.title, author: '测试作者' });
    await fire(page, '#summary', 'change', '修改后的简介');
    await tap(page, '#save');
    await waitFor(() => wx.toasts.includes('已保存'));
    expect((await callOk('catalogue', 'book', { bookId: book._id }, 'demo-member')).book.summary).toBe(
      '修改后的简介',
    );

    await fire(page, '#title', 'change', '书'.repeat(201));
    await tap(page, '#save');
    await waitFor(() => text(page, '#form-error').includes('书名不能超过 200 个字'));
  });

  it('uploads a cover to cloud storage and saves its file ID', async () => {
    const book = await makeBook(unique('封面书'));
    const file = path.join(os.tmpdir(), `cover-${process.pid}.png`);
    writeFileSync(file, placeholderCode({ scene: 'cover', page: book._id }));
    const page = await openForm({ bookId: book._id });

    media.chosen = { path: file, size: 3 * 1024 * 1024 };
    await tap(page, '#choose-cover');
    await waitFor(() => wx.toasts.includes('图片不能超过 2 MB，请裁剪或换一张'));
    expect(media.uploads).toEqual([]);

    media.chosen = { path: file };
    await tap(page, '#choose-cover');
    const cover = await waitFor(() => (page.instance.data.form as { cover: string }).cover);
    expect(cover).toMatch(/^cloud:\/\/local\.local-storage\/covers\/\d{6}\/\w+\.png$/);
    expect(page.querySelector('#cover-image')?.dom.innerHTML).toContain(cover);
    await tap(page, '#save');
    await waitFor(() => wx.toasts.includes('已保存'));
    expect((await callOk('catalogue', 'book', { bookId: book._id }, 'demo-member')).book.cover).toBe(cover);
  });

  it('in local mode uploads with wx.uploadFile and stores a URL the <image> can show', async () => {
    const file = path.join(os.tmpdir(), `cover-local-${process.pid}.png`);
    const content = placeholderCode({ scene: 'local', page: 'x' });
    writeFileSync(file, content);
    openPage('/admin/book-edit/index'); // loads the mini-program's modules fresh
    /* eslint-disable @typescript-eslint/no-require-imports -- the modules the page just loaded */
    const { config } = require(path.join(MINIPROGRAM_ROOT, 'config')) as typeof ConfigModule;
    const storage = require(path.join(MINIPROGRAM_ROOT, 'services', 'storage')) as typeof StorageModule;
    /* eslint-enable @typescript-eslint/no-require-imports */
    config.transport = 'local';
    config.localUrl = localCloudUrl();
    const res = await storage.uploadImage(
      { path: file, size: content.length, extension: 'png' },
      'covers/test/local.png',
    );
    expect(res).toEqual({
      ok: true,
      data: {
        src: `${localCloudUrl()}/storage/covers/test/local.png`,
        fileID: 'cloud://local.local-storage/covers/test/local.png',
      },
    });
    expect(media.uploads).toEqual([{ transport: 'local', cloudPath: 'covers/test/local.png' }]);
    const got = await fetchBuffer(res.ok ? res.data.src : '');
    expect(got.equals(content)).toBe(true);
    expect(storage.checkImage('/tmp/a.bmp', 10)).toEqual({
      ok: false,
      message: '只能上传 jpg、png、webp 或 gif 图片',
    });
  });
});

/** GET over node's http (jsdom has no fetch). */
function fetchBuffer(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

describe('copies', () => {
  async function openCopies(bookId: string): Promise<SimComponent> {
    const { page } = openPage('/admin/copies/index', { bookId });
    await waitFor(() => page.instance.data.loadState === 'ready');
    return page;
  }

  it('adds copies by scanning one after another (duplicates refused) and by generating barcodes', async () => {
    const book = await makeBook(unique('复本书'));
    const page = await openCopies(book._id);
    const tag = unique('T').toUpperCase();
    media.scans.push(`${tag}-1`, `${tag.toLowerCase()}-2`, `${tag}-1`);
    await tap(page, '#scan');
    // The camera reopens after each label; the repeated one is refused and ends the run.
    await waitFor(() => wx.toasts.includes(`条码 ${tag}-1 已在列表中`), 5000);
    expect(page.instance.data.scanned).toEqual([`${tag}-1`, `${tag}-2`]);
    await fire(page, '#typed', 'change', `${tag}-3`);
    await tap(page, '#add-typed');
    await tap(page, `#scanned-${tag}-2 .scanned__remove`);
    expect(page.instance.data.scanned).toEqual([`${tag}-1`, `${tag}-3`]);

    await fire(page, '#location', 'change', '二楼党史专架');
    await fire(page, '#source', 'change', 'unitDonation');
    await fire(page, '#donor', 'change', '市委组织部');
    await tap(page, '#add-copies');
    await waitFor(() => (page.instance.data.copies as unknown[]).length === 2);
    expect(wx.toasts).toContain('已添加 2 个复本');
    expect(text(page, `#copy-${tag}-1`)).toContain('在架');
    expect(text(page, `#copy-${tag}-1`)).toContain('二楼党史专架 · 单位捐赠（市委组织部）');

    // A label already on this book is refused before anything is sent.
    await fire(page, '#typed', 'change', `${tag}-3`);
    await tap(page, '#add-typed');
    expect(text(page, '#typed')).toContain(`条码 ${tag}-3 已是这本书的复本`);

    await fire(page, '#add-mode', 'change', { name: 'count' });
    await fire(page, '#count', 'change', 3);
    await tap(page, '#add-copies');
    await waitFor(() => (page.instance.data.copies as unknown[]).length === 5);
    expect(page.instance.data.locations).toContain('二楼党史专架'); // offered next time

    const detail = await callOk('catalogue', 'book', { bookId: book._id }, 'demo-member');
    expect(detail.copies).toHaveLength(5);
    expect(detail.book).toMatchObject({ available: 5, total: 5 });
    expect(actions('addCopies').map((c) => c.event.barcodes ?? c.event.count)).toEqual([
      [`${tag}-1`, `${tag}-3`],
      3,
    ]);
  });

  it('changes a copy status after a confirmation for 丢失, and to 维修 without one', async () => {
    const book = await makeBook(unique('状态书'));
    const barcode = unique('S').toUpperCase();
    await callOk(
      'catalogue',
      'addCopies',
      { bookId: book._id, barcodes: [barcode], location: '一楼', source: 'purchase' },
      TEST_ADMIN_OPENID,
    );
    const page = await openCopies(book._id);
    const status = async () => (await callOk('catalogue', 'copy', { barcode }, 'demo-member')).copy.status;

    await tap(page, `#copy-${barcode}`);
    await waitFor(() => page.instance.data.target);
    await fire(page, '#new-status', 'change', 'lost');
    wx.modalAnswers.push({ confirm: false });
    await answerDialog(page, '#change-dialog');
    await waitFor(() => media.modals.length === 1);
    expect(media.modals[0]?.title).toBe('确认标记为“丢失”？');
    expect(page.instance.data.target).not.toBeNull(); // still open, nothing sent
    expect(actions('updateCopy')).toEqual([]);
    expect(await status()).toBe('available');

    await fire(page, '#reason', 'change', '读者报失');
    await answerDialog(page, '#change-dialog'); // the modal answers "confirm" this time
    await waitFor(() => page.instance.data.target === null);
    expect(media.modals).toHaveLength(2); // asked again, confirmed this time
    expect(await status()).toBe('lost');
    await waitFor(() => text(page, `#copy-${barcode}`).includes('丢失'));
    expect(actions('updateCopy')[0]?.event).toMatchObject({ status: 'lost', reason: '读者报失' });

    await tap(page, `#copy-${barcode}`);
    await fire(page, '#new-status', 'change', 'inRepair');
    await fire(page, '#new-location', 'change', '修补室');
    await answerDialog(page, '#change-dialog');
    await waitFor(() => text(page, `#copy-${barcode}`).includes('维修'));
    expect(media.modals).toHaveLength(2); // 维修 needs no confirmation
    expect((await callOk('catalogue', 'copy', { barcode }, 'demo-member')).copy).toMatchObject({
      status: 'inRepair',
      location: '修补室',
    });
  });
});

describe('categories', () => {
  it('adds a category, moves it up and down (the order is saved), and shows why one in use cannot go', async () => {
    const { page } = openPage('/admin/categories/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    const name = unique('测试分类');
    await fire(page, '#new-name', 'change', name);
    await tap(page, '#add');
    const added = await waitFor(() =>
      (page.instance.data.items as BookCategory[]).find((c) => c.name === name),
    );
    const indexOf = async () => (await categories()).findIndex((c) => c._id === added._id);
    const before = await indexOf();

    await tap(page, `#up-${added._id}`);
    await waitFor(() => actions('orderCategories').length === 1 && !page.instance.data.moving);
    expect(await indexOf()).toBe(before - 1);
    const shown = (page.instance.data.items as BookCategory[]).map((c) => c._id);
    expect(shown).toEqual((await categories()).map((c) => c._id));

    await tap(page, `#down-${added._id}`);
    await waitFor(() => actions('orderCategories').length === 2 && !page.instance.data.moving);
    expect(await indexOf()).toBe(before);

    // A category books use: the server refuses and its message is shown in full.
    const used = (page.instance.data.items as BookCategory[]).find((c) => c.name === '党史党建')!;
    await tap(page, `#remove-${used._id}`);
    await waitFor(() => text(page, '#remove-dialog').includes('还有图书属于这个分类时不能删除'));
    await answerDialog(page, '#remove-dialog');
    await waitFor(() => media.modals.length === 1);
    expect(media.modals[0]).toMatchObject({ title: '不能删除“党史党建”' });
    expect(media.modals[0]?.content).toMatch(/分类“党史党建”下还有 \d+ 种图书/);

    await tap(page, `#remove-${added._id}`);
    await answerDialog(page, '#remove-dialog');
    await waitFor(() => !page.querySelector(`#category-${added._id}`));
    expect(await indexOf()).toBe(-1);
  });
});

describe('booklists', () => {
  it('creates a recommended list with a searched book and a comment, then orders it in the list', async () => {
    const title = unique('测试荐书');
    const book = await makeBook(unique('荐读书'));
    const { page } = openPage('/admin/booklist-edit/index');
    await waitFor(() => page.instance.data.loadState === 'ready');
    await tap(page, '#save');
    expect(text(page, '#title')).toContain('请填写书单名称');

    await fire(page, '#kind', 'change', 'recommended');
    await fire(page, '#title', 'change', title);
    await fire(page, '#curator', 'change', '李书记');
    await fire(page, '#curator-unit', 'change', '机关党委');
    await fire(page, '#featured', 'change', true);
    await fire(page, '#book-search', 'search', book.title);
    await waitFor(() => page.querySelector(`#add-${book._id}`));
    await tap(page, `#add-${book._id}`);
    expect(text(page, `#add-${book._id}`)).toContain('已加入');
    await fire(page, `#comment-${book._id}`, 'change', '值得一读');
    await tap(page, '#save');
    const booklistId = await waitFor(() => page.instance.data.booklistId as string);

    const detail = await callOk('catalogue', 'booklist', { booklistId }, 'demo-member');
    expect(detail.booklist).toMatchObject({
      title,
      kind: 'recommended',
      curator: '李书记',
      curatorUnit: '机关党委',
      featured: true,
      items: [{ bookId: book._id, comment: '值得一读' }],
    });

    const list = openPage('/admin/booklists/index').page;
    await waitFor(() => list.instance.data.listState === 'ready');
    const ids = () => (list.instance.data.items as { _id: string }[]).map((b) => b._id);
    const at = ids().indexOf(booklistId);
    expect(at).toBeGreaterThan(0); // new lists go last
    expect(text(list, `#booklist-${booklistId}`)).toContain('领导荐书');
    await tap(list, `#up-${booklistId}`);
    await waitFor(() => actions('orderBooklists').length === 1 && !list.instance.data.moving);
    const saved = (await callOk('catalogue', 'booklists', {}, 'demo-member')).items.map((b) => b._id);
    expect(saved.indexOf(booklistId)).toBe(at - 1);
  });
});

describe('the book list', () => {
  it('finds a book by search and opens it; 扫码查找 opens a book by ISBN, a new form, or a copy', async () => {
    const isbn = randomIsbn13();
    const book = await makeBook(unique('扫码书'), isbn);
    const barcode = unique('F').toUpperCase();
    await callOk(
      'catalogue',
      'addCopies',
      { bookId: book._id, barcodes: [barcode], location: '一楼', source: 'purchase' },
      TEST_ADMIN_OPENID,
    );
    const { page } = openPage('/admin/books/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    await fire(page, '#search', 'search', book.title);
    await waitFor(() => page.querySelector(`#book-${book._id}`));
    expect(text(page, `#book-${book._id}`)).toContain(`ISBN ${isbn}`);
    await tap(page, `#book-${book._id}`);
    expect(wx.navigations.at(-1)?.url).toBe(`/admin/book-edit/index?bookId=${book._id}`);

    media.scans.push(isbn);
    await tap(page, '#scan-find');
    await waitFor(() => wx.navigations.length === 2);
    expect(wx.navigations.at(-1)?.url).toBe(`/admin/book-edit/index?bookId=${book._id}`);

    const unknown = randomIsbn13();
    media.scans.push(unknown);
    await tap(page, '#scan-find');
    await waitFor(() => wx.navigations.length === 3);
    expect(wx.navigations.at(-1)?.url).toBe(`/admin/book-edit/index?isbn=${unknown}`);

    media.scans.push(barcode.toLowerCase());
    await tap(page, '#scan-find');
    await waitFor(() => wx.navigations.length === 4);
    expect(wx.navigations.at(-1)?.url).toBe(`/admin/copies/index?bookId=${book._id}`);

    media.scans.push('NO-SUCH-COPY-1');
    await tap(page, '#scan-find');
    await waitFor(() => wx.toasts.some((t) => t.includes('没有找到条码为')));

    // The new form comes with the scanned ISBN, already checked.
    const form = await openForm({ isbn: unknown });
    await waitFor(() => form.instance.data.isbnNew);
    expect((form.instance.data.form as { isbn: string }).isbn).toBe(unknown);
  });

  it('pages on at the bottom without repeats, and keeps only the newest search', async () => {
    const word = unique('分页');
    const made = [];
    for (let i = 1; i <= 23; i++) made.push(await makeBook(`${word}第${i}册`));
    const { page } = openPage('/admin/books/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    const ids = () => (page.instance.data.items as { _id: string }[]).map((b) => b._id);

    // Two searches in a row: whichever answers last, the list is the second one's.
    await fire(page, '#search', 'search', '量子色动力学');
    await fire(page, '#search', 'search', word);
    await waitFor(() => page.instance.data.listState === 'ready' && ids().length > 0);
    expect(ids()).toHaveLength(20);
    expect(page.instance.data.hasMore).toBe(true);

    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitFor(() => ids().length === 23 && !page.instance.data.loadingMore);
    expect(page.instance.data.hasMore).toBe(false);
    expect(new Set(ids())).toEqual(new Set(made.map((b) => b._id)));
    expect(actions('search').filter((c) => c.event.page === 2)).toHaveLength(1);
  });
});
