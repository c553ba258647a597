/** The stored booklist: the API's `Booklist` with real dates and what list views need without the items. */
import type { Booklist } from '../../../typings/entities';

export interface BooklistDoc extends Omit<Booklist, 'updatedAt'> {
  updatedAt: Date;
  createdAt: Date;
  /** How many items (so lists of booklists need not load them). */
  itemCount: number;
  /** The first four items' book ids, for previews. */
  previewBookIds: string[];
}
