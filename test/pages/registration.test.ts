/**
 * Registration end to end: pages under miniprogram-simulate, cloud calls into the real local cloud
 * (globalSetup) with a fresh openid per test.
 */
import { callOk, newOpenid } from '../support/cloud';
import { localCloudUrl, TEST_ADMIN_OPENID } from '../support/env';
import { fillRegistration, fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;

beforeEach(() => {
  wx = installWx(localCloudUrl(), newOpenid('reg'));
});

function registerCalls(): number {
  return wx.calls.filter((c) => c.name === 'user' && c.event.action === 'register').length;
}

async function openRegistration(): Promise<SimComponent> {
  const { page } = openPage('/pages/register/index');
  await waitFor(() => page.instance.data.state === 'ready');
  return page;
}

/** Fills the form and submits it with privacy consent still needed: answers the popup that opens. */
async function submitAskingConsent(page: SimComponent): Promise<SimComponent> {
  wx.privacy.needAuthorization = true;
  await fillRegistration(page, { name: '吴桂兰', branch: '机关第一党支部', category: '干部' });
  await tap(page, '#submit');
  const popup = page.querySelector('#privacy');
  if (!popup) throw new Error('the page has no privacy popup');
  await waitFor(() => popup.instance.data.show === true);
  await waitFor(() => text(page, '#privacy').includes('隐私保护指引'));
  expect(registerCalls()).toBe(0);
  return popup;
}

it('takes a new member from first launch through registration to the member card on 我的', async () => {
  // First launch: 首页 sees no member and sends the newcomer to registration.
  const home = openPage('/pages/home/index').page;
  await waitFor(() => wx.navigations.some((n) => n.url === '/pages/register/index'));
  expect(text(home, '#welcome')).toContain('登记成为读者');

  const page = await openRegistration();
  const branchNames = page.instance.data.branchNames as string[];
  const categories = page.instance.data.categories as string[];
  expect(branchNames).toContain('离退休干部党支部');
  expect(categories).toContain('党员');

  await fillRegistration(page, { name: ' 赵立新 ', branch: '离退休干部党支部', category: '党员' });
  expect(text(page, '#branch-picker')).toContain('离退休干部党支部');
  expect(text(page, '#category-picker')).toContain('党员');

  await tap(page, '#submit');
  await waitFor(() => wx.navigations.some((n) => n.kind === 'switchTab' && n.url === '/pages/me/index'));
  expect(wx.toasts).toContain('登记成功');
  expect(registerCalls()).toBe(1);

  // 我的, opened afresh: the member card from the cloud, with a member code and its QR code.
  const me = openPage('/pages/me/index').page;
  await waitFor(() => text(me, '#member-name'));
  expect(text(me, '#member-name')).toBe('赵立新');
  expect(text(me, '#member-branch')).toBe('离退休干部党支部');
  expect(text(me, '#member-category')).toBe('党员');
  expect(text(me, '#member-status')).toBe('正常');
  expect(text(me, '#member-card')).toContain('读者');
  const code = text(me, '#member-code-text');
  expect(code).toMatch(/^M[0-9A-Z]{11}$/);
  expect(code).not.toContain(wx.openid);
  expect(me.instance.data.qrSrc).toMatch(/^data:image\/gif;base64,/);
  expect(me.querySelector('#unregistered')).toBeUndefined();
});

it('refuses an empty form without calling the cloud and says what is missing', async () => {
  const page = await openRegistration();
  await fire(page, '#name', 'change', '   ');
  await tap(page, '#submit');
  await waitFor(() => text(page, '#name').includes('请填写姓名'));
  expect(text(page, '#branch-picker')).toContain('请选择所属党支部');
  expect(text(page, '#category-picker')).toContain('请选择人员类别');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(registerCalls()).toBe(0);

  // Fixing the name clears its message.
  await fire(page, '#name', 'change', '孙海');
  expect(text(page, '#name')).not.toContain('请填写姓名');
});

it('shows the cloud’s error answer when the chosen branch was removed meanwhile', async () => {
  const { branch } = await callOk(
    'user',
    'saveBranch',
    { name: `临时党支部${Date.now() % 100000}` },
    TEST_ADMIN_OPENID,
  );
  const page = await openRegistration();
  await callOk('user', 'removeBranch', { branchId: branch._id }, TEST_ADMIN_OPENID);

  await fillRegistration(page, { name: '周文', branch: branch.name, category: '职工' });
  await tap(page, '#submit');

  await waitFor(() => text(page, '#submit-error'));
  expect(text(page, '#submit-error')).toBe('所选党支部不存在，请重新选择');
  expect(wx.navigations.some((n) => n.url === '/pages/me/index')).toBe(false);
  expect(page.instance.data.submitting).toBe(false);
});

it('asks for privacy consent before registering and goes on once the member agrees', async () => {
  const page = await openRegistration();
  const popup = await submitAskingConsent(page);
  await tap(popup, '#contract');
  expect(wx.privacy.contractOpened).toBe(1);
  await fire(popup, '#agree-btn', 'agreeprivacyauthorization', {});
  await waitFor(() => wx.navigations.some((n) => n.url === '/pages/me/index'));
  expect(popup.instance.data.show).toBe(false);
  expect(registerCalls()).toBe(1);
});

it('does not register a member who refuses the privacy guide', async () => {
  const page = await openRegistration();
  const popup = await submitAskingConsent(page);
  await tap(popup, '#disagree-btn');
  await waitFor(() => text(page, '#submit-error'));
  expect(text(page, '#submit-error')).toContain('同意隐私保护指引');
  expect(registerCalls()).toBe(0);
});
