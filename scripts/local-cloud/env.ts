/**
 * The environment that points the unmodified wx-server-sdk at a local cloud (the one place that knows it;
 * see shared/facts/cloudbase-wire-protocol.md):
 *
 * - `TCB_CONTEXT_CNFG={"URL":"<url>/admin..."}`: node-sdk's buildUrl uses this injected URL for every
 *   call (read from process.env at each request, so it can change per invocation);
 * - `TENCENTCLOUD_SECRETID` / `TENCENTCLOUD_SECRETKEY`: any value (signatures are not checked locally);
 * - `TENCENTCLOUD=true`: skips the metadata-host look-ups (about 60 ms a request);
 * - `WX_CONTEXT_KEYS`, `WX_OPENID`, `WX_APPID`, `WX_UNIONID`: what `cloud.getWXContext()` answers;
 * - `TCB_ENV`: the env id `getWXContext().ENV` answers and DYNAMIC_CURRENT_ENV resolves to.
 */

export const LOCAL_ENV_ID = 'local';
export const DEFAULT_APPID = 'wxlocalcloud000000';
export const WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID';

/** Who is calling: the identity a cloud function sees in `getWXContext()`. */
export interface Caller {
  openId?: string;
  appId?: string;
  unionId?: string;
}

/**
 * Environment variables for wx-server-sdk to use the local cloud at `url`. With a `caller`, the SDK also
 * answers that identity from `getWXContext()`, and functions it calls with `cloud.callFunction` see it
 * too (the identity travels in the URL path, as it does for the function runner's own invocations).
 */
export function sdkEnv(url: string, caller?: Caller): Record<string, string> {
  const base = url.replace(/\/+$/, '');
  const env: Record<string, string> = {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${base}${apiPath(caller)}` }),
    TENCENTCLOUD_SECRETID: 'local-cloud',
    TENCENTCLOUD_SECRETKEY: 'local-cloud',
    TENCENTCLOUD: 'true',
    TCB_ENV: LOCAL_ENV_ID,
    WX_CONTEXT_KEYS,
  };
  if (caller?.openId) env.WX_OPENID = caller.openId;
  if (caller?.openId || caller?.appId) env.WX_APPID = caller.appId ?? DEFAULT_APPID;
  if (caller?.unionId) env.WX_UNIONID = caller.unionId;
  return env;
}

/** The API path for a caller: `/admin`, or `/admin/as/<base64url JSON>` when there is an identity. */
export function apiPath(caller?: Caller): string {
  if (!caller?.openId) return '/admin';
  return `/admin/as/${Buffer.from(JSON.stringify(caller)).toString('base64url')}`;
}

export function decodeCaller(token: string): Caller | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object') return undefined;
    const { openId, appId, unionId } = value as Record<string, unknown>;
    return {
      ...(typeof openId === 'string' ? { openId } : {}),
      ...(typeof appId === 'string' ? { appId } : {}),
      ...(typeof unionId === 'string' ? { unionId } : {}),
    };
  } catch {
    return undefined;
  }
}
