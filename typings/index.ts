/** The API contract: every cloud function and its actions. */
import type { CatalogueActions } from './functions/catalogue';
import type { CirculationActions } from './functions/circulation';
import type { EventsActions } from './functions/events';
import type { UserActions } from './functions/user';

export * from './api';
export * from './entities';
export type * from './functions/user';
export type * from './functions/catalogue';
export type * from './functions/circulation';
export type * from './functions/events';

export interface CloudFunctions {
  user: UserActions;
  catalogue: CatalogueActions;
  circulation: CirculationActions;
  events: EventsActions;
}

export type FunctionName = keyof CloudFunctions;
