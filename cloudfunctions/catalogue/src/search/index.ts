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
import { BOOK_SUMMARY_FIELDS, toBookSummary, type BookDoc } from '../../../_shared/books';
import { _, collection, type Filter } from '../../../_shared/cloud';
import { COLLECTIONS } from '../../../_shared/collections';
import { id, pageNumber, pageSize } from '../../../_shared/validation';
import { isExactTitle, parseQuery, type QueryPlan, type TitleForms } from './query';

export { searchFieldsFor, type BookSearchFields } from './keys';

export type SearchableBook = Pick<
  Book,
  'title' | 'subtitle' | 'author' | 'translator' | 'publisher' | 'tags' | 'isbn13' | 'isbn10'
>;

/** Longest query, in characters after trimming. */
export const MAX_QUERY_CHARS = 100;

/**
 * How deep a search pages: the first RESULT_CAP results (50 pages of 20), production's read cap for one
 * request. Every request reads only what the page needs (docs/search.md).
 */
export const RESULT_CAP = 1000;

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

type Candidate = BookDoc & TitleForms;

/** What the summary and ranking read: never the keys themselves. */
const CANDIDATE_FIELDS = {
  ...BOOK_SUMMARY_FIELDS,
  createdAt: true,
  searchTitle: true,
  searchTitlePinyin: true,
  searchTitleInitials: true,
} as const;

const books = () => collection<Candidate>(COLLECTIONS.books.name);

/** A logic command (`_.or`, `_.and`) goes wherever a filter object does; the SDK's types keep them apart. */
function logic(command: unknown): Filter {
  return command as Filter;
}

function and(clauses: Filter[]): Filter {
  return clauses.length === 1 ? (clauses[0] as Filter) : logic(_.and(clauses));
}

function or(clauses: Filter[]): Filter {
  return clauses.length === 1 ? (clauses[0] as Filter) : logic(_.or(clauses));
}

function hasKeys(keys: string[]): Filter {
  return { searchKeys: keys.length === 1 ? keys[0] : _.all(keys) };
}

function filtersOf(input: SearchQuery): Filter[] {
  const filters: Filter[] = [];
  if (input.categoryId !== undefined) filters.push({ categoryId: input.categoryId });
  if (input.available === true) filters.push({ available: _.gt(0) });
  return filters;
}

/** Every token matches through one of its alternatives (in the title and author only, or anywhere). */
function matching(plan: QueryPlan, anywhere: boolean): Filter[] {
  return plan.main.map((alternatives, i) =>
    or([...alternatives, ...(anywhere ? (plan.other[i] ?? []) : [])].map(hasKeys)),
  );
}

/** Newest first, `_id` breaking ties: the order every read uses, served by the declared indexes. */
async function fetchNewest(where: Filter, skip: number, limit: number): Promise<Candidate[]> {
  let query = books().where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc');
  if (skip > 0) query = query.skip(skip);
  const res = await query.limit(limit).field(CANDIDATE_FIELDS).get();
  return res.data;
}

/** Books in ranked order, each once. */
class Ranking {
  readonly books: Candidate[] = [];
  private readonly seen = new Set<string>();

  take(docs: Candidate[]): void {
    for (const doc of docs) {
      if (this.seen.has(doc._id)) continue;
      this.seen.add(doc._id);
      this.books.push(doc);
    }
  }
}

/**
 * The ranked order is: exact title, title prefix, title / author match, any match; newest first within
 * each tier, then `_id`. A page needs its first `need` entries; each tier is read newest first through
 * the index, only as deep as the page needs: at most three reads, two of them together, so a search
 * waits for at most two round trips (docs/search.md).
 */
async function rankedPrefix(plan: QueryPlan, filters: Filter[], need: number): Promise<Candidate[]> {
  const ranking = new Ranking();
  const anywhere = and([...matching(plan, true), ...filters]);
  const heads = await fetchNewest(and([{ searchKeys: _.in([plan.exact, plan.head]) }, anywhere]), 0, need);
  if (heads.length >= need) {
    // Many titles start like the query: they fill the page. When the newest `need` of them are all exact
    // titles, they are the page; otherwise the exact ones may be older than them: read those alone.
    if (!heads.every((doc) => isExactTitle(plan, doc))) {
      ranking.take(await fetchNewest(and([{ searchKeys: plan.exact }, anywhere]), 0, need));
    }
    ranking.take(heads);
    return ranking.books;
  }
  // Every title that is or starts like the query is in. The newest title / author matches and the newest
  // matches anywhere, together: `need` of each is enough, as the books of earlier tiers a window holds
  // are already taken (so with them it still gives `need` books, or all there are).
  const [titleAuthor, matches] = await Promise.all([
    fetchNewest(and([...matching(plan, false), ...filters]), 0, need),
    fetchNewest(anywhere, 0, need),
  ]);
  ranking.take(heads.filter((doc) => isExactTitle(plan, doc)));
  ranking.take(heads);
  ranking.take(titleAuthor);
  // When the title / author window is not full, every title / author match is in: the newest matches
  // not taken yet are the head of the last tier.
  if (titleAuthor.length < need) ranking.take(matches);
  return ranking.books;
}

export async function searchBooks(input: SearchQuery): Promise<Page<BookSummary>> {
  const filters = filtersOf(input);
  const start = (input.page - 1) * input.pageSize;
  const end = start + input.pageSize;
  const need = Math.min(end + 1, RESULT_CAP);
  const parsed = parseQuery(input.q);
  if (parsed.kind === 'all') {
    // Every book, newest first: paged by the database itself (one request), as deep as it goes.
    const docs = await fetchNewest(filters.length ? and(filters) : {}, start, input.pageSize + 1);
    return { items: docs.slice(0, input.pageSize).map(toBookSummary), hasMore: docs.length > input.pageSize };
  }
  if (parsed.kind === 'none' || start >= RESULT_CAP) return { items: [], hasMore: false };
  let ranked: Candidate[];
  if (parsed.kind === 'isbn') {
    ranked = await fetchNewest(and([{ searchKeys: parsed.key }, ...filters]), 0, need);
  } else {
    ranked = await rankedPrefix(parsed.plan, filters, need);
  }
  return {
    items: ranked.slice(start, end).map(toBookSummary),
    hasMore: ranked.length > end && end < RESULT_CAP,
  };
}
