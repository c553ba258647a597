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

// ——— catalogue ———

/** The eight default book categories of a party-building reading room, in their usual order. */
export const DEFAULT_BOOK_CATEGORIES = [
  '马列理论',
  '党史党建',
  '政治读物',
  '综合读物',
  '廉政建设',
  '人文社科',
  '文学艺术',
  '民族文化',
] as const;

export interface BookCategory {
  _id: string;
  name: string;
  /** Display order, ascending. */
  order: number;
}

export interface Book {
  _id: string;
  /** ISBN-13 without hyphens; empty when the book has none (or it is unknown). */
  isbn13: string;
  /** ISBN-10 without hyphens, when the book has one (books before 2007). */
  isbn10: string;
  title: string;
  subtitle: string;
  author: string;
  translator: string;
  publisher: string;
  /** Publication year; 0 when unknown. */
  year: number;
  categoryId: string;
  tags: string[];
  summary: string;
  /** A cloud file ID (`cloud://…`) or an https URL; empty for none. */
  cover: string;
  createdAt: IsoDateString;
  /** Copies on the shelf now (status available). */
  available: number;
  /** Copies the reading room holds (every status but withdrawn and lost). */
  total: number;
}

/** A copy's status: `onHoldShelf` is set aside for the first member waiting (circulation). */
export const COPY_STATUSES = ['available', 'onLoan', 'onHoldShelf', 'inRepair', 'lost', 'withdrawn'] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/** Where a copy came from: bought, chosen by the library, given by a unit, given by a member. */
export const COPY_SOURCES = ['purchase', 'librarySelection', 'unitDonation', 'memberDonation'] as const;
export type CopySource = (typeof COPY_SOURCES)[number];

export interface Copy {
  _id: string;
  barcode: string;
  bookId: string;
  location: string;
  status: CopyStatus;
  source: CopySource;
  /** The donating unit or member, for donations. */
  donor: string;
  createdAt: IsoDateString;
}

/** 专架 (a curated display), 必读书目 (a must-read list), 领导荐书 (a leader's recommended list). */
export const BOOKLIST_KINDS = ['shelf', 'mustRead', 'recommended'] as const;
export type BooklistKind = (typeof BOOKLIST_KINDS)[number];

export interface BooklistItem {
  bookId: string;
  /** The curator's word on this book, optional. */
  comment: string;
}

export interface Booklist {
  _id: string;
  kind: BooklistKind;
  title: string;
  description: string;
  /** Who recommends it (领导荐书: the leader's name) and their unit; may be empty for a shelf. */
  curator: string;
  curatorUnit: string;
  /** Featured lists show on the 书目 tab, by `order`. */
  featured: boolean;
  order: number;
  items: BooklistItem[];
  updatedAt: IsoDateString;
}

// ——— circulation ———

/** The limits a member category borrows under (借阅规则). */
export interface LoanRule {
  /** Current loans at most. */
  maxLoans: number;
  /** Days from borrowing to the due date. */
  loanDays: number;
  /** Renewals allowed per loan. */
  renewals: number;
  /** Days a renewal adds to the due date. */
  renewalDays: number;
  /** Refuse a renewal while another member is waiting for the book. */
  noRenewalWhenHeld: boolean;
  /** Days a copy waits on the hold shelf for the member it is set aside for. */
  pickupDays: number;
  /** Days of borrowing suspension a late return earns (once per late return); 0 = none. */
  overdueSuspensionDays: number;
}

export const DEFAULT_LOAN_RULE: LoanRule = {
  maxLoans: 5,
  loanDays: 30,
  renewals: 1,
  renewalDays: 15,
  noRenewalWhenHeld: true,
  pickupDays: 3,
  overdueSuspensionDays: 0,
};

export interface CirculationSettings {
  /** Members may borrow by scanning a copy themselves (off: only the desk lends). */
  selfServiceBorrow: boolean;
  /** The rule of every member category without a rule of its own. */
  defaultRule: LoanRule;
  /** Rules of particular member categories (党员, 学员 …), whole rules, not patches. */
  categoryRules: { category: MemberCategory; rule: LoanRule }[];
}

