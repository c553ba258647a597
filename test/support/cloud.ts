/** Calls cloud functions of the local cloud over HTTP as a given caller, typed by the contract. */
import type { ApiResult, CloudFunctions, FunctionName, RequestOf, ResponseOf } from '../../typings';
import { localCloudUrl } from './env';
import { postJson } from './http';

/** Sends any event (also malformed ones) to a function as `openid`; answers the function's return value. */
export async function invoke(
  fn: string,
  event: unknown,
  openid: string,
  baseUrl = localCloudUrl(),
): Promise<unknown> {
  const res = await postJson(`${baseUrl}/functions/${fn}`, event, { 'x-wx-openid': openid });
  if (res.statusCode !== 200) {
    throw new Error(`function ${fn} failed with HTTP ${res.statusCode}: ${JSON.stringify(res.data)}`);
  }
  return res.data;
}

export async function call<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ApiResult<ResponseOf<CloudFunctions[F], A>>> {
  return (await invoke(fn, { action, ...(params as object) }, openid)) as ApiResult<
    ResponseOf<CloudFunctions[F], A>
  >;
}

/** Like `call`, but answers the data and fails the test on an error answer. */
export async function callOk<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ResponseOf<CloudFunctions[F], A>> {
  const result = await call(fn, action, params, openid);
  if (!result.ok) throw new Error(`${fn}.${action} answered ${result.error.code}: ${result.error.message}`);
  return result.data;
}

let counter = 0;
/** A fresh openid per test, so tests sharing the run's database never see each other's members. */
export function newOpenid(label = 'user'): string {
  counter += 1;
  return `test-${label}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
