/** Typed client of the `user` cloud function (typings/functions/user.ts). */
import type {
  MembersRequest,
  RegisterRequest,
  RegistrationSettings,
  SaveBranchRequest,
  SetRolesRequest,
  SuspendRequest,
} from '../../typings/index';
import { call } from './call';

export const userApi = {
  login: () => call('user', 'login', {}),
  branches: () => call('user', 'branches', {}),
  register: (req: RegisterRequest) => call('user', 'register', req),
  me: () => call('user', 'me', {}),
  // admin
  members: (req: MembersRequest) => call('user', 'members', req),
  approve: (memberId: string) => call('user', 'approve', { memberId }),
  suspend: (req: SuspendRequest) => call('user', 'suspend', req),
  setRoles: (req: SetRolesRequest) => call('user', 'setRoles', req),
  saveBranch: (req: SaveBranchRequest) => call('user', 'saveBranch', req),
  removeBranch: (branchId: string) => call('user', 'removeBranch', { branchId }),
  settings: () => call('user', 'settings', {}),
  saveSettings: (req: RegistrationSettings) => call('user', 'saveSettings', req),
};
