/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (test/support/clock.ts brings in the local cloud's store, whose mingo must load as CommonJS: node's export
 * conditions, not jsdom's browser ones.)
 */
/**
 * 逾期, 预约 and 借阅规则 against a private local cloud of this file (its clock moves to make loans overdue,
 * and rules saved here change nobody else's tests), and who may open the circulation admin pages.
 */
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';
import { bookWithCopies, callAt, lendAll, registerMember, uniqueTag } from '../support/circulation-admin';
import { advanceClock, cloudNow, privateCloud, type PrivateCloud, setPhoneDate } from '../support/clock';
import { newOpenid } from '../support/cloud';
import { answerDialog, fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

const LIBRARIAN = 'demo-librarian';
const ADMIN = 'demo-admin';

let cloud: PrivateCloud;
let wx: WxShim;
let media: AdminWx;

beforeAll(async () => {
  // An overdue template, so that a reminder can go out (into the local outbox).
  // No timer runs by themselves: a moved clock expires no hold behind the test's back.
  cloud = await privateCloud({
    env: { REMINDER_TEMPLATE_OVERDUE: 'test-overdue-template' },
    timers: false,
  });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  wx = installWx(cloud.url, LIBRARIAN);
  media = installAdminWx(() => wx.cloudUrl);
});

const circulationCalls = (action?: string) =>
  wx.calls.filter((c) => c.name === 'circulation' && (!action || c.event.action === action));

async function open(route: string, query: Record<string, string> = {}): Promise<SimComponent> {
  const { page } = openPage(route, query);
  await waitFor(() => page.instance.data.checking === false);
  return page;
}

/** Taps a van-switch as a finger would (it emits `change` with the new value). */
async function toggle(page: SimComponent, selector: string): Promise<void> {
  const inner = page.querySelector(selector)?.querySelector('.van-switch');
  if (!inner) throw new Error(`no switch ${selector}`);
  inner.dispatchEvent('tap');
  await new Promise((resolve) => setTimeout(resolve, 10));
}

async function newMember(name: string, category = '党员') {
  const openid = newOpenid('circ');
  const member = await registerMember(cloud.url, openid, name, category);
  return { openid, name, memberCode: member.memberCode };
}

describe('who may use the circulation admin pages', () => {
  it.each(['/admin/desk/index', '/admin/overdue/index', '/admin/holds/index', '/admin/loan-rules/index'])(
    '%s shows a member the no-permission state and asks the cloud nothing',
    async (route) => {
      wx.openid = 'demo-member';
      const page = await open(route);
      expect(page.instance.data.allowed).toBe(false);
      expect(text(page, '#not-allowed')).toMatch(/^只有/);
      expect(circulationCalls()).toEqual([]);
    },
  );

  it('借阅规则 is for admins only; a librarian is refused', async () => {
    const page = await open('/admin/loan-rules/index');
    expect(text(page, '#not-allowed')).toContain('只有管理员可以设置借阅规则');
    expect(circulationCalls()).toEqual([]);
  });

  it('我的 offers 借还台, 逾期 and 预约 to a librarian, 借阅规则 to an admin, none to a member', async () => {
    const me = async (openid: string) => {
      wx.openid = openid;
      const { page } = openPage('/pages/me/index');
      await waitFor(() => page.instance.data.state === 'ready');
      return page;
    };
    const librarian = await me(LIBRARIAN);
    expect(text(librarian, '#admin-desk')).toContain('借还台');
    expect(text(librarian, '#admin-overdue')).toContain('逾期');
    expect(text(librarian, '#admin-holds')).toContain('预约');
    expect(librarian.querySelector('#admin-loan-rules')).toBeUndefined();

    const admin = await me(ADMIN);
    expect(text(admin, '#admin-loan-rules')).toContain('借阅规则');
    expect(text(admin, '#admin-desk')).toContain('借还台');

    const member = await me('demo-member');
    for (const id of ['#admin-desk', '#admin-overdue', '#admin-holds', '#admin-loan-rules'])
      expect(member.querySelector(id)).toBeUndefined();
  });
});

describe('逾期 (the clock moved past the due date)', () => {
  it('lists the late loan, reminds once a day; the desk return shows lateness and suspension, 超限借出 passes it', async () => {
    const reader = await newMember(`逾期读者${uniqueTag()}`);
    const title = `逾期测试书${uniqueTag()}`;
    const { barcodes } = await bookWithCopies(cloud.url, LIBRARIAN, title, 2);
    const [barcode, spare] = barcodes as [string, string];
    await lendAll(cloud.url, LIBRARIAN, reader.memberCode, [barcode]);
    const { rule } = await callAt(
      cloud.url,
      'circulation',
      'deskMember',
      { memberCode: reader.memberCode },
      LIBRARIAN,
    );
    await advanceClock(cloud.url, { days: rule.loanDays + 3 });
    await callAt(cloud.url, 'circulation', 'consent', { kinds: ['overdue'] }, reader.openid);

    const page = await open('/admin/overdue/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    const row = text(page, `#loan-${barcode}`);
    expect(row).toContain(`《${title}》`);
    expect(row).toContain(`借阅人 ${reader.name}`);
    expect(row).toMatch(/逾期 (3|4) 天/);
    expect(row).toMatch(/应还 (\d+年)?\d+月\d+日/);

    await tap(page, `#remind-${barcode}`);
    await waitFor(() => media.modals.length === 1);
    expect(media.modals[0]!.title).toBe(`提醒 ${reader.name} 还书？`);
    await waitFor(() => text(page, `#loan-${barcode}`).includes('已发送提醒'));
    expect(circulationCalls('remind')).toHaveLength(1);

    // A second one the same day is not sent: the page says why, in a message box and on the row.
    await tap(page, `#remind-${barcode}`);
    await waitFor(() => media.modals.length === 3);
    expect(media.modals[2]!.title).toBe('提醒没有发送');
    expect(text(page, `#loan-${barcode}`)).toContain('没有发送：');
    expect(circulationCalls('remind')).toHaveLength(2);

    // Cancelling the confirmation sends nothing.
    wx.modalAnswers.push({ confirm: false });
    await tap(page, `#remind-${barcode}`);
    await waitFor(() => media.modals.length === 4);
    expect(circulationCalls('remind')).toHaveLength(2);

    // Reopened: the last reminder is shown.
    const again = await open('/admin/overdue/index');
    await waitFor(() => again.instance.data.listState === 'ready');
    expect(text(again, `#loan-${barcode}`)).toMatch(/上次提醒 (\d+年)?\d+月\d+日 \d\d:\d\d/);

    // With 7 days of suspension for a late return, the desk return says how late and until when.
    wx.openid = ADMIN;
    const settings = await callAt(cloud.url, 'circulation', 'rules', {}, ADMIN);
    const defaultRule = { ...settings.defaultRule, overdueSuspensionDays: 7 };
    await callAt(cloud.url, 'circulation', 'saveRules', { ...settings, defaultRule }, ADMIN);
    const desk = await open('/admin/desk/index', { mode: 'return' });
    await fire(desk, '#typed-return', 'change', barcode);
    await tap(desk, '#return-typed');
    await waitFor(() => desk.instance.data.returnedCount === 1);
    expect(text(desk, `#return-${barcode}`)).toMatch(/逾期 (3|4) 天/);
    expect(text(desk, `#return-${barcode}`)).toMatch(
      new RegExp(`${reader.name} 暂停借阅至 (\\d+年)?\\d+月\\d+日`),
    );

    // Lending to the suspended member: the card says so, the lend is refused, 超限借出 with a reason passes.
    await tap(desk, '#mode-lend');
    await fire(desk, '#typed-member', 'change', reader.memberCode);
    await tap(desk, '#find-member');
    await waitFor(() => text(desk, '#member-suspended'));
    expect(text(desk, '#member-suspended')).toMatch(/暂停借阅至 (\d+年)?\d+月\d+日/);
    await fire(desk, '#typed-lend', 'change', spare);
    await tap(desk, '#lend-typed');
    await waitFor(() => desk.querySelector(`#override-${spare}`));
    await tap(desk, `#override-${spare}`);
    expect(desk.instance.data.overrideMessage).toContain('暂停借阅');
    await fire(desk, '#override-reason', 'change', '主题党日学习用书');
    await answerDialog(desk, '#override-dialog');
    await waitFor(() => desk.instance.data.lentCount === 1);
    expect(text(desk, `#lend-${spare}`)).toContain('超限借出：主题党日学习用书');

    // The overdue list no longer has the returned loan.
    const after = await open('/admin/overdue/index');
    await waitFor(() => after.instance.data.listState === 'ready');
    expect(after.querySelector(`#loan-${barcode}`)).toBeUndefined();
  });
});

describe('预约', () => {
  it('待读者取书 lists the copy set aside after a return; staff cancel it with a reason', async () => {
    const borrower = await newMember(`借阅人${uniqueTag()}`);
    const waiting = await newMember(`取书人${uniqueTag()}`);
    const title = `待取测试书${uniqueTag()}`;
    const { bookId, barcodes } = await bookWithCopies(cloud.url, LIBRARIAN, title, 1);
    await lendAll(cloud.url, LIBRARIAN, borrower.memberCode, barcodes);
    const { hold } = await callAt(cloud.url, 'circulation', 'hold', { bookId }, waiting.openid);
    await callAt(cloud.url, 'circulation', 'return', { barcode: barcodes[0]! }, LIBRARIAN);

    const page = await open('/admin/holds/index', { tab: 'pickup' });
    await waitFor(() => page.instance.data.listState === 'ready');
    const row = text(page, `#hold-${hold._id}`);
    expect(row).toContain(`《${title}》`);
    expect(row).toContain(`预约读者 ${waiting.name}`);
    expect(row).toContain(`条码 ${barcodes[0]}`);
    expect(row).toMatch(/取书期限 (\d+年)?\d+月\d+日/);
    expect(row).not.toContain('已过期未取');

    await tap(page, `#cancel-${hold._id}`);
    await answerDialog(page, '#cancel-dialog'); // no reason
    expect(text(page, '#cancel-reason')).toContain('请写明取消的原因');
    expect(circulationCalls('cancelHoldFor')).toEqual([]);
    await fire(page, '#cancel-reason', 'change', '读者来电不需要了');
    await answerDialog(page, '#cancel-dialog');
    await waitFor(() => !page.querySelector(`#hold-${hold._id}`));
    expect(circulationCalls('cancelHoldFor')[0]!.event).toMatchObject({
      holdId: hold._id,
      reason: '读者来电不需要了',
    });
    const { items } = await callAt(cloud.url, 'circulation', 'myHolds', {}, waiting.openid);
    expect(items.find((h) => h._id === hold._id)?.status ?? 'cancelled').toBe('cancelled');
  });

  it('待取书上架 lists a waiting hold once a copy is on the shelf; scanning the copy sets it aside', async () => {
    const borrower = await newMember(`借阅人${uniqueTag()}`);
    const waiting = await newMember(`排队人${uniqueTag()}`);
    const title = `上架测试书${uniqueTag()}`;
    const { bookId, barcodes } = await bookWithCopies(cloud.url, LIBRARIAN, title, 1);
    await lendAll(cloud.url, LIBRARIAN, borrower.memberCode, barcodes);
    await callAt(cloud.url, 'circulation', 'hold', { bookId }, waiting.openid);
    const newLabel = `N${uniqueTag()}`;
    await callAt(
      cloud.url,
      'catalogue',
      'addCopies',
      { bookId, barcodes: [newLabel], location: '一楼测试架', source: 'purchase' },
      LIBRARIAN,
    );

    const page = await open('/admin/holds/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    expect(page.instance.data.tab).toBe('pull');
    const rows = page.instance.data.items as { _id: string; title: string }[];
    const row = rows.find((r) => r.title === title);
    expect(row).toBeDefined();
    const shown = text(page, `#hold-${row!._id}`);
    expect(shown).toContain(`预约读者 ${waiting.name}`);
    expect(shown).toContain(`在架条码 ${newLabel}`);

    // The librarian takes the copy from the shelf and scans it: it is set aside for the member waiting.
    media.scans.push(newLabel);
    await tap(page, '#scan-pull');
    await waitFor(() => page.querySelector(`#pulled-${newLabel}`));
    expect(text(page, `#pulled-${newLabel}`)).toMatch(
      new RegExp(`请放到预约架：留给 ${waiting.name}，取书期限 (\\d+年)?\\d+月\\d+日`),
    );
    expect(page.querySelector(`#hold-${row!._id}`)).toBeUndefined();

    // Scanned again: refused in a message box, nothing changes.
    media.scans.push(newLabel);
    await tap(page, '#scan-pull');
    await waitFor(() => media.modals.length === 1);
    expect(media.modals[0]!.title).toBe(`${newLabel} 没有放上预约架`);

    // The other tab lists it awaiting pickup.
    await fire(page, '#tabs', 'change', { name: 'pickup' });
    await waitFor(
      () => circulationCalls('awaitingPickup').length === 1 && page.instance.data.listState === 'ready',
    );
    expect(text(page, `#hold-${row!._id}`)).toContain(`条码 ${newLabel}`);
  });
});

describe('an overdue pickup', () => {
  it('待读者取书 marks a pickup deadline that has passed before the daily run passes the copy on', async () => {
    const borrower = await newMember(`借阅人${uniqueTag()}`);
    const waiting = await newMember(`未取人${uniqueTag()}`);
    const title = `过期待取测试书${uniqueTag()}`;
    const { bookId, barcodes } = await bookWithCopies(cloud.url, LIBRARIAN, title, 1);
    await lendAll(cloud.url, LIBRARIAN, borrower.memberCode, barcodes);
    const { hold } = await callAt(cloud.url, 'circulation', 'hold', { bookId }, waiting.openid);
    await callAt(cloud.url, 'circulation', 'return', { barcode: barcodes[0]! }, LIBRARIAN);
    const { rule } = await callAt(
      cloud.url,
      'circulation',
      'deskMember',
      { memberCode: waiting.memberCode },
      LIBRARIAN,
    );
    await advanceClock(cloud.url, { days: rule.pickupDays + 1 });
    // The phone's calendar is the cloud's (only Date is faked: timers and the network run as usual).
    setPhoneDate(await cloudNow(cloud.url));
    try {
      const page = await open('/admin/holds/index', { tab: 'pickup' });
      await waitFor(() => page.instance.data.listState === 'ready');
      expect(text(page, `#hold-${hold._id}`)).toContain('（已过期未取）');
      expect(page.querySelector(`#hold-${hold._id}`)?.dom.getAttribute('class')).toContain('hold--late');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('借阅规则', () => {
  it('refuses wrong numbers beside the field, saves a category rule after confirming, and shows it reloaded', async () => {
    wx.openid = ADMIN;
    const page = await open('/admin/loan-rules/index');
    await waitFor(() => page.instance.data.loadState === 'ready');
    const sections = page.instance.data.sections as { title: string; custom: boolean }[];
    expect(sections[0]!.title).toBe('默认规则');
    const index = sections.findIndex((s) => s.title === '学员');
    expect(index).toBeGreaterThan(0);
    expect(text(page, `#uses-default-${index}`)).toContain('按默认规则借阅');

    await fire(page, `#custom-${index}`, 'change', true);
    await waitFor(() => page.querySelector(`#field-${index}-maxLoans`));
    await fire(page, `#field-${index}-maxLoans`, 'change', '0');
    expect(text(page, `#field-${index}-maxLoans`)).toContain('最多在借应为 1–50 的整数');
    await fire(page, `#field-${index}-loanDays`, 'change', '');
    await tap(page, '#save');
    expect(text(page, '#form-error')).toContain('有 2 处填写不正确');
    expect(text(page, `#field-${index}-loanDays`)).toContain('请填写借期');
    expect(circulationCalls('saveRules')).toEqual([]);

    await fire(page, `#field-${index}-maxLoans`, 'change', '2');
    await fire(page, `#field-${index}-loanDays`, 'change', '14');
    await toggle(page, `#no-renewal-${index}`);
    await toggle(page, '#self-service-switch');
    wx.modalAnswers.push({ confirm: false });
    await tap(page, '#save');
    await waitFor(() => media.modals.length === 1);
    expect(circulationCalls('saveRules')).toEqual([]); // not confirmed

    await tap(page, '#save');
    await waitFor(() => media.modals.length === 2 && circulationCalls('saveRules').length === 1);
    expect(media.modals[1]!.content).toContain('只能在借还台借出');
    await waitFor(() => wx.toasts.includes('借阅规则已保存'));

    const saved = await callAt(cloud.url, 'circulation', 'rules', {}, ADMIN);
    expect(saved.selfServiceBorrow).toBe(false);
    const student = saved.categoryRules.find((r) => r.category === '学员');
    expect(student?.rule).toMatchObject({ maxLoans: 2, loanDays: 14, noRenewalWhenHeld: false });

    // Reopened, the page shows what the cloud kept; a 学员 at the desk borrows under it.
    const again = await open('/admin/loan-rules/index');
    await waitFor(() => again.instance.data.loadState === 'ready');
    const reloaded = (
      again.instance.data.sections as { title: string; custom: boolean; values: Record<string, string> }[]
    )[index]!;
    expect(reloaded).toMatchObject({ title: '学员', custom: true });
    expect(reloaded.values).toMatchObject({ maxLoans: '2', loanDays: '14' });
    expect(again.instance.data.selfServiceBorrow).toBe(false);
    const studentMember = await newMember(`学员${uniqueTag()}`, '学员');
    const desk = await callAt(
      cloud.url,
      'circulation',
      'deskMember',
      { memberCode: studentMember.memberCode },
      LIBRARIAN,
    );
    expect(desk.rule.maxLoans).toBe(2);
  });
});
