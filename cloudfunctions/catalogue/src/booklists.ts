/** 专架, 必读书目, 领导荐书: ordered lists of books with a curator, shown on the 书目 tab and book pages. */
import type { Booklist, BooklistKind } from '../../../typings/entities';
import type { BooklistDetail, BooklistSummary } from '../../../typings/functions/catalogue';
import { logAudit } from '../../_shared/audit';
import type { Caller } from '../../_shared/caller';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById, isDuplicateKey } from '../../_shared/docs';
import { failedPrecondition, notFound } from '../../_shared/errors';
import type { BooklistDoc } from './booklist-doc';
import { summariesByIds } from './books';
import { booklistsCollection } from './collections';
import { derivedId } from '../../_shared/ids';
import { MAX_BOOKLISTS, type SaveBooklistInput } from './schemas';

/** Books shown as a booklist's preview. */
const PREVIEW_SIZE = 4;
/** Featured booklists on the 书目 tab. */
export const MAX_FEATURED = 20;

/** Everything but the items (a list of booklists never loads up to 500 items per list). */
const WITHOUT_ITEMS = { items: false } as const;

/** A booklist's fields without its items. */
function headOf(doc: Omit<BooklistDoc, 'items'>): Omit<Booklist, 'items'> {
  return {
    _id: doc._id,
    kind: doc.kind,
    title: doc.title,
    description: doc.description ?? '',
    curator: doc.curator ?? '',
    curatorUnit: doc.curatorUnit ?? '',
    featured: doc.featured === true,
    order: doc.order,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

export function toBooklist(doc: BooklistDoc): Booklist {
  return {
    ...headOf(doc),
    items: (doc.items ?? []).map((i) => ({ bookId: i.bookId, comment: i.comment ?? '' })),
  };
}

/** Summaries with up to four books each, in one read of the books. */
export async function summarise(docs: Omit<BooklistDoc, 'items'>[]): Promise<BooklistSummary[]> {
  const books = await summariesByIds(docs.flatMap((d) => d.previewBookIds ?? []));
  return docs.map((doc) => ({
    ...headOf(doc),
    count: doc.itemCount ?? 0,
    preview: (doc.previewBookIds ?? []).flatMap((id) => {
      const book = books.get(id);
      return book ? [book] : [];
    }),
  }));
}

/** Every booklist (of one kind), by `order`; MAX_BOOKLISTS bounds the read. */
export async function listBooklists(kind?: BooklistKind): Promise<BooklistSummary[]> {
  const res = await booklistsCollection()
    .where(kind ? { kind } : {})
    .orderBy('order', 'asc')
    .orderBy('_id', 'asc')
    .field(WITHOUT_ITEMS)
    .limit(MAX_BOOKLISTS)
    .get();
  return summarise(res.data);
}

export async function featuredBooklists(): Promise<BooklistSummary[]> {
  const res = await booklistsCollection()
    .where({ featured: true })
    .orderBy('order', 'asc')
    .orderBy('_id', 'asc')
    .field(WITHOUT_ITEMS)
    .limit(MAX_FEATURED)
    .get();
  return summarise(res.data);
}

async function requireBooklist(booklistId: string): Promise<BooklistDoc> {
  const doc = await findById<BooklistDoc>(COLLECTIONS.booklists.name, booklistId);
  if (!doc) throw notFound('书单不存在');
  return doc;
}

/** The booklist with its items in order; an item whose book no longer exists has `book: null`. */
export async function booklistDetail(booklistId: string): Promise<BooklistDetail> {
  const doc = await requireBooklist(booklistId);
  const booklist = toBooklist(doc);
  const books = await summariesByIds(booklist.items.map((i) => i.bookId));
  return {
    booklist,
    items: booklist.items.map((item) => ({ ...item, book: books.get(item.bookId) ?? null })),
  };
}

/**
 * Creates or replaces a booklist (its items as given, in order; every book must exist). With a request
 * id, a create's `_id` is derived from it: a retried call answers the first result.
 */
export async function saveBooklist(
  input: SaveBooklistInput,
  caller: Caller,
): Promise<{ booklist: Booklist }> {
  const items = input.items.map((i) => ({ bookId: i.bookId, comment: i.comment ?? '' }));
  const books = await summariesByIds(items.map((i) => i.bookId));
  const missing = items.find((i) => !books.has(i.bookId));
  if (missing) throw notFound(`书单中的图书不存在（编号 ${missing.bookId}），请刷新后重试`);

  const at = now();
  const fromInput = {
    kind: input.kind,
    title: input.title,
    items,
    itemCount: items.length,
    previewBookIds: items.slice(0, PREVIEW_SIZE).map((i) => i.bookId),
    updatedAt: at,
  };

  if (input.booklistId) {
    const existing = await requireBooklist(input.booklistId);
    const doc: BooklistDoc = {
      ...existing,
      ...fromInput,
      description: input.description ?? existing.description ?? '',
      curator: input.curator ?? existing.curator ?? '',
      curatorUnit: input.curatorUnit ?? existing.curatorUnit ?? '',
      featured: input.featured ?? existing.featured === true,
    };
    const { _id, ...data } = doc;
    await booklistsCollection().doc(_id).set({ data });
    await logAudit({
      actorOpenid: caller.openid,
      action: 'saveBooklist',
      targetId: _id,
      detail: { title: doc.title, items: doc.itemCount },
    });
    return { booklist: toBooklist(doc) };
  }

  const id = input.requestId ? derivedId('l', [caller.openid, 'saveBooklist', input.requestId]) : undefined;
  if (id) {
    const first = await findById<BooklistDoc>(COLLECTIONS.booklists.name, id);
    if (first) return { booklist: toBooklist(first) };
  }
  const count = await booklistsCollection().count();
  if (count.total >= MAX_BOOKLISTS)
    throw failedPrecondition(`书单最多 ${MAX_BOOKLISTS} 个，请先删除不用的书单`);
  const last = await booklistsCollection().orderBy('order', 'desc').field({ order: true }).limit(1).get();
  const doc: Omit<BooklistDoc, '_id'> = {
    ...fromInput,
    description: input.description ?? '',
    curator: input.curator ?? '',
    curatorUnit: input.curatorUnit ?? '',
    featured: input.featured ?? false,
    order: (last.data[0]?.order ?? 0) + 1,
    createdAt: at,
  };
  let booklistId: string;
  try {
    const added = await booklistsCollection().add({ data: id ? { _id: id, ...doc } : doc });
    booklistId = String(added._id);
  } catch (error) {
    if (!id || !isDuplicateKey(error)) throw error;
    return { booklist: toBooklist(await requireBooklist(id)) };
  }
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveBooklist',
    targetId: booklistId,
    detail: { title: doc.title, items: doc.itemCount },
  });
  return { booklist: toBooklist({ _id: booklistId, ...doc }) };
}

