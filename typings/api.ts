/**
 * The envelope every cloud function answers with, and the error codes it may carry.
 * Both the mini-program and the cloud functions import these types (types only).
 */

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** Simplified Chinese, shown to the member as is. */
  message: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** One action of a cloud function: what the caller sends (besides `action`) and what `data` holds. */
export interface ActionSpec<Req, Res> {
  request: Req;
  response: Res;
}

/** An event as it reaches a cloud function: `{ action, ...params }`. */
export type ActionEvent<Actions, A extends keyof Actions> = { action: A } & RequestOf<Actions, A>;

export type RequestOf<Actions, A extends keyof Actions> =
  Actions[A] extends ActionSpec<infer Req, unknown> ? Req : never;

export type ResponseOf<Actions, A extends keyof Actions> =
  Actions[A] extends ActionSpec<unknown, infer Res> ? Res : never;

/** Timestamps travel as ISO 8601 strings. */
export type IsoDateString = string;
