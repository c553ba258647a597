/**
 * Error answers of the local cloud, with the codes production uses (see
 * shared/facts/cloudbase-wire-protocol.md). wx-server-sdk maps the database codes to the errCode a cloud
 * function sees (DATABASE_COLLECTION_NOT_EXIST → -502005, ...); `DATABASE_TRANSACTION_CONFLICT` makes
 * `runTransaction` retry. Codes the SDK does not know (e.g. DATABASE_COLLECTION_ALREADY_EXIST) reach a
 * function as -501001 (SYS_ERR), as they would in production.
 */

export type CloudErrorCode =
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_PERMISSION_DENIED'
  | 'DATABASE_COLLECTION_EXCEED_LIMIT'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'INVALID_PARAM'
  | 'FUNCTIONS_EXECUTE_FAIL'
  | 'FUNCTIONS_TIME_LIMIT_EXCEEDED'
  | 'FUNCTION_NOT_FOUND'
  | 'SYS_ERR';

export class CloudError extends Error {
  constructor(
    readonly code: CloudErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

export function collectionNotExist(name: string): CloudError {
  return new CloudError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
}

/**
 * Turns anything thrown while serving a database request into a CloudError: mingo's complaints about
 * operators become DATABASE_INVALID_OPERRATOR, other failures DATABASE_REQUEST_FAILED.
 */
export function toCloudError(error: unknown): CloudError {
  if (error instanceof CloudError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/operator/i.test(message)) return new CloudError('DATABASE_INVALID_OPERRATOR', message);
  return new CloudError('DATABASE_REQUEST_FAILED', message);
}
