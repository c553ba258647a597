/** The stored member document and how a caller's openid maps to it (shared by every function). */
import { createHash } from 'node:crypto';
import type { MemberCategory, MemberStatus, Role } from '../../typings/entities';

export interface MemberDoc {
  _id: string;
  openid: string;
  name: string;
  branchId: string;
  branchName: string;
  category: MemberCategory;
  status: MemberStatus;
  roles: Role[];
  memberCode: string;
  createdAt: Date;
  updatedAt: Date;
  suspendedReason?: string;
}

/**
 * A member's document id, derived from the openid: one document per WeChat user is guaranteed by the
 * primary key, so a retried or concurrent registration cannot create a second member, and the openid
 * itself never leaves the server as an id.
 */
export function memberIdFor(openid: string): string {
  return 'm' + createHash('sha256').update(`member:${openid}`).digest('hex').slice(0, 31);
}
