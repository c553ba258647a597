/**
 * The two ways a cloud function is reached (see config.ts). Each answers the function's raw return value
 * or rejects on a transport failure; call.ts turns both into an ApiResult.
 */
import type { FunctionName } from '../../typings/index';
import { config } from '../config';
import { localOpenid } from './local-identity';

export type Transport = (name: FunctionName, event: Record<string, unknown>) => Promise<unknown>;

export const cloudTransport: Transport = async (name, event) => {
  const res = await wx.cloud.callFunction({ name, data: event });
  return res.result;
};

export const localTransport: Transport = (name, event) =>
  new Promise((resolve, reject) => {
    wx.request({
      url: `${config.localUrl}/functions/${name}`,
      method: 'POST',
      data: event,
      header: { 'content-type': 'application/json', 'X-WX-OPENID': localOpenid() },
      success: (res) => {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(res.data);
        else reject(new Error(`local cloud answered HTTP ${res.statusCode}`));
      },
      fail: (err) => reject(new Error(err.errMsg)),
    });
  });

export function currentTransport(): Transport {
  return config.transport === 'local' ? localTransport : cloudTransport;
}
