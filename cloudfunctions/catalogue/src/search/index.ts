/**
 * Search over the catalogue (PRODUCT C2): the fields a book stores for search, the input schema and the
 * `search` action's handler. Design, query plan, ranking and caps: docs/search.md.
 *
 * Wire it as `search: { access: 'public', input: searchInput, handler: searchBooks }`: `public` skips the
 * caller lookup (two database reads), which keeps a search call at three database requests at most.
 */
import { z } from 'zod';
import type { Book } from '../../../../typings/entities';
import type { BookSummary, SearchRequest } from '../../../../typings/functions/catalogue';
import type { Page } from '../../../../typings/functions/user';
import { toBookSummary, type BookDoc } from '../../../_shared/books';
import { _, collection, type Filter } from '../../../_shared/cloud';
import { COLLECTIONS } from '../../../_shared/collections';
import { id, pageNumber, pageSize } from '../../../_shared/validation';
import { parseQuery, tierOf, type QueryPlan, type RankFields } from './query';

export { searchFieldsFor, type BookSearchFields } from './keys';

export type SearchableBook = Pick<
  Book,
  'title' | 'subtitle' | 'author' | 'translator' | 'publisher' | 'tags' | 'isbn13' | 'isbn10'
>;

/** Longest query, in characters after trimming. */
export const MAX_QUERY_CHARS = 100;

/**
 * Most candidates one request fetches (production's read cap). A query matching more books than this is
 * "broad": ranking then sees the newest CANDIDATE_CAP matches plus the newest CANDIDATE_CAP whose title
 * starts like the query or is the query (docs/search.md).
 */
export const CANDIDATE_CAP = 1000;

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

type Candidate = BookDoc & RankFields;

/** What ranking and the summary read: never the keys themselves. */
const CANDIDATE_FIELDS = {
  _id: true,
  title: true,
  author: true,
  publisher: true,
  year: true,
  isbn13: true,
  isbn10: true,
  cover: true,
  available: true,
  total: true,
  createdAt: true,
  searchTitle: true,
  searchTitlePinyin: true,
  searchTitleInitials: true,
  searchAuthor: true,
} as const;

const books = () => collection<Candidate>(COLLECTIONS.books.name);

/** A logic command (`_.or`, `_.and`) goes wherever a filter object does; the SDK's types keep them apart. */
function logic(command: unknown): Filter {
  return command as Filter;
}

function filtersOf(input: SearchQuery): Filter[] {
  const filters: Filter[] = [];
  if (input.categoryId !== undefined) filters.push({ categoryId: input.categoryId });
  if (input.available === true) filters.push({ available: _.gt(0) });
  return filters;
}

function hasKey(keys: string[]): Filter {
  return { searchKeys: keys.length === 1 ? keys[0] : _.all(keys) };
}

/** The index conditions of a plan: every `all` key, and one alternative of each Latin token. */
function keyClauses(plan: QueryPlan): Filter[] {
  const clauses: Filter[] = [];
  if (plan.all.length > 0) clauses.push(hasKey(plan.all));
  for (const alternatives of plan.anyOf) clauses.push(logic(_.or(alternatives.map(hasKey))));
  return clauses;
}

function and(clauses: Filter[]): Filter {
  return clauses.length === 1 ? (clauses[0] as Filter) : logic(_.and(clauses));
}

/** Newest first, `_id` breaking ties: the order every read uses, served by the declared indexes. */
async function fetchNewest(where: Filter, skip: number, limit: number): Promise<Candidate[]> {
  let query = books().where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc');
  if (skip > 0) query = query.skip(skip);
  const res = await query.limit(limit).field(CANDIDATE_FIELDS).get();
  return res.data;
}

function newerFirst(a: Candidate, b: Candidate): number {
  const at = new Date(a.createdAt).getTime();
  const bt = new Date(b.createdAt).getTime();
  if (at !== bt) return bt - at;
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
}

export async function searchBooks(input: SearchQuery): Promise<Page<BookSummary>> {
  const filters = filtersOf(input);
  const start = (input.page - 1) * input.pageSize;
  const parsed = parseQuery(input.q);
  if (parsed.kind === 'none') return { items: [], hasMore: false };
  if (parsed.kind === 'all') {
    // Every book, newest first: paged by the database itself (one request).
    const docs = await fetchNewest(filters.length ? and(filters) : {}, start, input.pageSize + 1);
    return { items: docs.slice(0, input.pageSize).map(toBookSummary), hasMore: docs.length > input.pageSize };
  }
  if (parsed.kind === 'isbn') {
    const docs = await fetchNewest(and([hasKey([`n:${parsed.isbn13}`]), ...filters]), 0, CANDIDATE_CAP);
    return page(docs, start, input.pageSize);
  }
  const plan = parsed.plan;
  const matches = and([...keyClauses(plan), ...filters]);
  const candidates = await fetchNewest(matches, 0, CANDIDATE_CAP);
  if (candidates.length === CANDIDATE_CAP) {
    // Broad: the newest matches may not hold the best ones; also fetch the matches whose title is the
    // query or starts like it (one more request), so ranking's first tiers are complete.
    const best = logic(_.or([{ searchKeys: _.in(plan.heads) }, { searchTitle: plan.compact }]));
    const seen = new Set(candidates.map((c) => c._id));
    for (const doc of await fetchNewest(and([best, matches]), 0, CANDIDATE_CAP)) {
      if (!seen.has(doc._id)) candidates.push(doc);
    }
  }
  const tiers = new Map(candidates.map((c) => [c._id, tierOf(plan, c)]));
  candidates.sort((a, b) => (tiers.get(a._id) ?? 3) - (tiers.get(b._id) ?? 3) || newerFirst(a, b));
  return page(candidates, start, input.pageSize);
}

function page(ranked: Candidate[], start: number, size: number): Page<BookSummary> {
  return {
    items: ranked.slice(start, start + size).map(toBookSummary),
    hasMore: ranked.length > start + size,
  };
}
