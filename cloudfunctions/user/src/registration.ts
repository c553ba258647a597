/** A member's own identity: login, registration, the member card. */
import type { LoginResult, MeResult, RegisterRequest } from '../../../typings/functions/user';
import type { Caller } from '../../_shared/caller';
import { effectiveRoles } from '../../_shared/caller';
import { collection } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById, isDuplicateKey } from '../../_shared/docs';
import { invalidArgument, notFound, unauthenticated } from '../../_shared/errors';
import { memberIdFor, newMemberCode, type MemberDoc } from '../../_shared/members';
import { findBranch } from './branches';
import { readSettings } from './settings';
import { toMember } from './view';

export function login(caller: Caller): LoginResult {
  return { openid: caller.openid, member: caller.member && toMember(caller.member), roles: caller.roles };
}

export function me(caller: Caller): MeResult {
  if (!caller.member) throw unauthenticated();
  return { member: toMember(caller.member), roles: caller.roles };
}

/**
 * Registers the caller. The member id is derived from the openid, so the insert itself is the uniqueness
 * check: a retried or concurrent registration answers the member that exists and changes nothing.
 */
export async function register(input: RegisterRequest, caller: Caller): Promise<MeResult> {
  if (caller.member) return me(caller);
  const settings = await readSettings();
  if (!settings.categories.includes(input.category)) throw invalidArgument('请选择有效的人员类别');
  const branch = await findBranch(input.branchId);
  if (!branch) throw notFound('所选党支部不存在，请重新选择');

  const at = now();
  const id = memberIdFor(caller.openid);
  // The insert is the uniqueness check. A duplicate is either this member (a concurrent or retried call:
  // answer it) or, astronomically rarely, another member's code (draw a new one).
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc: MemberDoc = {
      _id: id,
      openid: caller.openid,
      name: input.name,
      branchId: branch._id,
      branchName: branch.name,
      category: input.category,
      status: settings.requireApproval ? 'pending' : 'active',
      roles: [],
      memberCode: newMemberCode(),
      createdAt: at,
      updatedAt: at,
    };
    try {
      await collection<MemberDoc>(COLLECTIONS.members.name).add({ data: doc });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await findById<MemberDoc>(COLLECTIONS.members.name, id);
    if (stored)
      return { member: toMember(stored), roles: effectiveRoles(stored, caller.roles.includes('admin')) };
  }
  throw new Error('could not store the member after 3 attempts');
}
