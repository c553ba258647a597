/** The `user` cloud function: identity, registration, members, roles and branches. */
import { z } from 'zod';
import { MEMBER_STATUSES, ROLES } from '../../../typings/entities';
import type { UserActions } from '../../../typings/functions/user';
import { action, createMain, type ActionTable } from '../../_shared/router';
import { id, pageNumber, pageSize, text } from '../../_shared/validation';
import { listBranches, removeBranch, saveBranch } from './branches';
import { approve, listMembers, setRoles, suspend } from './members';
import { login, me, register } from './registration';
import { readSettings, saveSettings } from './settings';

const nothing = z.object({});
const admin = { roles: ['admin' as const] };
const memberId = z.object({ memberId: id('读者编号') });

const actions: ActionTable<UserActions> = {
  login: { access: 'anyone', input: nothing, handler: async (_input, caller) => login(caller) },
  branches: {
    access: 'anyone',
    input: nothing,
    handler: async () => {
      const [branches, settings] = await Promise.all([listBranches(), readSettings()]);
      return { items: branches.map(({ _id, name }) => ({ _id, name })), categories: settings.categories };
    },
  },
  register: {
    access: 'anyone',
    input: z.object({
      name: text('姓名', 20),
      branchId: id('党支部'),
      category: text('人员类别', 20),
    }),
    handler: register,
  },
  me: { access: 'registered', input: nothing, handler: async (_input, caller) => me(caller) },

  members: action({
    access: admin,
    input: z.object({
      status: z.enum(MEMBER_STATUSES, { error: '读者状态无效' }).optional(),
      q: text('搜索内容', 20).optional(),
      page: pageNumber(),
      pageSize: pageSize(50, 20),
    }),
    handler: listMembers,
  }),
  approve: {
    access: admin,
    input: memberId,
    handler: async (input, caller) => ({ member: await approve(input.memberId, caller) }),
  },
  suspend: {
    access: admin,
    input: memberId.extend({ reason: text('停用原因', 100).optional() }),
    handler: async (input, caller) => ({ member: await suspend(input, caller) }),
  },
  setRoles: {
    access: admin,
    input: memberId.extend({ roles: z.array(z.enum(ROLES, { error: '角色无效' })).max(ROLES.length) }),
    handler: async (input, caller) => ({ member: await setRoles(input, caller) }),
  },
  saveBranch: {
    access: admin,
    input: z.object({
      branchId: id('党支部').optional(),
      name: text('党支部名称', 40),
      order: z.number({ error: '排序必须是数字' }).int().min(0).max(100000).optional(),
    }),
    handler: async (input, caller) => ({ branch: await saveBranch(input, caller) }),
  },
  removeBranch: {
    access: admin,
    input: z.object({ branchId: id('党支部') }),
    handler: async (input, caller) => {
      await removeBranch(input.branchId, caller);
      return { removed: true as const };
    },
  },
  settings: {
    access: admin,
    input: nothing,
    handler: async () => ({ requireApproval: (await readSettings()).requireApproval }),
  },
  saveSettings: {
    access: admin,
    input: z.object({ requireApproval: z.boolean({ error: '审核开关必须是是或否' }) }),
    handler: saveSettings,
  },
};

export const main = createMain(actions);
