/** Admin work on members: list, approve, suspend, roles. */
import type { Member, Role } from '../../../typings/entities';
import type { MembersRequest, Page, SetRolesRequest, SuspendRequest } from '../../../typings/functions/user';
import type { Caller } from '../../_shared/caller';
import { collection, db } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById, readPage } from '../../_shared/docs';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { logAudit } from '../../_shared/audit';
import type { MemberDoc } from '../../_shared/members';
import { toMember } from './view';

const members = () => collection<MemberDoc>(COLLECTIONS.members.name);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type MembersQuery = MembersRequest & { page: number; pageSize: number };

export async function listMembers(input: MembersQuery): Promise<Page<Member>> {
  const where: Record<string, unknown> = {};
  if (input.status) where.status = input.status;
  if (input.q) where.name = db.RegExp({ regexp: '^' + escapeRegExp(input.q) });
  const page = await readPage(
    members().where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc'),
    input,
  );
  return { items: page.items.map(toMember), hasMore: page.hasMore };
}

async function requireMember(memberId: string): Promise<MemberDoc> {
  const doc = await findById<MemberDoc>(COLLECTIONS.members.name, memberId);
  if (!doc) throw notFound('读者不存在');
  return doc;
}

function refuseSelf(caller: Caller, target: MemberDoc, what: string): void {
  if (target.openid === caller.openid) throw failedPrecondition(`不能${what}自己的账号`);
}

async function change(
  target: MemberDoc,
  patch: Partial<MemberDoc>,
  audit: { caller: Caller; action: string; reason?: string },
): Promise<Member> {
  const data = { ...patch, updatedAt: now() };
  await members().doc(target._id).update({ data });
  await logAudit({
    actorOpenid: audit.caller.openid,
    action: audit.action,
    targetId: target._id,
    detail: patch as Record<string, unknown>,
    ...(audit.reason ? { reason: audit.reason } : {}),
  });
  return toMember({ ...target, ...data });
}

export async function approve(memberId: string, caller: Caller): Promise<Member> {
  const target = await requireMember(memberId);
  if (target.status === 'active') return toMember(target);
  return change(target, { status: 'active', suspendedReason: '' }, { caller, action: 'approve' });
}

export async function suspend(input: SuspendRequest, caller: Caller): Promise<Member> {
  const target = await requireMember(input.memberId);
  refuseSelf(caller, target, '停用');
  if (target.status === 'suspended') return toMember(target);
  const reason = input.reason ?? '';
  return change(
    target,
    { status: 'suspended', suspendedReason: reason },
    { caller, action: 'suspend', reason },
  );
}

export async function setRoles(input: SetRolesRequest, caller: Caller): Promise<Member> {
  const target = await requireMember(input.memberId);
  const roles = [...new Set(input.roles.filter((r): r is Exclude<Role, 'member'> => r !== 'member'))].sort();
  if (target.openid === caller.openid && target.roles.includes('admin') && !roles.includes('admin')) {
    throw failedPrecondition('不能取消自己的管理员角色');
  }
  return change(target, { roles }, { caller, action: 'setRoles' });
}
