/**
 * The services layer against the real local cloud: both transports reach the same function as the same
 * kind of caller, and transport failures become an INTERNAL error in Chinese.
 */
import { config } from '../../miniprogram/config';
import { call } from '../../miniprogram/services/call';
import { localOpenid, setLocalOpenid } from '../../miniprogram/services/local-identity';
import { userApi } from '../../miniprogram/services/user';
import { newOpenid } from '../support/cloud';
import { localCloudUrl } from '../support/env';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;
const initial = { ...config };

beforeEach(() => {
  wx = installWx(localCloudUrl(), newOpenid('services'));
  Object.assign(config, initial);
});

describe('cloud transport (wx.cloud.callFunction)', () => {
  it('answers the function’s ApiResult for the WeChat user', async () => {
    const res = await userApi.login();
    expect(res).toEqual({ ok: true, data: { openid: wx.openid, member: null, roles: [] } });
    expect(wx.calls).toEqual([{ name: 'user', event: { action: 'login' }, answered: true }]);
  });

  it('passes the cloud’s error answers through unchanged', async () => {
    const res = await call('user', 'register', { name: '', branchId: 'branch-teaching', category: '党员' });
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: '请填写姓名' } });
  });

  it('turns a transport failure into a network error in Chinese', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    wx.cloudUrl = 'http://127.0.0.1:9';
    const res = await userApi.branches();
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '网络异常，请稍后重试' } });
    expect(warn).toHaveBeenCalledWith('[call] user.branches failed', expect.anything());
    warn.mockRestore();
  });
});

describe('local transport (wx.request to the local cloud)', () => {
  beforeEach(() => {
    config.transport = 'local';
    config.localUrl = localCloudUrl();
  });

  it('calls as a stable development identity kept in storage', async () => {
    const first = await userApi.login();
    const again = await userApi.login();
    expect(first.ok && first.data.openid).toMatch(/^local-dev-/);
    expect(again.ok && again.data.openid).toBe(first.ok && first.data.openid);
    expect(localOpenid()).toBe(first.ok && first.data.openid);
  });

  it('can switch the identity to try the app as another member', async () => {
    expect(setLocalOpenid('demo-member')).toBe(true);
    const res = await userApi.me();
    expect(res.ok && res.data.member.name).toBe('陈志远');
    expect(setLocalOpenid('not an id!')).toBe(false);
    expect(localOpenid()).toBe('demo-member');
  });

  it('turns an unreachable local cloud into a network error', async () => {
    jest.spyOn(console, 'warn').mockImplementationOnce(() => undefined);
    config.localUrl = 'http://127.0.0.1:9';
    expect(await userApi.login()).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '网络异常，请稍后重试' },
    });
  });
});
