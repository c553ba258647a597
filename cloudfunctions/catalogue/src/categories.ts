/** 图书分类: listed to everyone in display order, managed by librarians and admins. */
import type { BookCategory } from '../../../typings/entities';
import type { SaveCategoryRequest } from '../../../typings/functions/catalogue';
import { logAudit } from '../../_shared/audit';
import type { Caller } from '../../_shared/caller';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { conflict, failedPrecondition, notFound } from '../../_shared/errors';
import { booksCollection, categoriesCollection } from './collections';
import { MAX_CATEGORIES } from './schemas';

/** Every category, by `order` then id. A reading room has about ten; MAX_CATEGORIES bounds the read. */
export async function listCategories(): Promise<BookCategory[]> {
  const res = await categoriesCollection()
    .orderBy('order', 'asc')
    .orderBy('_id', 'asc')
    .limit(MAX_CATEGORIES)
    .get();
  return res.data.map(({ _id, name, order }) => ({ _id, name, order }));
}

export function findCategory(categoryId: string): Promise<BookCategory | null> {
  return findById<BookCategory>(COLLECTIONS.bookCategories.name, categoryId);
}

export async function requireCategory(categoryId: string): Promise<BookCategory> {
  const category = await findCategory(categoryId);
  if (!category) throw notFound('图书分类不存在，请重新选择');
  return category;
}

export async function saveCategory(input: SaveCategoryRequest, caller: Caller): Promise<BookCategory> {
  const sameName = await categoriesCollection().where({ name: input.name }).limit(1).get();
  const clash = sameName.data[0];
  if (clash && clash._id !== input.categoryId) throw conflict(`已有名为“${input.name}”的分类`);

  if (input.categoryId) {
    const existing = await requireCategory(input.categoryId);
    if (existing.name !== input.name) {
      await categoriesCollection()
        .doc(existing._id)
        .update({ data: { name: input.name } });
      await logAudit({
        actorOpenid: caller.openid,
        action: 'saveCategory',
        targetId: existing._id,
        detail: { from: existing.name, name: input.name },
      });
    }
    return { ...existing, name: input.name };
  }

  const count = await categoriesCollection().count();
  if (count.total >= MAX_CATEGORIES) throw failedPrecondition(`图书分类最多 ${MAX_CATEGORIES} 个`);
  const last = await categoriesCollection().orderBy('order', 'desc').limit(1).get();
  const order = (last.data[0]?.order ?? 0) + 1;
  const added = await categoriesCollection().add({ data: { name: input.name, order } });
  const category: BookCategory = { _id: String(added._id), name: input.name, order };
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveCategory',
    targetId: category._id,
    detail: { name: category.name },
  });
  return category;
}

/** Sets `order` 1..n in the given order; the ids must be exactly the current categories. */
export async function orderCategories(categoryIds: string[], caller: Caller): Promise<BookCategory[]> {
  const current = await listCategories();
  const known = new Set(current.map((c) => c._id));
  if (categoryIds.length !== known.size || !categoryIds.every((id) => known.has(id))) {
    throw failedPrecondition('分类列表已变化，请刷新后重新排序');
  }
  const byId = new Map(current.map((c) => [c._id, c]));
  const ordered = categoryIds.map((id, i) => ({ ...byId.get(id)!, order: i + 1 }));
  // Each update is idempotent, so a retried or interrupted call converges on the same order.
  await Promise.all(
    ordered
      .filter((c) => byId.get(c._id)!.order !== c.order)
      .map((c) =>
        categoriesCollection()
          .doc(c._id)
          .update({ data: { order: c.order } }),
      ),
  );
  await logAudit({
    actorOpenid: caller.openid,
    action: 'orderCategories',
    targetId: 'bookCategories',
    detail: { categoryIds },
  });
  return ordered;
}

/** Removes a category no book uses (books must be moved first). */
export async function removeCategory(categoryId: string, caller: Caller): Promise<void> {
  const existing = await requireCategory(categoryId);
  const used = await booksCollection().where({ categoryId }).count();
  if (used.total > 0) {
    throw failedPrecondition(`分类“${existing.name}”下还有 ${used.total} 种图书，请先把它们移到其他分类`);
  }
  await categoriesCollection().doc(categoryId).remove();
  // A book saved into this category meanwhile: put the category back (saveBook looks again after its
  // insert, so one of the two always sees the other).
  const raced = await booksCollection().where({ categoryId }).count();
  if (raced.total > 0) {
    await categoriesCollection()
      .doc(categoryId)
      .set({ data: { name: existing.name, order: existing.order } });
    throw failedPrecondition(`分类“${existing.name}”下刚刚加入了图书，没有删除`);
  }
  await logAudit({
    actorOpenid: caller.openid,
    action: 'removeCategory',
    targetId: categoryId,
    detail: { name: existing.name },
  });
}
