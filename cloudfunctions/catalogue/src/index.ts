/** The `catalogue` cloud function: categories, books, copies, shelves and booklists, search. */
import { z } from 'zod';
import type { CatalogueActions } from '../../../typings/functions/catalogue';
import { action, createMain, type ActionTable } from '../../_shared/router';
import { booklistDetail, listBooklists, orderBooklists, removeBooklist, saveBooklist } from './booklists';
import { bookDetail, copyByBarcode, lookupIsbn, newArrivals, saveBook } from './books';
import { listCategories, orderCategories, removeCategory, saveCategory } from './categories';
import { addCopies, updateCopy } from './copies';
import { home } from './home';
import {
  addCopiesInput,
  bookId,
  booklistIdInput,
  booklistsInput,
  categoryIdInput,
  copyInput,
  lookupIsbnInput,
  newArrivalsInput,
  orderBooklistsInput,
  orderCategoriesInput,
  saveBookInput,
  saveBooklistInput,
  saveCategoryInput,
  updateCopyInput,
} from './schemas';
import { searchBooks, searchInput } from './search';

const nothing = z.object({});
/** Catalogue writes: librarians and admins (admin holds every role). */
const staff = { roles: ['librarian' as const] };

const actions: ActionTable<CatalogueActions> = {
  // open to any WeChat user; `public`: none of them needs to know who asks, so no caller look-up
  home: { access: 'public', input: nothing, handler: home },
  categories: { access: 'public', input: nothing, handler: async () => ({ items: await listCategories() }) },
  search: action({ access: 'public', input: searchInput, handler: searchBooks }),
  book: { access: 'public', input: bookId, handler: (input) => bookDetail(input.bookId) },
  copy: { access: 'public', input: copyInput, handler: (input) => copyByBarcode(input.barcode) },
  newArrivals: action({ access: 'public', input: newArrivalsInput, handler: newArrivals }),
  booklists: {
    access: 'public',
    input: booklistsInput,
    handler: async (input) => ({ items: await listBooklists(input.kind) }),
  },
  booklist: {
    access: 'public',
    input: booklistIdInput,
    handler: (input) => booklistDetail(input.booklistId),
  },

  // librarians and admins
  lookupIsbn: { access: staff, input: lookupIsbnInput, handler: (input) => lookupIsbn(input.isbn) },
  saveBook: { access: staff, input: saveBookInput, handler: saveBook },
  addCopies: action({ access: staff, input: addCopiesInput, handler: addCopies }),
  updateCopy: action({ access: staff, input: updateCopyInput, handler: updateCopy }),
  saveCategory: {
    access: staff,
    input: saveCategoryInput,
    handler: async (input, caller) => ({ category: await saveCategory(input, caller) }),
  },
  orderCategories: {
    access: staff,
    input: orderCategoriesInput,
    handler: async (input, caller) => ({ items: await orderCategories(input.categoryIds, caller) }),
  },
  removeCategory: {
    access: staff,
    input: categoryIdInput,
    handler: async (input, caller) => {
      await removeCategory(input.categoryId, caller);
      return { removed: true as const };
    },
  },
  saveBooklist: action({ access: staff, input: saveBooklistInput, handler: saveBooklist }),
  orderBooklists: {
    access: staff,
    input: orderBooklistsInput,
    handler: async (input, caller) => ({ items: await orderBooklists(input.booklistIds, caller) }),
  },
  removeBooklist: {
    access: staff,
    input: booklistIdInput,
    handler: async (input, caller) => {
      await removeBooklist(input.booklistId, caller);
      return { removed: true as const };
    },
  },
};

export const main = createMain(actions);
