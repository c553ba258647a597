/** The API contract: every cloud function and its actions. */
import type { UserActions } from './functions/user';

export * from './api';
export * from './entities';
export type * from './functions/user';

export interface CloudFunctions {
  user: UserActions;
}

export type FunctionName = keyof CloudFunctions;
