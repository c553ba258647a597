/** Contract of the `user` cloud function: identity, registration, members, roles and branches. */
import type { ActionSpec } from '../api';
import type { Branch, Member, MemberCategory, MemberStatus, RegistrationSettings, Role } from '../entities';

export interface LoginResult {
  openid: string;
  /** null until the caller has registered. */
  member: Member | null;
  /** Effective roles: the member's own plus admin when the openid is a configured first admin. */
  roles: Role[];
}

export interface BranchesResult {
  items: Pick<Branch, '_id' | 'name'>[];
  /** Member categories offered at registration. */
  categories: MemberCategory[];
}

export interface RegisterRequest {
  name: string;
  branchId: string;
  category: MemberCategory;
}

export interface MeResult {
  member: Member;
  roles: Role[];
}

export interface MembersRequest {
  status?: MemberStatus;
  /** Matches the start of the name. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export interface MemberIdRequest {
  memberId: string;
}

export interface SuspendRequest extends MemberIdRequest {
  reason?: string;
}

export interface SetRolesRequest extends MemberIdRequest {
  /** The extra roles (librarian, organiser, admin); `member` is implied. */
  roles: Role[];
}

export interface SaveBranchRequest {
  /** Absent: create a branch. */
  branchId?: string;
  name: string;
  order?: number;
}

export interface UserActions {
  login: ActionSpec<Record<string, never>, LoginResult>;
  branches: ActionSpec<Record<string, never>, BranchesResult>;
  register: ActionSpec<RegisterRequest, MeResult>;
  me: ActionSpec<Record<string, never>, MeResult>;
  // admin
  members: ActionSpec<MembersRequest, Page<Member>>;
  approve: ActionSpec<MemberIdRequest, { member: Member }>;
  suspend: ActionSpec<SuspendRequest, { member: Member }>;
  setRoles: ActionSpec<SetRolesRequest, { member: Member }>;
  saveBranch: ActionSpec<SaveBranchRequest, { branch: Branch }>;
  removeBranch: ActionSpec<{ branchId: string }, { removed: true }>;
  settings: ActionSpec<Record<string, never>, RegistrationSettings>;
  saveSettings: ActionSpec<RegistrationSettings, RegistrationSettings>;
}
