/**
 * The member pages of circulation against the real local cloud: 我的借阅 (a loan made through the function,
 * its due date and days left, renewal), 我的预约 (queue position, ready for pickup, cancel), the book page's
 * 借阅 / 预约 state in each situation, scan-to-borrow from 首页 (a retry after a lost answer lends once), and
 * the counts on 我的. Each test makes its own members and books, so tests sharing the run's cloud never meet.
 * Overdue rendering is in circulation-format.test.ts (pure) and circulation-clock.test.ts (a private cloud
 * whose clock moves).
 */
import type { LoanItem, LoanRule } from '../../typings';
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';
import { catalogueWx } from '../support/catalogue-pages';
import { bookWithCopies, callAt, registerMember, uniqueTag } from '../support/circulation-admin';
import { newOpenid } from '../support/cloud';
import { localCloudUrl, TEST_ADMIN_OPENID } from '../support/env';
import { openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;
let media: AdminWx;

beforeEach(() => {
  wx = installWx(localCloudUrl(), 'nobody-yet');
  catalogueWx();
  media = installAdminWx(() => wx.cloudUrl);
});

const url = () => localCloudUrl();

/** A newly registered member (the test cloud approves registrations at once); they use the pages. */
async function member(name = '测试读者'): Promise<{ openid: string; memberCode: string }> {
  const openid = newOpenid('circ');
  const registered = await registerMember(url(), openid, name);
  expect(registered.status).toBe('active');
  return { openid, memberCode: registered.memberCode };
}

/** A new book with `copies` labelled copies, added by the test admin. */
const book = (copies: number) => bookWithCopies(url(), TEST_ADMIN_OPENID, `流通样书 ${uniqueTag()}`, copies);

const borrow = (openid: string, barcode: string) =>
  callAt(url(), 'circulation', 'borrow', { barcode }, openid).then((res) => res.loan);

/** The rule the test members (党员) borrow under. */
async function memberRule(): Promise<LoanRule> {
  const settings = await callAt(url(), 'circulation', 'rules', {}, TEST_ADMIN_OPENID);
  return settings.categoryRules.find((r) => r.category === '党员')?.rule ?? settings.defaultRule;
}

/** A date as the member reads it: the China calendar day, "M月D日", with the year when not this year's. */
function chinaMonthDay(iso: string): string {
  const china = (ms: number) => new Date(ms + 8 * 3600_000);
  const d = china(Date.parse(iso));
  const day = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return d.getUTCFullYear() === china(Date.now()).getUTCFullYear() ? day : `${d.getUTCFullYear()}年${day}`;
}

async function open(route: string, query: Record<string, string> = {}, key = 'state'): Promise<SimComponent> {
  const { page } = openPage(route, query);
  await waitFor(() => page.instance.data[key] !== 'loading');
  return page;
}

/** Text inside the scan-to-borrow sheet (a component: its ids are not the page's). */
function sheetText(page: SimComponent, selector: string): string {
  const sheet = page.querySelector('#borrow');
  return sheet ? text(sheet, selector) : '';
}

const circulationCalls = (action: string) =>
  wx.calls.filter((c) => c.name === 'circulation' && c.event.action === action);

describe('我的借阅', () => {
  it('shows a loan with its due date and days left, and renewing moves the due date', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const { barcodes } = await book(1);
    const loan = await borrow(reader.openid, barcodes[0]);
    const rule = await memberRule();

    const page = await open('/pages/loans/index');
    const row = `#loan-${loan._id}`;
    expect(text(page, row)).toContain(`《${loan.title}》`);
    expect(text(page, row)).toContain(`应还 ${chinaMonthDay(loan.dueAt)}`);
    expect(text(page, `#due-label-${loan._id}`)).toBe(`还剩 ${rule.loanDays} 天`);
    expect(text(page, row)).toContain('未续借');
    expect(text(page, row)).toContain(`条码 ${barcodes[0]}`);
    expect(text(page, '#history-empty')).toContain('还没有归还过的书');

    await tap(page, `#renew-${loan._id}`);
    await waitFor(() => wx.toasts.some((t) => t.startsWith('续借成功')));
    expect(media.modals[0].title).toBe('续借这本书？');
    const { items } = await callAt(url(), 'circulation', 'myLoans', {}, reader.openid);
    const renewed = items.find((l) => l._id === loan._id) as LoanItem;
    expect(Date.parse(renewed.dueAt) - Date.parse(loan.dueAt)).toBe(rule.renewalDays * 86_400_000);
    await waitFor(() => text(page, row).includes('已续借 1 次'));
    expect(text(page, row)).toContain(`应还 ${chinaMonthDay(renewed.dueAt)}`);
    expect(text(page, `#due-label-${loan._id}`)).toBe(`还剩 ${rule.loanDays + rule.renewalDays} 天`);
    expect(wx.toasts).toContain(`续借成功，应还 ${chinaMonthDay(renewed.dueAt)}`);
    if (rule.renewals === 1) {
      // the one renewal is used: the button gives way to the server's reason
      expect(page.querySelector(`#renew-${loan._id}`)).toBeUndefined();
      expect(text(page, `#renew-refusal-${loan._id}`)).toBe(renewed.renewRefusal);
    }
  });

  it('does not renew when the member cancels the confirmation', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const { barcodes } = await book(1);
    const loan = await borrow(reader.openid, barcodes[0]);
    const page = await open('/pages/loans/index');
    wx.modalAnswers.push({ confirm: false });
    await tap(page, `#renew-${loan._id}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(circulationCalls('renew')).toEqual([]);
    expect(text(page, `#loan-${loan._id}`)).toContain('未续借');
  });

  it('lists returned loans under 借阅历史 and pages them on reaching the bottom', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const { barcodes } = await book(1);
    const returned: string[] = [];
    for (let n = 0; n < 21; n++) {
      const loan = await borrow(reader.openid, barcodes[0]);
      await callAt(url(), 'circulation', 'return', { barcode: barcodes[0] }, TEST_ADMIN_OPENID);
      returned.push(loan._id);
    }
    const current = await borrow(reader.openid, barcodes[0]);

    const page = await open('/pages/loans/index');
    expect(text(page, `#loan-${current._id}`)).toContain('还剩');
    expect((page.instance.data.history as unknown[]).length).toBe(19); // 20 a page, the current loan first
    expect(page.instance.data.hasMore).toBe(true);
    expect(text(page, '#history')).toContain('上拉加载更多');

    const onReachBottom = page.instance.onReachBottom as () => void;
    onReachBottom.call(page.instance);
    onReachBottom.call(page.instance); // a second scroll while loading asks nothing more
    await waitFor(() => page.instance.data.loadingMore === false && page.instance.data.hasMore === false);
    expect(circulationCalls('myLoans')).toHaveLength(2);
    const shown = (page.instance.data.history as { _id: string }[]).map((l) => l._id);
    expect([...shown].sort()).toEqual([...returned].sort());
    for (const id of returned) expect(text(page, `#history-${id}`)).toMatch(/借出 · .+ 归还/);
    expect(text(page, '#no-more')).toBe('没有更多了');
  });

  it('says what went wrong when the cloud cannot be reached, and recovers on 重试', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    wx.cloudUrl = 'http://127.0.0.1:9'; // nothing listens there
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = await open('/pages/loans/index');
    warn.mockRestore();
    expect(page.instance.data.state).toBe('error');
    expect(text(page, '#load-error')).toContain('网络异常，请稍后重试');
    wx.cloudUrl = url();
    const errorState = page.querySelector('#load-error');
    if (!errorState) throw new Error('no error state');
    await tap(errorState, '#state-action');
    await waitFor(() => page.instance.data.state === 'ready');
    expect(text(page, '#current-empty')).toContain('现在没有在借的书');
  });

  it('invites someone not registered to register', async () => {
    wx.openid = newOpenid('stranger');
    const page = await open('/pages/loans/index');
    expect(page.instance.data.state).toBe('register');
    const invite = page.querySelector('#register');
    if (!invite) throw new Error('no invitation');
    await tap(invite, '#state-action');
    expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages/register/index' });
  });
});