/** active: the copy is with the member; returned: ended (history). Overdue is active past `dueAt`. */
export const LOAN_STATUSES = ['active', 'returned'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export interface Loan {
  _id: string;
  memberId: string;
  memberName: string;
  bookId: string;
  title: string;
  copyId: string;
  barcode: string;
  borrowedAt: IsoDateString;
  dueAt: IsoDateString;
  renewals: number;
  status: LoanStatus;
  returnedAt?: IsoDateString;
  /** Lent at the desk by this staff member (absent: self-service borrow). */
  lentBy?: string;
}

/**
 * waiting: in the queue; ready: a copy is on the hold shelf for this member until `readyUntil`;
 * fulfilled: the member borrowed it; expired: not picked up in time; cancelled: by the member or staff.
 */
export const HOLD_STATUSES = ['waiting', 'ready', 'fulfilled', 'expired', 'cancelled'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export interface Hold {
  _id: string;
  memberId: string;
  memberName: string;
  bookId: string;
  title: string;
  status: HoldStatus;
  placedAt: IsoDateString;
  /** The copy set aside (ready). */
  copyId?: string;
  barcode?: string;
  readyAt?: IsoDateString;
  readyUntil?: IsoDateString;
  endedAt?: IsoDateString;
}

/**
 * The kinds of reminder (subscription message) the reading room sends: loans (dueSoon, overdue), holds
 * (holdReady, holdExpiring), events (eventTomorrow: the day before; eventPromoted: a waitlisted member got
 * a seat).
 */
export const REMINDER_KINDS = [
  'dueSoon',
  'overdue',
  'holdReady',
  'holdExpiring',
  'eventTomorrow',
  'eventPromoted',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

// ——— events ———

/** 主题党日, 讲座, 读书分享会, 演讲比赛, 征文, 参观, 培训, 其他 (labels: miniprogram/utils/labels.ts). */
export const EVENT_TYPES = [
  'themeDay',
  'lecture',
  'readingShare',
  'speechContest',
  'essayContest',
  'visit',
  'training',
  'other',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** draft: only organisers see it; published: open; cancelled: called off; finished: closed by an organiser. */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled', 'finished'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** A question asked at sign-up (e.g. 单位, 是否自带书目, 演讲题目). */
export interface EventQuestion {
  /** Stable within the event: answers are keyed by it. */
  id: string;
  label: string;
  kind: 'text' | 'choice';
  /** The choices, for `choice`. */
  options: string[];
  required: boolean;
}

/**
 * An event (活动) of the reading room. Named RoomEvent so that it never meets the DOM's `Event`.
 * Times are ISO 8601 strings.
 */
export interface RoomEvent {
  _id: string;
  type: EventType;
  title: string;
  description: string;
  /** A cloud file ID (`cloud://…`) or an https URL; empty for none. */
  poster: string;
  startAt: IsoDateString;
  endAt: IsoDateString;
  /** Where it happens; may be empty for an online event. */
  place: string;
  /** A link for an online event; empty otherwise. */
  onlineUrl: string;
  /** Seats; 0 = unlimited. */
  capacity: number;
  /** Sign-up closes at this time (usually before `startAt`). */
  signupDeadline: IsoDateString;
  /** Branches (党支部) invited; empty = everyone. */
  audienceBranchIds: string[];
  organiserId: string;
  organiserName: string;
  status: EventStatus;
  /** Check-in is accepted from … until (by default an hour before the start until the end). */
  checkinOpensAt: IsoDateString;
  checkinClosesAt: IsoDateString;
  questions: EventQuestion[];
  /** Members registered (holding a seat) and waiting, kept with every sign-up change. */
  registered: number;
  waitlisted: number;
  createdAt: IsoDateString;
  updatedAt: IsoDateString;
}

/** registered: holds a seat; waitlisted: in line for one (候补); cancelled: by the member (or organiser). */
export const SIGNUP_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** A member's sign-up (报名) for an event; one per member and event. */
export interface Signup {
  _id: string;
  eventId: string;
  memberId: string;
  memberName: string;
  branchName: string;
  status: SignupStatus;
  signedUpAt: IsoDateString;
  /** Waitlist order: lower goes first (the member's position is derived from it). */
  waitlistSeq?: number;
  promotedAt?: IsoDateString;
  cancelledAt?: IsoDateString;
  /** Checked in (签到); a registered member only. */
  attendedAt?: IsoDateString;
  /** Answers to the event's questions, by question id. */
  answers: Record<string, string>;
  /** The member whose invite card (邀请) brought this member to the event, when one did. */
  invitedBy?: string;
  invitedByName?: string;
}