/** Sets `order` 1..n in the given order; the ids must be exactly the current booklists. */
export async function orderBooklists(booklistIds: string[], caller: Caller): Promise<BooklistSummary[]> {
  const res = await booklistsCollection().field({ _id: true, order: true }).limit(MAX_BOOKLISTS).get();
  const current = new Map(res.data.map((d) => [d._id, d.order]));
  if (booklistIds.length !== current.size || !booklistIds.every((id) => current.has(id))) {
    throw failedPrecondition('书单列表已变化，请刷新后重新排序');
  }
  // Each update is idempotent, so a retried or interrupted call converges on the same order.
  await Promise.all(
    booklistIds.flatMap((id, i) =>
      current.get(id) === i + 1
        ? []
        : [
            booklistsCollection()
              .doc(id)
              .update({ data: { order: i + 1 } }),
          ],
    ),
  );
  await logAudit({
    actorOpenid: caller.openid,
    action: 'orderBooklists',
    targetId: 'booklists',
    detail: { booklistIds },
  });
  return listBooklists();
}

export async function removeBooklist(booklistId: string, caller: Caller): Promise<void> {
  const existing = await requireBooklist(booklistId);
  await booklistsCollection().doc(booklistId).remove();
  await logAudit({
    actorOpenid: caller.openid,
    action: 'removeBooklist',
    targetId: booklistId,
    detail: { title: existing.title },
  });
}
