/**
 * 成员管理 (admins): members by status, approve / restore, suspend with a reason after a confirmation,
 * grant roles, and the switch that makes new registrations wait for approval.
 */
import type { Member, MemberStatus, Role } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { pagedListBehavior } from '../../utils/paging';
import { userApi } from '../../services/user';
import { formatDate } from '../../utils/format';
import {
  GRANTABLE_ROLES,
  ROLE_LABELS,
  roleLabels,
  STATUS_LABELS,
  STATUS_TAG_TYPES,
} from '../../utils/labels';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { adminAccess } from '../shared/access';

const PAGE_SIZE = 20;

type Row = Member & { roleNames: string[]; createdDate: string };
type DialogKind = '' | 'suspend' | 'roles';

const TABS: { name: MemberStatus; title: string; empty: string }[] = [
  { name: 'pending', title: '待审核', empty: '没有等待审核的读者' },
  { name: 'active', title: '正常', empty: '还没有正常状态的读者' },
  { name: 'suspended', title: '已停用', empty: '没有被停用的读者' },
];

function toRow(member: Member): Row {
  return { ...member, roleNames: roleLabels(member.roles), createdDate: formatDate(member.createdAt) };
}

function emptyTitle(status: MemberStatus, q: string): string {
  if (q) return `没有姓名以“${q}”开头的读者`;
  const tab = TABS.find((t) => t.name === status);
  return tab ? tab.empty : '';
}

Component({
  behaviors: [pageBehavior, adminAccess, pagedListBehavior],
  data: {
    requireApproval: false,
    savingSettings: false,
    tabs: TABS,
    status: 'pending' as MemberStatus,
    q: '',
    items: [] as Row[],
    emptyTitle: emptyTitle('pending', ''),
    statusLabels: STATUS_LABELS,
    statusTypes: STATUS_TAG_TYPES,
    grantable: GRANTABLE_ROLES.map((role) => ({ role, label: ROLE_LABELS[role] })),
    dialog: '' as DialogKind,
    target: null as Row | null,
    targetIndex: -1,
    reason: '',
    roles: [] as string[],
  },
  methods: {
    async onLoad() {
      if (!(await this.admit())) return;
      void this.loadSettings();
      await this.loadList(true);
    },

    async loadSettings() {
      const res = await userApi.settings();
      if (res.ok) this.setData({ requireApproval: res.data.requireApproval });
    },

    async onRequireApproval(e: ValueEvent<boolean>) {
      const requireApproval = e.detail;
      this.setData({ savingSettings: true });
      const res = await userApi.saveSettings({ requireApproval });
      this.setData({ savingSettings: false });
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.setData({ requireApproval: res.data.requireApproval });
      wx.showToast({ title: res.data.requireApproval ? '已开启登记审核' : '已关闭登记审核', icon: 'none' });
    },

    /** One page of the list (pagedListBehavior): the members of the tab, names starting with `q`. */
    async fetchPage(page: number) {
      const { status, q } = this.data;
      if (page === 1) this.setData({ emptyTitle: emptyTitle(status, q) });
      const res = await userApi.members({ status, q: q || undefined, page, pageSize: PAGE_SIZE });
      return res.ok ? { ok: true as const, data: { ...res.data, items: res.data.items.map(toRow) } } : res;
    },

    onTab(e: ValueEvent<{ name: MemberStatus }>) {
      if (e.detail.name === this.data.status) return;
      this.setData({ status: e.detail.name });
      void this.loadList(true);
    },

    onSearch(e: ValueEvent<string>) {
      this.setData({ q: e.detail.trim() });
      void this.loadList(true);
    },

    onClearSearch() {
      this.setData({ q: '' });
      void this.loadList(true);
    },

    /** Puts the member the cloud answered back into the list, or drops it when it left this tab. */
    applyChange(index: number, member: Member) {
      if (member.status === this.data.status) this.setData({ [`items[${index}]`]: toRow(member) });
      else this.setData({ items: this.data.items.filter((_row, i) => i !== index) });
    },

    async onApprove(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const row = this.data.items[index];
      const res = await userApi.approve(row._id);
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.applyChange(index, res.data.member);
      wx.showToast({
        title: row.status === 'pending' ? `已通过 ${row.name}` : `已恢复 ${row.name}`,
        icon: 'none',
      });
    },

    onSuspend(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      this.setData({ dialog: 'suspend', target: this.data.items[index], targetIndex: index, reason: '' });
    },

    onReason(e: ValueEvent<string>) {
      this.setData({ reason: e.detail });
    },

    async confirmSuspend() {
      const { target, targetIndex, reason } = this.data;
      if (!target) return;
      const res = await userApi.suspend({ memberId: target._id, reason: reason.trim() || undefined });
      this.closeDialog();
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.applyChange(targetIndex, res.data.member);
      wx.showToast({ title: `已停用 ${target.name}`, icon: 'none' });
    },

    onEditRoles(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const row = this.data.items[index];
      const roles = row.roles.filter((r) => r !== 'member');
      this.setData({ dialog: 'roles', target: row, targetIndex: index, roles });
    },

    onRolesChange(e: ValueEvent<string[]>) {
      this.setData({ roles: e.detail });
    },

    async confirmRoles() {
      const { target, targetIndex, roles } = this.data;
      if (!target) return;
      const res = await userApi.setRoles({ memberId: target._id, roles: roles as Role[] });
      this.closeDialog();
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.applyChange(targetIndex, res.data.member);
      wx.showToast({ title: '角色已保存', icon: 'none' });
    },

    closeDialog() {
      this.setData({ dialog: '', target: null, targetIndex: -1 });
    },
  },
});
