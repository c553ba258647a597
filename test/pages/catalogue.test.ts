/**
 * The catalogue's member pages against the real local cloud: the 书目 tab (seed data), search results with
 * paging, the empty result, the book page's live holdings, the booklist page. Data a test needs beyond the
 * seed is created through the `catalogue` function as the test admin.
 */
import type { BookSummary } from '../../typings';
import { callOk } from '../support/cloud';
import { localCloudUrl, TEST_ADMIN_OPENID } from '../support/env';
import { fire, lifecycle, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';
import {
  catalogueWx,
  newBook,
  removeBookRecord,
  uniqueWord,
  type ShareMenuOptions,
} from '../support/catalogue-pages';

let wx: WxShim;
let titles: string[];
let shareMenus: ShareMenuOptions[];

beforeEach(() => {
  wx = installWx(localCloudUrl(), 'demo-member');
  ({ titles, shareMenus } = catalogueWx());
});

describe('书目 tab', () => {
  async function openTab(): Promise<SimComponent> {
    const { page } = openPage('/pages/catalogue/index');
    await waitFor(() => page.instance.data.state !== 'loading');
    return page;
  }

  it('shows the categories in order, the featured shelves and booklists, and new arrivals', async () => {
    const page = await openTab();
    const { items: categories } = await callOk('catalogue', 'categories', {}, 'demo-member');
    const tiles = page.querySelectorAll('.category').map((tile) => (tile.dom.textContent ?? '').trim());
    expect(tiles).toEqual(categories.map((c) => c.name));
    expect(tiles.slice(0, 8)).toEqual([
      '马列理论',
      '党史党建',
      '政治读物',
      '综合读物',
      '廉政建设',
      '人文社科',
      '文学艺术',
      '民族文化',
    ]);

    expect(text(page, '#booklist-booklist-party-history-shelf')).toContain('专架');
    expect(text(page, '#booklist-booklist-party-history-shelf')).toContain('党史图书专架');
    const leader = text(page, '#booklist-booklist-leader-recommends');
    expect(leader).toContain('领导荐书');
    expect(leader).toContain('推荐人：王建国 · 州直机关工委');
    expect(leader).toContain('共 4 本');
    expect(leader).toContain('《乡土中国》《置身事内》《平凡的世界》');
    expect(text(page, '#booklist-booklist-must-read')).toContain('必读书目');

    const arrivals = page.instance.data.newArrivals as BookSummary[];
    expect(arrivals.length).toBeGreaterThan(0);
    const first = arrivals[0];
    expect(text(page, `#new-${first._id}`)).toContain(first.title);
    expect(text(page, `#new-${first._id}`)).toMatch(/可借 \d+ \/ 共 \d+|暂无可借|暂无馆藏/);

    await tap(page, `#new-${first._id}`);
    expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: `/pages/book/index?id=${first._id}` });
    await tap(page, '#category-1');
    const category = categories[1];
    expect(wx.navigations).toContainEqual({
      kind: 'navigateTo',
      url: `/pages/search/index?categoryId=${category._id}&categoryName=${encodeURIComponent(category.name)}`,
    });
    await tap(page, '#booklist-booklist-leader-recommends');
    expect(wx.navigations).toContainEqual({
      kind: 'navigateTo',
      url: '/pages/booklist/index?id=booklist-leader-recommends',
    });
    await tap(page, '#search-bar');
    expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages/search/index?focus=1' });
  });

  it('says what went wrong when the cloud cannot be reached, and recovers on 重试', async () => {
    wx.cloudUrl = 'http://127.0.0.1:9';
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = await openTab();
    warn.mockRestore();
    expect(page.instance.data.state).toBe('error');
    expect(text(page, '#load-error')).toContain('网络异常，请稍后重试');

    wx.cloudUrl = localCloudUrl();
    const errorState = page.querySelector('#load-error');
    if (!errorState) throw new Error('no error state');
    await tap(errorState, '#state-action');
    await waitFor(() => page.instance.data.state === 'ready');
    expect(page.querySelectorAll('.category').length).toBeGreaterThanOrEqual(8);
  });
});

