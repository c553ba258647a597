/** The stored member document and how a caller's openid maps to it (shared by every function). */
import { createHash } from 'node:crypto';
import type { Member } from '../../typings/entities';
import { randomCode } from './ids';

/** The stored member: the API's `Member` plus the openid (never answered) and real dates. */
export interface MemberDoc extends Omit<Member, 'createdAt'> {
  openid: string;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A member's document id, derived from the openid: one document per WeChat user is guaranteed by the
 * primary key, so a retried or concurrent registration cannot create a second member, and the openid
 * itself never leaves the server as an id.
 */
export function memberIdFor(openid: string): string {
  return 'm' + createHash('sha256').update(`member:${openid}`).digest('hex').slice(0, 31);
}

/** The member code shown as a QR code on 我的 and scanned at the desk: `M` + 11 characters. */
export function newMemberCode(): string {
  return 'M' + randomCode(11);
}
