/** The stored member document and how a caller's openid maps to it (shared by every function). */
import { createHash, randomInt } from 'node:crypto';
import type { Member } from '../../typings/entities';

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

/** Unambiguous characters for codes read aloud or typed at the desk (no 0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The member code shown as a QR code on 我的 and scanned at the desk: `M` + 11 characters. */
export function newMemberCode(): string {
  let code = 'M';
  for (let i = 0; i < 11; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
