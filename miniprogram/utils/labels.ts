/** The Chinese words the member reads for roles and statuses (GLOSSARY.md). */
import type { BooklistKind, MemberStatus, Role } from '../../typings/index';

export const ROLE_LABELS: Record<Role, string> = {
  member: '读者',
  librarian: '图书管理员',
  organiser: '活动组织者',
  admin: '管理员',
};

/** The roles an admin can grant; `member` comes with being an active member. */
export const GRANTABLE_ROLES: Exclude<Role, 'member'>[] = ['librarian', 'organiser', 'admin'];

export const STATUS_LABELS: Record<MemberStatus, string> = {
  pending: '待审核',
  active: '正常',
  suspended: '已停用',
};

/** Vant tag types: green for active, orange for pending, red for suspended. */
export const STATUS_TAG_TYPES: Record<MemberStatus, 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  active: 'success',
  suspended: 'danger',
};

export function roleLabels(roles: Role[]): string[] {
  return roles.map((role) => ROLE_LABELS[role]);
}

/** 专架, 必读书目, 领导荐书 (GLOSSARY.md: booklist). */
export const BOOKLIST_KIND_LABELS: Record<BooklistKind, string> = {
  shelf: '专架',
  mustRead: '必读书目',
  recommended: '领导荐书',
};
