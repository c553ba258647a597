/** The 书目 tab in one call: categories, featured booklists with previews, the newest books. */
import type { CatalogueHome } from '../../../typings/functions/catalogue';
import { featuredBooklists } from './booklists';
import { newArrivals } from './books';
import { listCategories } from './categories';

export const HOME_NEW_ARRIVALS = 10;

export async function home(): Promise<CatalogueHome> {
  const [categories, featured, arrivals] = await Promise.all([
    listCategories(),
    featuredBooklists(),
    newArrivals({ page: 1, pageSize: HOME_NEW_ARRIVALS }),
  ]);
  return { categories, featured, newArrivals: arrivals.items };
}
