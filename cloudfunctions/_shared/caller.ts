/** Who is calling and what they may do: the OPENID from the cloud context, the member and the roles. */
import type { ErrorCode } from '../../typings/api';
import type { Role } from '../../typings/entities';
import { callerOpenid } from './cloud';
import { COLLECTIONS } from './collections';
import { findById } from './docs';
import { AppError, forbidden, unauthenticated } from './errors';
import { memberIdFor, type MemberDoc } from './members';

export interface Caller {
  openid: string;
  member: MemberDoc | null;
  /** Effective roles: an active member's `member` + granted roles, plus `admin` for a first admin. */
  roles: Role[];
}

/**
 * - `public`: any WeChat user, and the handler does not need to know who (no database read for the caller:
 *   open reads such as catalogue search; the caller passed is anonymous);
 * - `anyone`: any WeChat user, registered or not;
 * - `registered`: a registered member in any status;
 * - `member`: an active member;
 * - `{ roles }`: a caller holding one of these roles (admin holds every role).
 */
export type Access = 'public' | 'anyone' | 'registered' | 'member' | { roles: Role[] };

export interface AdminsConfigDoc {
  _id: 'admins';
  openids: string[];
}

/**
 * The first admins: `ADMIN_OPENIDS` (comma-separated) in the function's environment, or the `admins`
 * document of the `config` collection in the cloud.
 */
async function isFirstAdmin(openid: string): Promise<boolean> {
  const fromEnv = (process.env.ADMIN_OPENIDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (fromEnv.includes(openid)) return true;
  const config = await findById<AdminsConfigDoc>(COLLECTIONS.config.name, 'admins');
  return Array.isArray(config?.openids) && config.openids.includes(openid);
}

export function effectiveRoles(member: MemberDoc | null, firstAdmin: boolean): Role[] {
  const roles = new Set<Role>();
  if (member?.status === 'active') {
    roles.add('member');
    for (const role of member.roles) roles.add(role);
  }
  if (firstAdmin) roles.add('admin');
  return [...roles];
}

export async function loadCaller(): Promise<Caller> {
  const openid = callerOpenid();
  if (!openid) return { openid, member: null, roles: [] };
  const [member, firstAdmin] = await Promise.all([
    findById<MemberDoc>(COLLECTIONS.members.name, memberIdFor(openid)),
    isFirstAdmin(openid),
  ]);
  return { openid, member, roles: effectiveRoles(member, firstAdmin) };
}

/** Why a caller may not act as a member (not registered, pending, suspended), or null for an active member. */
export interface MemberRefusal {
  kind: 'register' | 'pending' | 'suspended';
  code: Extract<ErrorCode, 'UNAUTHENTICATED' | 'FORBIDDEN'>;
  message: string;
}

export function memberRefusal(member: MemberDoc | null): MemberRefusal | null {
  if (!member) return { kind: 'register', code: 'UNAUTHENTICATED', message: unauthenticated().message };
  if (member.status === 'pending') {
    return { kind: 'pending', code: 'FORBIDDEN', message: '账号正在等待管理员审核' };
  }
  if (member.status === 'suspended') {
    return { kind: 'suspended', code: 'FORBIDDEN', message: '账号已被停用，请联系管理员' };
  }
  return null;
}

export function requireAccess(caller: Caller, access: Access): void {
  if (access === 'anyone' || access === 'public') return;
  if (typeof access === 'object') {
    if (caller.roles.includes('admin') || access.roles.some((r) => caller.roles.includes(r))) return;
    if (!caller.member) throw unauthenticated();
    throw forbidden();
  }
  if (!caller.member) throw unauthenticated();
  if (access === 'registered') return;
  const refusal = memberRefusal(caller.member);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/** The calling member (for actions whose access rule already requires one); UNAUTHENTICATED otherwise. */
export function memberOf(caller: Caller): MemberDoc {
  if (!caller.member) throw unauthenticated();
  return caller.member;
}
