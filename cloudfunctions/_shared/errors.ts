import type { ApiError, ErrorCode } from '../../typings/api';

/** An expected failure of an action: answered to the caller as `{ ok: false, error }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message };
  }
}

export const invalidArgument = (message: string) => new AppError('INVALID_ARGUMENT', message);
export const unauthenticated = (message = '请先注册成为读者') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const failedPrecondition = (message: string) => new AppError('FAILED_PRECONDITION', message);
export const resourceExhausted = (message: string) => new AppError('RESOURCE_EXHAUSTED', message);
