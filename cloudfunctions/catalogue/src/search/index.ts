/**
 * Search over the catalogue (PRODUCT C2): the fields a book stores for search, the input schema and the
 * `search` action's handler. Design: docs/search.md.
 *
 * Wire it as `search: { access: 'public', input: searchInput, handler: searchBooks }`: `public` skips the
 * caller lookup (two database reads), which keeps a search call at three database requests at most.
 */
import { z } from 'zod';
import type { Book } from '../../../../typings/entities';
import type { BookSummary, SearchRequest } from '../../../../typings/functions/catalogue';
import type { Page } from '../../../../typings/functions/user';
import { id, pageNumber, pageSize } from '../../../_shared/validation';

/** The fields a book document stores for search, computed from its bibliographic fields. */
export interface BookSearchFields {
  /** Every index key of the book (multikey index `searchKeys_createdAt`): see docs/search.md. */
  searchKeys: string[];
  /** The title normalised (Simplified, lower case, no spaces): exact and prefix ranking. */
  searchTitle: string;
}

export type SearchableBook = Pick<
  Book,
  'title' | 'subtitle' | 'author' | 'translator' | 'publisher' | 'tags' | 'isbn13' | 'isbn10'
>;

export function searchFieldsFor(book: SearchableBook): BookSearchFields {
  return { searchKeys: [], searchTitle: book.title.trim().toLowerCase() };
}

/** Longest query, in characters after trimming. */
export const MAX_QUERY_CHARS = 100;

export type SearchQuery = SearchRequest & { page: number; pageSize: number };

export const searchInput: z.ZodType<SearchQuery, unknown> = z.object({
  q: z
    .string({ error: '搜索内容必须是文字' })
    .max(MAX_QUERY_CHARS * 4, { error: `搜索内容不能超过 ${MAX_QUERY_CHARS} 个字` })
    .transform((s) => s.trim())
    .refine((s) => s.length <= MAX_QUERY_CHARS, { error: `搜索内容不能超过 ${MAX_QUERY_CHARS} 个字` }),
  categoryId: id('图书分类').optional(),
  available: z.boolean({ error: '是否在架必须是是或否' }).optional(),
  page: pageNumber(),
  pageSize: pageSize(50, 20),
});

export async function searchBooks(input: SearchQuery): Promise<Page<BookSummary>> {
  void input;
  return { items: [], hasMore: false };
}
