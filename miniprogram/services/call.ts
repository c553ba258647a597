/**
 * The one way pages reach a cloud function: `call(fn, action, params)`, typed by the contract in
 * typings/ (the action name, its request and its response are checked by tsc). It always answers an
 * ApiResult: transport failures and malformed answers become an INTERNAL error in Chinese.
 */
import type {
  ApiError,
  ApiResult,
  CloudFunctions,
  FunctionName,
  RequestOf,
  ResponseOf,
} from '../../typings/index';
import { currentTransport } from './transport';

export const NETWORK_ERROR: ApiError = { code: 'INTERNAL', message: '网络异常，请稍后重试' };
const BAD_ANSWER: ApiError = { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' };

export type ActionOf<F extends FunctionName> = keyof CloudFunctions[F] & string;
export type Req<F extends FunctionName, A extends ActionOf<F>> = RequestOf<CloudFunctions[F], A>;
export type Res<F extends FunctionName, A extends ActionOf<F>> = ResponseOf<CloudFunctions[F], A>;

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'data' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}

export async function call<F extends FunctionName, A extends ActionOf<F>>(
  fn: F,
  action: A,
  params: Req<F, A>,
): Promise<ApiResult<Res<F, A>>> {
  let answer: unknown;
  try {
    answer = await currentTransport()(fn, { ...(params as Record<string, unknown>), action });
  } catch (err) {
    console.warn(`[call] ${fn}.${action} failed`, err);
    return { ok: false, error: NETWORK_ERROR };
  }
  if (!isApiResult(answer)) {
    console.warn(`[call] ${fn}.${action} answered no ApiResult`, answer);
    return { ok: false, error: BAD_ANSWER };
  }
  return answer as ApiResult<Res<F, A>>;
}
