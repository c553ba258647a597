/** Copies: add (scanned or generated barcodes), change status or location. Counts move in copy-status.ts. */
import { randomBytes } from 'node:crypto';
import type { Copy } from '../../../typings/entities';
import { logAudit } from '../../_shared/audit';
import { toCopy, type CopyDoc } from '../../_shared/books';
import type { Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { changeCopy, insertCopies, statusName } from '../../_shared/copy-status';
import { isDuplicateKey } from '../../_shared/docs';
import { conflict, failedPrecondition } from '../../_shared/errors';
import { generateBarcode } from './barcodes';
import { MAX_COPIES_PER_BOOK, requireBook } from './books';
import { copiesCollection } from './collections';
import { derivedId } from '../../_shared/ids';
import type { AddCopiesInput, UpdateCopyInput } from './schemas';

async function takenBarcodes(barcodes: string[]): Promise<CopyDoc[]> {
  const res = await copiesCollection()
    .where({ barcode: _.in(barcodes) })
    .limit(barcodes.length)
    .get();
  return res.data;
}

async function copiesByIds(ids: string[]): Promise<CopyDoc[]> {
  const res = await copiesCollection()
    .where({ _id: _.in(ids) })
    .limit(ids.length)
    .get();
  const byId = new Map(res.data.map((c) => [c._id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is CopyDoc => c !== undefined);
}

/**
 * Adds copies of a book with status available and raises the book's counts, all or nothing. A barcode
 * already used (by any copy) → CONFLICT naming it, nothing added. With a request id the copies' ids are
 * derived from it, so a retried call answers the copies its first attempt added.
 */
export async function addCopies(input: AddCopiesInput, caller: Caller): Promise<{ copies: Copy[] }> {
  const n = input.barcodes?.length ?? input.count ?? 0;
  const ids = Array.from({ length: n }, (_unused, i) =>
    input.requestId
      ? derivedId('c', [caller.openid, 'addCopies', input.requestId, i])
      : randomBytes(16).toString('hex'),
  );
  if (input.requestId) {
    const first = await copiesByIds(ids);
    if (first.length > 0) return { copies: first.map(toCopy) };
  }
  const book = await requireBook(input.bookId);
  const held = await copiesCollection().where({ bookId: book._id }).count();
  if (held.total + n > MAX_COPIES_PER_BOOK) {
    throw failedPrecondition(`一种图书最多 ${MAX_COPIES_PER_BOOK} 个复本（现有 ${held.total} 个）`);
  }

  let barcodes = input.barcodes;
  if (barcodes) {
    const taken = await takenBarcodes(barcodes);
    if (taken[0]) throw conflict(`条码 ${taken[0].barcode} 已被其他复本使用，本次没有添加任何复本`);
  } else {
    barcodes = Array.from({ length: n }, generateBarcode);
    const taken = new Set((await takenBarcodes(barcodes)).map((c) => c.barcode));
    barcodes = barcodes.map((code) => (taken.has(code) ? generateBarcode() : code));
  }

  const at = now();
  const docs: CopyDoc[] = barcodes.map((barcode, i) => ({
    _id: ids[i] as string,
    barcode,
    bookId: book._id,
    location: input.location,
    status: 'available',
    source: input.source,
    donor: input.donor ?? '',
    createdAt: at,
    updatedAt: at,
  }));
  try {
    await insertCopies(book._id, docs);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    if (input.requestId) {
      const first = await copiesByIds(ids);
      if (first.length > 0) return { copies: first.map(toCopy) }; // a concurrent retry of this request
    }
    const taken = await takenBarcodes(barcodes);
    const code = taken[0]?.barcode;
    throw conflict(
      code
        ? `条码 ${code} 已被其他复本使用，本次没有添加任何复本`
        : '条码与其他复本重复，本次没有添加任何复本',
    );
  }
  await logAudit({
    actorOpenid: caller.openid,
    action: 'addCopies',
    targetId: book._id,
    detail: { barcodes, location: input.location, source: input.source, donor: input.donor ?? '' },
  });
  return { copies: docs.map(toCopy) };
}

/**
 * Sets a copy's status (available / inRepair / lost / withdrawn) and/or its location, with the reason in
 * the audit log. A copy on loan or on the hold shelf belongs to circulation: refused.
 */
export async function updateCopy(input: UpdateCopyInput, caller: Caller): Promise<{ copy: Copy }> {
  const { copy, also: before } = await changeCopy(
    {
      copyId: input.copyId,
      ...(input.status ? { to: input.status } : {}),
      ...(input.location ? { location: input.location } : {}),
      from: ['available', 'inRepair', 'lost', 'withdrawn'],
      refuse: (c) =>
        failedPrecondition(
          `复本 ${c.barcode} ${statusName(c.status)}，请先在借还台办理归还或取消预约后再修改`,
        ),
    },
    async ({ copy }) => ({ status: copy.status, location: copy.location }),
  );
  await logAudit({
    actorOpenid: caller.openid,
    action: 'updateCopy',
    targetId: copy._id,
    detail: {
      barcode: copy.barcode,
      bookId: copy.bookId,
      from: before,
      to: { status: copy.status, location: copy.location },
    },
    ...(input.reason ? { reason: input.reason } : {}),
  });
  return { copy: toCopy(copy) };
}
