/** Contract of the `catalogue` cloud function: categories, books, copies, shelves and booklists, search. */
import type { ActionSpec } from '../api';
import type {
  Book,
  BookCategory,
  Booklist,
  BooklistItem,
  BooklistKind,
  Copy,
  CopySource,
  CopyStatus,
} from '../entities';
import type { Page } from './user';

/** A book as a line in a list (search results, new arrivals, booklist items). */
export interface BookSummary {
  _id: string;
  title: string;
  author: string;
  publisher: string;
  year: number;
  /** ISBN-13 when known, else ISBN-10, else empty. */
  isbn: string;
  cover: string;
  available: number;
  total: number;
}

export interface SearchRequest {
  /** Title, author, publisher, ISBN (10 or 13, hyphens allowed), tags; Simplified or Traditional script,
   *  full pinyin or initials. Empty: every book, newest first. */
  q: string;
  categoryId?: string;
  /** Only books with a copy on the shelf. */
  available?: boolean;
  page?: number;
  pageSize?: number;
}

export interface BooklistRef {
  _id: string;
  kind: BooklistKind;
  title: string;
}

/** Copies of a book at one location. */
export interface Holding {
  location: string;
  available: number;
  total: number;
}

export interface BookDetail {
  book: Book;
  category: BookCategory | null;
  holdings: Holding[];
  /** Every copy (staff see barcodes and statuses; members see them too: nothing here is private). */
  copies: Copy[];
  booklists: BooklistRef[];
}

export interface BooklistSummary extends Omit<Booklist, 'items'> {
  count: number;
  /** Up to four covers/titles for a preview. */
  preview: BookSummary[];
}

export interface CatalogueHome {
  categories: BookCategory[];
  featured: BooklistSummary[];
  newArrivals: BookSummary[];
}

export interface BooklistDetail {
  booklist: Booklist;
  items: (BooklistItem & { book: BookSummary | null })[];
}

export interface SaveBookRequest {
  /** Absent: add a book. */
  bookId?: string;
  /** A key the client picks once per form (8–64 letters, digits, `_`, `-`): a retried create with the
   *  same key answers the first result and adds nothing. */
  requestId?: string;
  isbn?: string;
  title: string;
  subtitle?: string;
  author: string;
  translator?: string;
  publisher?: string;
  year?: number;
  categoryId: string;
  tags?: string[];
  summary?: string;
  cover?: string;
}

export interface AddCopiesRequest {
  bookId: string;
  /** A key the client picks once per form (8–64 letters, digits, `_`, `-`): a retried create with the
   *  same key answers the first result and adds nothing. */
  requestId?: string;
  /** Scanned labels; absent: generate `count` new barcodes. */
  barcodes?: string[];
  count?: number;
  location: string;
  source: CopySource;
  donor?: string;
}

export interface UpdateCopyRequest {
  copyId: string;
  status?: Extract<CopyStatus, 'available' | 'inRepair' | 'lost' | 'withdrawn'>;
  location?: string;
  /** Why (logged with the change). */
  reason?: string;
}

export interface SaveCategoryRequest {
  categoryId?: string;
  name: string;
}

export interface SaveBooklistRequest {
  booklistId?: string;
  /** A key the client picks once per form (8–64 letters, digits, `_`, `-`): a retried create with the
   *  same key answers the first result and adds nothing. */
  requestId?: string;
  kind: BooklistKind;
  title: string;
  description?: string;
  curator?: string;
  curatorUnit?: string;
  featured?: boolean;
  items: BooklistItem[];
}

export interface CatalogueActions {
  // open to any WeChat user
  home: ActionSpec<Record<string, never>, CatalogueHome>;
  categories: ActionSpec<Record<string, never>, { items: BookCategory[] }>;
  search: ActionSpec<SearchRequest, Page<BookSummary>>;
  book: ActionSpec<{ bookId: string }, BookDetail>;
  /** A copy by its barcode (the desk and scan-to-borrow). */
  copy: ActionSpec<{ barcode: string }, { copy: Copy; book: BookSummary }>;
  newArrivals: ActionSpec<{ page?: number; pageSize?: number }, Page<BookSummary>>;
  booklists: ActionSpec<{ kind?: BooklistKind }, { items: BooklistSummary[] }>;
  booklist: ActionSpec<{ booklistId: string }, BooklistDetail>;
  // librarians and admins
  lookupIsbn: ActionSpec<{ isbn: string }, { book: Book | null }>;
  saveBook: ActionSpec<SaveBookRequest, { book: Book }>;
  addCopies: ActionSpec<AddCopiesRequest, { copies: Copy[] }>;
  updateCopy: ActionSpec<UpdateCopyRequest, { copy: Copy }>;
  saveCategory: ActionSpec<SaveCategoryRequest, { category: BookCategory }>;
  /** Sets the order of every category: ids in display order. */
  orderCategories: ActionSpec<{ categoryIds: string[] }, { items: BookCategory[] }>;
  removeCategory: ActionSpec<{ categoryId: string }, { removed: true }>;
  saveBooklist: ActionSpec<SaveBooklistRequest, { booklist: Booklist }>;
  orderBooklists: ActionSpec<{ booklistIds: string[] }, { items: BooklistSummary[] }>;
  removeBooklist: ActionSpec<{ booklistId: string }, { removed: true }>;
}
