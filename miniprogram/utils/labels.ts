/** The Chinese words the member reads for roles and statuses (GLOSSARY.md). */
import type {
  BooklistKind,
  CopySource,
  CopyStatus,
  EventType,
  MemberStatus,
  Role,
} from '../../typings/index';

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

/** A copy's status as staff and members read it (GLOSSARY.md: copy). */
export const COPY_STATUS_LABELS: Record<CopyStatus, string> = {
  available: '在架',
  onLoan: '借出',
  onHoldShelf: '预约待取',
  inRepair: '维修',
  lost: '丢失',
  withdrawn: '剔除',
};

/** Vant tag types: green on the shelf, blue out, orange set aside or in repair, red gone. */
export const COPY_STATUS_TAG_TYPES: Record<
  CopyStatus,
  'success' | 'primary' | 'warning' | 'danger' | 'default'
> = {
  available: 'success',
  onLoan: 'primary',
  onHoldShelf: 'warning',
  inRepair: 'warning',
  lost: 'danger',
  withdrawn: 'default',
};

/** Where a copy came from (GLOSSARY.md: donation). */
export const COPY_SOURCE_LABELS: Record<CopySource, string> = {
  purchase: '购买',
  librarySelection: '图书馆选配',
  unitDonation: '单位捐赠',
  memberDonation: '个人捐赠',
};

/** Event types in the order pickers and filters offer them (typings' EVENT_TYPES cannot load at run time). */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  themeDay: '主题党日',
  lecture: '讲座',
  readingShare: '读书分享会',
  speechContest: '演讲比赛',
  essayContest: '征文',
  visit: '参观',
  training: '培训',
  other: '其他',
};