/** A book of one copy lent to someone else, so that nothing is on the shelf. */
async function bookOut(): Promise<{ bookId: string; barcode: string }> {
  const { bookId, barcodes } = await book(1);
  const other = await member('另一位读者');
  await borrow(other.openid, barcodes[0]);
  return { bookId, barcode: barcodes[0] };
}

const hold = (openid: string, bookId: string) =>
  callAt(url(), 'circulation', 'hold', { bookId }, openid).then((res) => res.hold);

const giveBack = (barcode: string) => callAt(url(), 'circulation', 'return', { barcode }, TEST_ADMIN_OPENID);

describe('我的预约', () => {
  it('shows the place in the queue, and cancelling (after confirming) ends the hold', async () => {
    const { bookId } = await bookOut();
    const first = await member('排第一');
    const second = await member('排第二');
    await hold(first.openid, bookId);
    const mine = await hold(second.openid, bookId);
    expect(mine.position).toBe(2);

    wx.openid = second.openid;
    const page = await open('/pages/holds/index');
    expect(text(page, `#hold-${mine._id}`)).toContain(`《${mine.title}》`);
    expect(text(page, `#position-${mine._id}`)).toBe('排在第 2 位');

    await tap(page, `#cancel-${mine._id}`);
    await waitFor(() => wx.toasts.includes('已取消预约'));
    expect(media.modals[0].title).toBe('取消这个预约？');
    await waitFor(() => page.querySelector('#open-empty'));
    expect(text(page, `#ended-${mine._id}`)).toContain('已取消');
    const { items } = await callAt(url(), 'circulation', 'myHolds', {}, second.openid);
    expect(items.find((h) => h._id === mine._id)?.status).toBe('cancelled');
  });

  it('tells the first in line where and until when the returned copy waits', async () => {
    const { bookId, barcode } = await bookOut();
    const reader = await member();
    const placed = await hold(reader.openid, bookId);
    const returned = await giveBack(barcode);
    expect(returned.hold?.holdId).toBe(placed._id);

    wx.openid = reader.openid;
    const page = await open('/pages/holds/index');
    expect(text(page, `#hold-${placed._id}`)).toContain('已到馆待取');
    expect(text(page, `#pickup-${placed._id}`)).toBe(
      `请于 ${chinaMonthDay(returned.hold?.readyUntil ?? '')}（含当天）前到书屋取书`,
    );
    expect(text(page, `#hold-${placed._id}`)).toContain(`条码 ${barcode}`);
  });
});

