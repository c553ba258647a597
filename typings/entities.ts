/** Entity types shared by both sides of the contract. Names follow shared/design/GLOSSARY.md. */
import type { IsoDateString } from './api';

export const ROLES = ['member', 'librarian', 'organiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The member categories offered at registration by default (they decide loan rules later). */
export const DEFAULT_MEMBER_CATEGORIES = ['党员', '入党积极分子', '干部', '学员', '职工', '群众'] as const;
export type MemberCategory = string;

/** pending: waits for an admin's approval; active: may use the reading room; suspended: blocked. */
export const MEMBER_STATUSES = ['pending', 'active', 'suspended'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface Branch {
  _id: string;
  name: string;
  /** Display order, ascending. */
  order: number;
}

export interface Member {
  _id: string;
  name: string;
  branchId: string;
  branchName: string;
  category: MemberCategory;
  status: MemberStatus;
  /** Roles granted on top of `member`; every registered member is a member. */
  roles: Role[];
  /** Opaque code shown as a QR code on 我的 and scanned at the desk; never the openid. */
  memberCode: string;
  createdAt: IsoDateString;
  suspendedReason?: string;
}

export interface RegistrationSettings {
  /** When true, new members are `pending` until an admin approves them. Off by default. */
  requireApproval: boolean;
}
