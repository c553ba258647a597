/** Typed client of the `catalogue` cloud function (typings/functions/catalogue.ts). */
import type {
  AddCopiesRequest,
  BooklistKind,
  SaveBooklistRequest,
  SaveBookRequest,
  SaveCategoryRequest,
  SearchRequest,
  UpdateCopyRequest,
} from '../../typings/index';
import { call } from './call';

export const catalogueApi = {
  home: () => call('catalogue', 'home', {}),
  categories: () => call('catalogue', 'categories', {}),
  search: (req: SearchRequest) => call('catalogue', 'search', req),
  book: (bookId: string) => call('catalogue', 'book', { bookId }),
  copy: (barcode: string) => call('catalogue', 'copy', { barcode }),
  newArrivals: (page = 1, pageSize = 20) => call('catalogue', 'newArrivals', { page, pageSize }),
  booklists: (kind?: BooklistKind) => call('catalogue', 'booklists', kind ? { kind } : {}),
  booklist: (booklistId: string) => call('catalogue', 'booklist', { booklistId }),
  // librarians and admins
  lookupIsbn: (isbn: string) => call('catalogue', 'lookupIsbn', { isbn }),
  saveBook: (req: SaveBookRequest) => call('catalogue', 'saveBook', req),
  addCopies: (req: AddCopiesRequest) => call('catalogue', 'addCopies', req),
  updateCopy: (req: UpdateCopyRequest) => call('catalogue', 'updateCopy', req),
  saveCategory: (req: SaveCategoryRequest) => call('catalogue', 'saveCategory', req),
  orderCategories: (categoryIds: string[]) => call('catalogue', 'orderCategories', { categoryIds }),
  removeCategory: (categoryId: string) => call('catalogue', 'removeCategory', { categoryId }),
  saveBooklist: (req: SaveBooklistRequest) => call('catalogue', 'saveBooklist', req),
  orderBooklists: (booklistIds: string[]) => call('catalogue', 'orderBooklists', { booklistIds }),
  removeBooklist: (booklistId: string) => call('catalogue', 'removeBooklist', { booklistId }),
};