describe('the book page’s 借阅 / 预约', () => {
  const status = (page: SimComponent) => text(page, '#circulation-status');
  const action = (page: SimComponent) => text(page, '#circulation-action');
  const settled = (page: SimComponent) =>
    waitFor(
      () =>
        page.instance.data.state === 'ready' &&
        (page.instance.data.circulation as { kind: string }).kind !== 'loading',
    );

  async function openBook(bookId: string): Promise<SimComponent> {
    const { page } = openPage('/pages/book/index', { id: bookId });
    await settled(page);
    return page;
  }

  /** Taps a button inside the scan-to-borrow sheet. */
  async function tapSheet(page: SimComponent, selector: string): Promise<void> {
    const sheet = page.querySelector('#borrow');
    if (!sheet) throw new Error('no borrow sheet');
    await tap(sheet, selector);
  }

  it('offers 扫码借阅 when a copy is on the shelf; the scanned copy is confirmed, then lent', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const { bookId, barcodes } = await book(2);
    const page = await openBook(bookId);
    expect(status(page)).toBe('可借 2 本');
    expect(action(page)).toBe('扫码借阅');

    media.scans.push(barcodes[1]);
    await tap(page, '#circulation-action');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'confirm');
    const sheet = text(page, '#borrow');
    expect(sheet).toContain('借阅这本书？');
    expect(sheet).toContain(`条码 ${barcodes[1]} · 一楼测试架`);
    expect(circulationCalls('borrow')).toEqual([]); // nothing lent before the member confirms

    await tapSheet(page, '#borrow-ok');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'done');
    const { items } = await callAt(url(), 'circulation', 'myLoans', {}, reader.openid);
    expect(items.map((l) => l.barcode)).toEqual([barcodes[1]]);
    expect(sheetText(page, '#borrow-due')).toContain(`应还日期 ${chinaMonthDay(items[0].dueAt)}`);
    expect(wx.toasts).toContain('借阅成功');

    await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'loan');
    expect(status(page)).toBe(`已借阅 · 应还 ${chinaMonthDay(items[0].dueAt)}`);
    expect(action(page)).toBe('我的借阅');
    await tapSheet(page, '#borrow-finish');
    expect(page.instance.data.borrowSheet).toBeNull();
  });

  it('offers 预约 when none is on the shelf; the hold shows its place, and a returned copy shows ready', async () => {
    const { bookId, barcode } = await bookOut();
    const reader = await member();
    wx.openid = reader.openid;
    const page = await openBook(bookId);
    expect(status(page)).toBe('暂无可借，可以预约');
    expect(action(page)).toBe('预约');

    await tap(page, '#circulation-action');
    await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'waiting');
    expect(wx.toasts).toContain('预约成功，排在第 1 位');
    expect(status(page)).toBe('已预约 · 第 1 位');
    expect(page.querySelector('#cancel-hold')).toBeDefined();
    expect(action(page)).toBe('我的预约');

    await giveBack(barcode);
    const ready = await openBook(bookId);
    expect(status(ready)).toBe('已到馆待取');
    expect(text(ready, '#circulation-barcode')).toBe(`为你留的那本：条码 ${barcode}`);
    expect(action(ready)).toBe('扫码借阅');

    // the holder scans the copy set aside for them, and takes it
    media.scans.push(barcode);
    await tap(ready, '#circulation-action');
    await waitFor(() => (ready.instance.data.borrowSheet as { step: string } | null)?.step === 'confirm');
    await tapSheet(ready, '#borrow-ok');
    await waitFor(() => (ready.instance.data.circulation as { kind: string }).kind === 'loan');
    const { items } = await callAt(url(), 'circulation', 'myHolds', {}, reader.openid);
    expect(items[0].status).toBe('fulfilled');
  });

  it('cancels the member’s hold from the book page after confirming', async () => {
    const { bookId } = await bookOut();
    const reader = await member();
    await hold(reader.openid, bookId);
    wx.openid = reader.openid;
    const page = await openBook(bookId);
    expect(status(page)).toBe('已预约 · 第 1 位');
    await tap(page, '#cancel-hold');
    await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'hold');
    expect(wx.toasts).toContain('已取消预约');
    expect(action(page)).toBe('预约');
  });

  it('sends someone not registered to registration, and asks the circulation function nothing', async () => {
    const { bookId } = await book(1);
    wx.openid = newOpenid('visitor');
    const page = await openBook(bookId);
    expect(status(page)).toBe('登记后可借阅和预约');
    await tap(page, '#circulation-action');
    expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages/register/index' });
    expect(circulationCalls('bookCirculation')).toEqual([]);
  });
});