describe('search results', () => {
  const ready = (page: SimComponent) =>
    waitFor(() => page.instance.data.listState === 'ready' && !page.instance.data.loadingMore);

  it('pages on reach-bottom without repeating a book, and ends with 没有更多了', async () => {
    const word = uniqueWord();
    const created: string[] = [];
    for (let n = 1; n <= 25; n++) {
      const book = await newBook({ title: `分页样书 ${word} 第${n}册`, copies: n === 1 ? 2 : 0 });
      created.push(book._id);
    }
    const { page } = openPage('/pages/search/index', { q: word });
    await ready(page);
    expect((page.instance.data.items as BookSummary[]).length).toBe(20);
    expect(page.instance.data.hasMore).toBe(true);
    expect(text(page, '#results')).toContain('上拉加载更多');
    expect(page.querySelector('#no-more')).toBeUndefined();

    lifecycle(page, 'onReachBottom');
    lifecycle(page, 'onReachBottom'); // a second scroll while the page is loading asks nothing more
    await ready(page);
    const items = page.instance.data.items as BookSummary[];
    const ids = items.map((b) => b._id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...created].sort());
    expect(text(page, '#no-more')).toBe('没有更多了');
    expect(wx.calls.filter((c) => c.name === 'catalogue' && c.event.action === 'search')).toHaveLength(2);

    const withCopies = created[0];
    expect(text(page, `#result-${withCopies}`)).toContain('可借 2 / 共 2');
    expect(text(page, `#result-${withCopies}`)).toContain('测试作者 · 测试出版社 · 2020');
    expect(text(page, `#result-${created[1]}`)).toContain('暂无馆藏');
    await tap(page, `#result-${withCopies}`);
    expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: `/pages/book/index?id=${withCopies}` });
  });

  it('searches what the member types (pinyin works because the server does it)', async () => {
    const { page } = openPage('/pages/search/index', { focus: '1' });
    await waitFor(() => text(page, '#tips').includes('拼音'));
    await fire(page, '#search', 'change', 'hongxing');
    await tap(page, '#search-submit');
    await ready(page);
    expect(text(page, '#results')).toContain('红星照耀中国');
  });

  it('filters by 只看可借, and an empty result suggests what to try', async () => {
    const word = uniqueWord();
    const onShelf = await newBook({ title: `在架样书 ${word}`, copies: 1 });
    const out = await newBook({ title: `借空样书 ${word}`, copies: 1 });
    const { copies } = await callOk('catalogue', 'book', { bookId: out._id }, TEST_ADMIN_OPENID);
    await callOk('catalogue', 'updateCopy', { copyId: copies[0]._id, status: 'inRepair' }, TEST_ADMIN_OPENID);

    const { page } = openPage('/pages/search/index', { q: word });
    await ready(page);
    expect(text(page, `#result-${out._id}`)).toContain('暂无可借 · 共 1 本');
    await tap(page, '#only-available');
    await ready(page);
    expect((page.instance.data.items as BookSummary[]).map((b) => b._id)).toEqual([onShelf._id]);

    await fire(page, '#search', 'change', `${word}没有这本书`);
    await tap(page, '#search-submit');
    await ready(page);
    expect(text(page, '#list-empty')).toContain('只看可借');
    const empty = page.querySelector('#list-empty');
    if (!empty) throw new Error('no empty state');
    await tap(empty, '#state-action'); // 清除筛选
    await ready(page);
    expect(page.instance.data.available).toBe(false);
    const message = text(page, '#list-empty');
    expect(message).toContain(`没有找到“${word}没有这本书”`);
    expect(message).toContain('拼音');
    expect(message).toContain('首字母');
    expect(message).toContain('ISBN');
  });
});

describe('book page', () => {
  it('shows details and holdings, and the counts follow copy status on show and on pull-down', async () => {
    const location = `三楼${uniqueWord()}阅览室`;
    const book = await newBook({
      title: '实践论',
      subtitle: '论认识和实践的关系',
      copies: 2,
      location,
      tags: ['哲学'],
      summary: '长'.repeat(200),
    });
    const { page } = openPage('/pages/book/index', { id: book._id });
    await waitFor(() => page.instance.data.state === 'ready');
    expect(text(page, '#book-title')).toBe('实践论');
    expect(text(page, '#book-subtitle')).toBe('论认识和实践的关系');
    expect(text(page, '#cover-placeholder')).toContain('实践论');
    expect(text(page, '#details')).toContain('测试出版社');
    expect(text(page, '#details')).toContain('哲学');
    expect(text(page, '#summary-toggle')).toBe('展开全文');
    expect(text(page, '#availability')).toBe('可借 2 本 / 共 2 本');
    expect(text(page, '#holding-0')).toBe(`${location}可借 2 / 共 2`);
    await waitFor(() => text(page, '#action-bar').includes('扫码借阅')); // circulation.test.ts tests the states
    expect(shareMenus).toContainEqual(
      expect.objectContaining({ menus: ['shareAppMessage', 'shareTimeline'] }),
    );
    expect(lifecycle(page, 'onShareAppMessage')).toEqual({
      title: '《实践论》 测试作者',
      path: `/pages/book/index?id=${book._id}`,
    });
    expect(lifecycle(page, 'onShareTimeline')).toEqual({ title: '《实践论》', query: `id=${book._id}` });

    const { copies } = await callOk('catalogue', 'book', { bookId: book._id }, TEST_ADMIN_OPENID);
    await callOk('catalogue', 'updateCopy', { copyId: copies[0]._id, status: 'inRepair' }, TEST_ADMIN_OPENID);
    expect(text(page, '#availability')).toBe('可借 2 本 / 共 2 本'); // nothing changes by itself
    lifecycle(page, 'onShow'); // back from another page
    await waitFor(() => text(page, '#availability') === '可借 1 本 / 共 2 本');
    expect(text(page, '#holding-0')).toBe(`${location}可借 1 / 共 2`);

    await callOk('catalogue', 'updateCopy', { copyId: copies[1]._id, status: 'lost' }, TEST_ADMIN_OPENID);
    lifecycle(page, 'onPullDownRefresh');
    await waitFor(() => text(page, '#availability').startsWith('暂无可借'));
    expect(text(page, '#availability')).toContain('共 1 本');
    expect(text(page, '#holding-0')).toBe(`${location}可借 0 / 共 1`);
  });

  it('says so when the book is not in the catalogue', async () => {
    const { page } = openPage('/pages/book/index', { id: 'no-such-book' });
    await waitFor(() => page.instance.data.state !== 'loading');
    expect(text(page, '#missing')).toContain('这本书已下架或不存在');
  });
});

