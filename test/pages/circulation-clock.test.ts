/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (test/support/clock.ts brings in the local cloud's store, whose mingo must load as CommonJS: node's export
 * conditions, not jsdom's browser ones.)
 */
/**
 * Circulation's member pages against a private local cloud of this file: reminder templates configured (so
 * the pages ask for subscription-message consent, only for the configured kinds, inside the tap), and a clock
 * moved past a due date (我的借阅 shows the loan overdue in red). The phone's clock is set to the cloud's, as
 * both follow real time in production.
 */
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';
import { catalogueWx } from '../support/catalogue-pages';
import { bookWithCopies, callAt, registerMember, uniqueTag } from '../support/circulation-admin';
import { advanceClock, cloudNow, privateCloud, type PrivateCloud, setPhoneDate } from '../support/clock';
import { newOpenid } from '../support/cloud';
import { openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

const LIBRARIAN = 'demo-librarian';
const TEMPLATES = { dueSoon: 'tmpl-due-soon', overdue: 'tmpl-overdue', holdReady: 'tmpl-hold-ready' };

let cloud: PrivateCloud;
let wx: WxShim;
let media: AdminWx;

beforeAll(async () => {
  // holdExpiring has no template here: it must not be asked for.
  cloud = await privateCloud({
    env: {
      REMINDER_TEMPLATE_DUE_SOON: TEMPLATES.dueSoon,
      REMINDER_TEMPLATE_OVERDUE: TEMPLATES.overdue,
      REMINDER_TEMPLATE_HOLD_READY: TEMPLATES.holdReady,
    },
  });
}, 60_000);

afterAll(async () => {
  jest.useRealTimers();
  await cloud?.stop();
});

beforeEach(() => {
  wx = installWx(cloud.url, 'nobody-yet');
  catalogueWx();
  media = installAdminWx(() => wx.cloudUrl);
});

async function member(): Promise<string> {
  const openid = newOpenid('circ-clock');
  await registerMember(cloud.url, openid, '测试读者');
  return openid;
}

const book = (copies: number) => bookWithCopies(cloud.url, LIBRARIAN, `提醒样书 ${uniqueTag()}`, copies);
const calls = (action: string) =>
  wx.calls.filter((c) => c.name === 'circulation' && c.event.action === action);
const sheetStep = (page: SimComponent) => (page.instance.data.borrowSheet as { step: string } | null)?.step;

async function scanAndConfirm(page: SimComponent, trigger: string, barcode: string): Promise<void> {
  media.scans.push(barcode);
  await tap(page, trigger);
  await waitFor(() => sheetStep(page) === 'confirm');
  const sheet = page.querySelector('#borrow');
  if (!sheet) throw new Error('no borrow sheet');
  await tap(sheet, '#borrow-ok');
  await waitFor(() => sheetStep(page) === 'done' || sheetStep(page) === 'failed');
}

describe('subscription-message consent', () => {
  it('asks for the loan’s reminders when the member confirms a borrow, and records what was accepted', async () => {
    wx.openid = await member();
    const { barcodes } = await book(1);
    const g = globalThis as unknown as { wx: { requestSubscribeMessage: (o: unknown) => unknown } };
    const ask = g.wx.requestSubscribeMessage;
    let borrowsWhenAsked = -1;
    g.wx.requestSubscribeMessage = (options) => {
      borrowsWhenAsked = calls('borrow').length;
      return ask(options);
    };
    const { page } = openPage('/pages/home/index');
    await waitFor(() => page.instance.data.state === 'ready');
    await scanAndConfirm(page, '#scan-borrow', barcodes[0]);
    expect(sheetStep(page)).toBe('done');
    expect(wx.subscribe.asked).toEqual([[TEMPLATES.dueSoon, TEMPLATES.overdue]]);
    await waitFor(() => calls('consent').length === 1);
    expect(calls('consent')[0].event.kinds).toEqual(['dueSoon', 'overdue']);
    expect(borrowsWhenAsked).toBe(0); // asked before the borrow went out
  });

  it('borrows all the same when the member refuses, and reports nothing', async () => {
    wx.openid = await member();
    wx.subscribe.answer = 'reject';
    const { barcodes } = await book(1);
    const { page } = openPage('/pages/home/index');
    await waitFor(() => page.instance.data.state === 'ready');
    await scanAndConfirm(page, '#scan-borrow', barcodes[0]);
    expect(sheetStep(page)).toBe('done');
    expect(wx.subscribe.asked).toHaveLength(1);
    expect(calls('consent')).toEqual([]);
  });

  it('asks only for the configured hold reminders when placing a hold', async () => {
    const { bookId, barcodes } = await book(1);
    await callAt(cloud.url, 'circulation', 'borrow', { barcode: barcodes[0] }, await member());
    wx.openid = await member();
    const { page } = openPage('/pages/book/index', { id: bookId });
    await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'hold');
    await tap(page, '#circulation-action');
    await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'waiting');
    expect(wx.subscribe.asked).toEqual([[TEMPLATES.holdReady]]);
    await waitFor(() => calls('consent').length === 1);
    expect(calls('consent')[0].event.kinds).toEqual(['holdReady']);
  });
});