describe('扫码借书 on 首页', () => {
  it('scans, shows the book, lends on confirm, and a retry after a lost answer lends once', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const { barcodes } = await book(1);
    // The first borrow reaches the cloud, but its answer is lost on the way back.
    const cloud = (
      globalThis as unknown as {
        wx: { cloud: { callFunction: (o: { data?: Record<string, unknown> }) => Promise<unknown> } };
      }
    ).wx.cloud;
    const real = cloud.callFunction;
    let lost = 0;
    cloud.callFunction = async (options) => {
      const res = await real(options);
      if (options.data?.action === 'borrow' && lost++ === 0)
        throw new Error('cloud.callFunction:fail timeout');
      return res;
    };

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the lost answer
    const page = await open('/pages/home/index');
    expect(text(page, '#scan-borrow')).toContain('扫码借书');
    media.scans.push(barcodes[0]);
    await tap(page, '#scan-borrow');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'confirm');
    const sheet = page.querySelector('#borrow');
    if (!sheet) throw new Error('no borrow sheet');
    await tap(sheet, '#borrow-ok');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'failed');
    expect(sheetText(page, '#borrow-failed')).toContain('借阅结果未确认');

    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    await tap(sheet, '#borrow-retry');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'done');
    const borrows = circulationCalls('borrow');
    expect(borrows).toHaveLength(2);
    expect(borrows[0].event.requestId).toBeTruthy();
    expect(borrows[1].event.requestId).toBe(borrows[0].event.requestId);
    const { items } = await callAt(url(), 'circulation', 'myLoans', {}, reader.openid);
    expect(items.filter((l) => l.status === 'active')).toHaveLength(1);
    expect(sheetText(page, '#borrow-done')).toContain(`应还日期 ${chinaMonthDay(items[0].dueAt)}`);
    await waitFor(() => text(page, '#reading-count') === '在借 1 本');
  });

  it('says so when the scanned code is a book’s ISBN rather than the reading room’s label', async () => {
    const reader = await member();
    wx.openid = reader.openid;
    const page = await open('/pages/home/index');
    media.scans.push('9787020002207');
    await tap(page, '#scan-borrow');
    await waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === 'failed');
    expect(sheetText(page, '#borrow-message')).toContain('扫到的是图书的 ISBN 条码');
    expect(circulationCalls('borrow')).toEqual([]);
  });
});

describe('我的', () => {
  it('offers 我的借阅 and 我的预约 with the current counts', async () => {
    const reader = await member();
    const { barcodes } = await book(1);
    await borrow(reader.openid, barcodes[0]);
    const { bookId } = await bookOut();
    await hold(reader.openid, bookId);
    wx.openid = reader.openid;
    const page = await open('/pages/me/index');
    await waitFor(() => page.instance.data.loansValue && page.instance.data.holdsValue);
    expect(text(page, '#my-loans')).toContain('在借 1 本');
    expect(text(page, '#my-holds')).toContain('1 个排队中');
  });
});
