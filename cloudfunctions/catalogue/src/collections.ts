/** Typed handles on the catalogue's collections. */
import type { BookCategory } from '../../../typings/entities';
import type { BookDoc, CopyDoc } from '../../_shared/books';
import { collection } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import type { BooklistDoc } from './booklist-doc';

export const categoriesCollection = () => collection<BookCategory>(COLLECTIONS.bookCategories.name);
export const booksCollection = () => collection<BookDoc>(COLLECTIONS.books.name);
export const copiesCollection = () => collection<CopyDoc>(COLLECTIONS.copies.name);
export const booklistsCollection = () => collection<BooklistDoc>(COLLECTIONS.booklists.name);
