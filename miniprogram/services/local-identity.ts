/**
 * The caller's identity in local mode. The real cloud takes the OPENID from WeChat's context; the local
 * cloud takes it from the `X-WX-OPENID` header, so in local mode this device keeps a development openid
 * in storage. It is stable across launches and can be changed to try the app as several members. It
 * means nothing outside the local cloud.
 */
const STORAGE_KEY = 'dev.localOpenid';

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function localOpenid(): string {
  const stored: unknown = wx.getStorageSync(STORAGE_KEY);
  if (typeof stored === 'string' && stored) return stored;
  const created = `local-dev-${randomSuffix()}`;
  wx.setStorageSync(STORAGE_KEY, created);
  return created;
}

/** Switches the local identity; answers false (and keeps the old one) for an unusable value. */
export function setLocalOpenid(openid: string): boolean {
  const value = openid.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) return false;
  wx.setStorageSync(STORAGE_KEY, value);
  return true;
}
