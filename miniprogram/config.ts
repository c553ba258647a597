/**
 * How the mini-program reaches its cloud functions. One place for it: the services layer reads it, the
 * app reads `envId` for `wx.cloud.init`.
 *
 * - `cloud`: `wx.cloud.callFunction` on the WeChat cloud environment `envId` (production).
 * - `local`: `wx.request` POST `<localUrl>/functions/<name>` to the local cloud started by `npm start`,
 *   for WeChat DevTools with domain checks turned off (详情 → 本地设置 → 不校验合法域名). The caller's
 *   identity is then a development openid kept in storage (see services/local-identity.ts).
 */
export type TransportKind = 'cloud' | 'local';

export interface AppConfig {
  transport: TransportKind;
  /** The WeChat cloud environment id (云开发控制台 → 环境 ID). */
  envId: string;
  /** Base URL of the local cloud, without a trailing slash. */
  localUrl: string;
}

export const config: AppConfig = {
  transport: 'cloud',
  envId: 'shuwu-env-placeholder',
  localUrl: 'http://127.0.0.1:3000',
};
