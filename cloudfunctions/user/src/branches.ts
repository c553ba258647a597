/** 党支部: listed to everyone at registration, managed by admins. */
import type { Branch } from '../../../typings/entities';
import type { SaveBranchRequest } from '../../../typings/functions/user';
import { collection } from '../../_shared/cloud';
import type { MemberDoc } from '../../_shared/members';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { conflict, failedPrecondition, notFound } from '../../_shared/errors';
import { logAudit } from '../../_shared/audit';
import type { Caller } from '../../_shared/caller';

/** A reading room has tens of branches; more than this is refused when adding. */
export const MAX_BRANCHES = 500;

const branches = () => collection<Branch>(COLLECTIONS.branches.name);
const members = () => collection<MemberDoc>(COLLECTIONS.members.name);

export async function listBranches(): Promise<Branch[]> {
  const res = await branches().orderBy('order', 'asc').orderBy('_id', 'asc').limit(MAX_BRANCHES).get();
  return res.data;
}

export async function findBranch(branchId: string): Promise<Branch | null> {
  return findById<Branch>(COLLECTIONS.branches.name, branchId);
}

export async function saveBranch(input: SaveBranchRequest, caller: Caller): Promise<Branch> {
  const sameName = await branches().where({ name: input.name }).limit(1).get();
  const clash = sameName.data[0];
  if (clash && clash._id !== input.branchId) throw conflict('已有同名的党支部');

  if (input.branchId) {
    const existing = await findBranch(input.branchId);
    if (!existing) throw notFound('党支部不存在');
    const updated: Branch = { ...existing, name: input.name, order: input.order ?? existing.order };
    await branches()
      .doc(existing._id)
      .update({ data: { name: updated.name, order: updated.order } });
    if (updated.name !== existing.name) {
      await members()
        .where({ branchId: existing._id })
        .update({ data: { branchName: updated.name } });
    }
    await logAudit({
      actorOpenid: caller.openid,
      action: 'saveBranch',
      targetId: existing._id,
      detail: { name: updated.name },
    });
    return updated;
  }

  const count = await branches().count();
  if (count.total >= MAX_BRANCHES) throw failedPrecondition(`党支部最多 ${MAX_BRANCHES} 个`);
  const order = input.order ?? count.total + 1;
  const added = await branches().add({ data: { name: input.name, order } });
  const branch: Branch = { _id: String(added._id), name: input.name, order };
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveBranch',
    targetId: branch._id,
    detail: { name: branch.name },
  });
  return branch;
}

export async function removeBranch(branchId: string, caller: Caller): Promise<void> {
  const existing = await findBranch(branchId);
  if (!existing) throw notFound('党支部不存在');
  const used = await members().where({ branchId }).count();
  if (used.total > 0) throw failedPrecondition(`该党支部还有 ${used.total} 名读者，请先调整他们的支部`);
  await branches().doc(branchId).remove();
  await logAudit({
    actorOpenid: caller.openid,
    action: 'removeBranch',
    targetId: branchId,
    detail: { name: existing.name },
  });
}