describe('开启提醒 after a desk lend', () => {
  it('offers the loan reminders on 我的借阅 once, asks for them in the tap, and then stops offering', async () => {
    const openid = await member();
    const { memberCode } = (await callAt(cloud.url, 'user', 'me', {}, openid)).member;
    const { barcodes } = await book(1);
    await callAt(cloud.url, 'circulation', 'lend', { memberCode, barcode: barcodes[0] }, LIBRARIAN);
    wx.openid = openid;
    const { page } = openPage('/pages/loans/index');
    await waitFor(() => page.querySelector('#reminder-offer'));
    expect(text(page, '#reminder-offer')).toContain('开启还书提醒');
    expect(wx.subscribe.asked).toEqual([]); // nothing asked before the tap

    const offer = page.querySelector('#reminder-offer');
    if (!offer) throw new Error('no offer');
    await tap(offer, '#enable-reminders');
    expect(wx.subscribe.asked).toEqual([[TEMPLATES.dueSoon, TEMPLATES.overdue]]);
    await waitFor(() => calls('consent').length === 1 && calls('consent')[0].answered);
    expect(page.querySelector('#reminder-offer')).toBeUndefined();
    const { wanted } = await callAt(cloud.url, 'circulation', 'myReminders', {}, openid);
    expect(wanted).toEqual([]);

    const again = openPage('/pages/loans/index').page;
    await waitFor(() => again.instance.data.state === 'ready');
    await waitFor(() => calls('myReminders').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(again.querySelector('#reminder-offer')).toBeUndefined();
  });
});

describe('an overdue loan', () => {
  it('reads 逾期 N 天 in red on 我的借阅 and 首页, with the reason it cannot be renewed', async () => {
    const openid = await member();
    const { barcodes } = await book(1);
    const { loan } = await callAt(cloud.url, 'circulation', 'borrow', { barcode: barcodes[0] }, openid);
    const settings = await callAt(cloud.url, 'circulation', 'rules', {}, 'demo-admin');
    const rule = settings.categoryRules.find((r) => r.category === '党员')?.rule ?? settings.defaultRule;
    await advanceClock(cloud.url, { days: rule.loanDays + 3 });
    // the phone's calendar is the cloud's (only Date is faked: timers and the network run as usual)
    setPhoneDate(await cloudNow(cloud.url));
    try {
      wx.openid = openid;
      const { page } = openPage('/pages/loans/index');
      await waitFor(() => page.instance.data.state === 'ready');
      const badge = page.querySelector(`#due-label-${loan._id}`);
      expect(text(page, `#due-label-${loan._id}`)).toBe('逾期 3 天');
      expect(badge?.dom.getAttribute('class')).toContain('loan__badge--overdue');
      expect(page.querySelector(`#loan-${loan._id}`)?.dom.getAttribute('class')).toContain('loan--overdue');
      expect(page.querySelector(`#renew-${loan._id}`)).toBeUndefined();
      expect(text(page, `#renew-refusal-${loan._id}`)).toContain('已逾期');

      const home = openPage('/pages/home/index').page;
      await waitFor(() => text(home, '#reading-count') === '在借 1 本');
      expect(text(home, '#reading-next')).toContain('逾期 3 天');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('self-service borrowing switched off', () => {
  it('sends the member to the desk from the book page and from 扫码借书, and lends nothing', async () => {
    const settings = await callAt(cloud.url, 'circulation', 'rules', {}, 'demo-admin');
    await callAt(
      cloud.url,
      'circulation',
      'saveRules',
      { ...settings, selfServiceBorrow: false },
      'demo-admin',
    );
    try {
      wx.openid = await member();
      const { bookId, barcodes } = await book(1);
      const { page } = openPage('/pages/book/index', { id: bookId });
      await waitFor(() => (page.instance.data.circulation as { kind: string }).kind === 'desk');
      expect(text(page, '#circulation-note')).toBe('请到服务台借阅');
      expect(page.querySelector('#circulation-action')).toBeUndefined();

      const home = openPage('/pages/home/index').page;
      await waitFor(() => home.instance.data.state === 'ready');
      media.scans.push(barcodes[0]);
      await tap(home, '#scan-borrow');
      await waitFor(() => media.modals.length > 0);
      expect(media.modals[0].title).toBe('请到服务台借书');
      expect(media.scans).toEqual([barcodes[0]]); // the camera did not open
      expect(calls('borrow')).toEqual([]);
    } finally {
      await callAt(cloud.url, 'circulation', 'saveRules', settings, 'demo-admin');
    }
  });
});
