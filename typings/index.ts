/** The API contract: every cloud function and its actions. */
import type { CatalogueActions } from './functions/catalogue';
import type { UserActions } from './functions/user';

export * from './api';
export * from './entities';
export type * from './functions/user';
export type * from './functions/catalogue';

export interface CloudFunctions {
  user: UserActions;
  catalogue: CatalogueActions;
}

export type FunctionName = keyof CloudFunctions;
