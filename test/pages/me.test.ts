/** 我的 and 首页 against the real local cloud: who you are, errors, text size, the admin entry. */
import { newOpenid } from '../support/cloud';
import { localCloudUrl } from '../support/env';
import { openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;

beforeEach(() => {
  wx = installWx(localCloudUrl(), newOpenid('me'));
});

async function openMe(): Promise<SimComponent> {
  const { page } = openPage('/pages/me/index');
  await waitFor(() => page.instance.data.state !== 'loading');
  return page;
}

it('invites an unregistered visitor to register and takes them there', async () => {
  const page = await openMe();
  expect(text(page, '#unregistered')).toContain('你还没有登记为读者');
  expect(page.querySelector('#member-card')).toBeUndefined();
  await tap(page, '#go-register');
  expect(wx.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages/register/index' });
});

it('shows a demo member’s card with roles and member code, and no admin entry', async () => {
  wx.openid = 'demo-member';
  const page = await openMe();
  expect(text(page, '#member-name')).toBe('陈志远');
  expect(text(page, '#member-branch')).toBe('离退休干部党支部');
  expect(text(page, '#member-card')).toContain('读者');
  expect(text(page, '#member-code-text')).toMatch(/^M[0-9A-Z]{11}$/);
  expect(page.querySelector('#admin-members')).toBeUndefined();
});

it('shows the admin entries to an admin only', async () => {
  wx.openid = 'demo-admin';
  const page = await openMe();
  expect(text(page, '#member-card')).toContain('管理员');
  expect(text(page, '#admin-members')).toContain('成员管理');
  expect(text(page, '#admin-branches')).toContain('党支部管理');
});

it('says what went wrong when the cloud cannot be reached, and recovers on 重试', async () => {
  wx.cloudUrl = 'http://127.0.0.1:9'; // nothing listens there
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const page = await openMe();
  warn.mockRestore();
  expect(page.instance.data.state).toBe('error');
  expect(text(page, '#load-error')).toContain('网络异常，请稍后重试');

  wx.cloudUrl = localCloudUrl();
  const errorState = page.querySelector('#load-error');
  if (!errorState) throw new Error('no error state');
  await tap(errorState, '#state-action');
  await waitFor(() => page.instance.data.state === 'ready');
  expect(text(page, '#unregistered')).toContain('去登记');
});

it('changes the text size for every page and remembers it', async () => {
  wx.openid = 'demo-member';
  const page = await openMe();
  expect(page.dom.innerHTML).toContain('main--text-large'); // the default: one step above standard
  await tap(page, '#text-size-xlarge');
  await waitFor(() => page.dom.innerHTML.includes('main--text-xlarge'));
  expect(wx.storage.get('settings.textSize')).toBe('xlarge');

  const home = openPage('/pages/home/index').page;
  await waitFor(() => home.instance.data.state === 'ready');
  expect(home.dom.innerHTML).toContain('main--text-xlarge');
  expect(text(home, '#greeting')).toContain('陈志远，你好');
});