describe('booklist page', () => {
  it('shows the curator, and the books in order with the curator’s comment under each', async () => {
    const word = uniqueWord();
    const books = [
      await newBook({ title: `书单甲 ${word}`, copies: 1 }),
      await newBook({ title: `书单乙 ${word}`, copies: 0 }),
      await newBook({ title: `书单丙 ${word}`, copies: 1 }),
    ];
    const { booklist } = await callOk(
      'catalogue',
      'saveBooklist',
      {
        kind: 'recommended',
        title: `测试荐书 ${word}`,
        description: '三本书，按推荐顺序。',
        curator: '李明',
        curatorUnit: '测试局',
        featured: false,
        items: [
          { bookId: books[2]._id, comment: '先读这一本。' },
          { bookId: books[0]._id, comment: '' },
          { bookId: books[1]._id, comment: '最后读。' },
        ],
      },
      TEST_ADMIN_OPENID,
    );
    const { page } = openPage('/pages/booklist/index', { id: booklist._id });
    await waitFor(() => page.instance.data.state === 'ready');
    expect(text(page, '#booklist-title')).toBe(`测试荐书 ${word}`);
    expect(text(page, '#booklist-head')).toContain('领导荐书');
    expect(text(page, '#curator')).toBe('推荐人：李明 · 测试局');
    expect(text(page, '#description')).toBe('三本书，按推荐顺序。');
    expect(titles).toContain('领导荐书');

    expect(text(page, '#item-0')).toContain(`书单丙 ${word}`);
    expect(text(page, '#item-0')).toContain('先读这一本。');
    expect(text(page, '#item-1')).toContain(`书单甲 ${word}`);
    expect(page.querySelector('#comment-1')).toBeUndefined();
    expect(text(page, '#item-2')).toContain(`书单乙 ${word}`);
    expect(text(page, '#item-2')).toContain('最后读。');
    expect(text(page, '#item-2')).toContain('暂无馆藏');

    await tap(page, '#item-book-0');
    expect(wx.navigations).toContainEqual({
      kind: 'navigateTo',
      url: `/pages/book/index?id=${books[2]._id}`,
    });
  });

  it('keeps a book removed from the catalogue in its place as 该书已下架', async () => {
    const word = uniqueWord();
    const kept = await newBook({ title: `留下的书 ${word}`, copies: 1 });
    const removed = await newBook({ title: `撤下的书 ${word}`, copies: 0 });
    const { booklist } = await callOk(
      'catalogue',
      'saveBooklist',
      {
        kind: 'shelf',
        title: `测试专架 ${word}`,
        curatorUnit: '书屋测试',
        items: [
          { bookId: removed._id, comment: '曾经的推荐。' },
          { bookId: kept._id, comment: '' },
        ],
      },
      TEST_ADMIN_OPENID,
    );
    removeBookRecord(removed._id);
    const { page } = openPage('/pages/booklist/index', { id: booklist._id });
    await waitFor(() => page.instance.data.state === 'ready');
    expect(text(page, '#item-0')).toContain('该书已下架');
    expect(text(page, '#item-0')).toContain('曾经的推荐。');
    expect(page.querySelector('#item-book-0')).toBeUndefined();
    expect(text(page, '#item-1')).toContain(`留下的书 ${word}`);
    expect(text(page, '#booklist-head')).toContain('编选：书屋测试');
  });
});
