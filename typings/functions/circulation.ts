/**
 * Contract of the `circulation` cloud function: loans (borrow, lend, return, renew), holds, loan rules,
 * the desk's lists and reminders. Action names and the shapes of borrow … myHolds are fixed (acceptance
 * checks call them).
 */
import type { ActionSpec, IsoDateString } from '../api';
import type {
  CirculationSettings,
  Hold,
  HoldStatus,
  Loan,
  LoanRule,
  LoanStatus,
  ReminderKind,
} from '../entities';
import type { Page } from './user';

/** A member's loan as 我的借阅 shows it. */
export interface LoanItem {
  _id: string;
  bookId: string;
  title: string;
  barcode: string;
  borrowedAt: IsoDateString;
  dueAt: IsoDateString;
  renewals: number;
  status: LoanStatus;
  returnedAt?: IsoDateString;
  /** Active and past the due date. */
  overdue: boolean;
  /** Whether `renew` would be accepted now, and why not. */
  renewable: boolean;
  renewRefusal?: string;
}

/** A member's hold as 我的预约 shows it. */
export interface HoldItem {
  _id: string;
  bookId: string;
  title: string;
  status: HoldStatus;
  /** Place in the queue (1 = next), for a waiting hold. */
  position?: number;
  /** Pickup deadline, for a ready hold. */
  readyUntil?: IsoDateString;
  /** The copy set aside, for a ready hold. */
  barcode?: string;
  placedAt: IsoDateString;
}

export interface BorrowRequest {
  barcode: string;
  /** A retried call with the same id answers the first result and changes nothing. */
  requestId?: string;
}

export interface LendRequest extends BorrowRequest {
  /** The member code from 我的 (scanned at the desk). */
  memberCode: string;
  /** A librarian's reason to lend past the member's limit or borrowing suspension (logged with who). */
  override?: string;
}

export interface LoanResult {
  loan: LoanItem;
}

export interface ReturnResult {
  loan: Loan;
  /** Days past the due date at return (0 when on time). */
  daysLate: number;
  /** Set when the late return earned a borrowing suspension. */
  suspendedUntil?: IsoDateString;
  /** When someone is waiting: the copy goes to the hold shelf for them. */
  hold?: { holdId: string; memberName: string; readyUntil: IsoDateString };
}

/** What the book page needs to show 借阅 / 预约 in the right state for the caller. */
export interface BookCirculation {
  /** Copies on the shelf now. */
  available: number;
  /** Members waiting in the queue. */
  waiting: number;
  /** The caller's active loan of this book. */
  myLoan: LoanItem | null;
  /** The caller's waiting or ready hold on this book. */
  myHold: HoldItem | null;
  /** A hold is accepted now (no copy available, none held by the caller). */
  canHold: boolean;
  selfServiceBorrow: boolean;
}

/** A member as the desk sees them after scanning the member code. */
export interface DeskMember {
  memberId: string;
  name: string;
  branchName: string;
  category: string;
  status: string;
  rule: LoanRule;
  loans: LoanItem[];
  /** Copies waiting on the hold shelf for this member. */
  readyHolds: HoldItem[];
  borrowingSuspendedUntil?: IsoDateString;
}

/** A loan on the staff's overdue list. */
export interface OverdueLoan extends Loan {
  daysLate: number;
  memberCode: string;
  /** The last overdue reminder sent for this loan. */
  remindedAt?: IsoDateString;
}

/** A hold on the staff's lists (to pull from the shelves / awaiting pickup). */
export interface StaffHold extends Hold {
  memberCode: string;
  /** Holds to pull: barcodes of copies on the shelf now. */
  availableBarcodes?: string[];
}

/** Template ids of the subscription messages, for `wx.requestSubscribeMessage` (empty: not configured). */
export type ReminderTemplates = Record<ReminderKind, string>;

export interface CirculationActions {
  // members (an active member; `borrow` also needs self-service borrowing on)
  borrow: ActionSpec<BorrowRequest, LoanResult>;
  /** A retried call with the same `requestId` answers the loan as renewed and renews nothing twice. */
  renew: ActionSpec<{ loanId: string; requestId?: string }, LoanResult>;
  hold: ActionSpec<{ bookId: string }, { hold: HoldItem }>;
  cancelHold: ActionSpec<{ holdId: string }, { hold: HoldItem }>;
  myLoans: ActionSpec<{ page?: number; pageSize?: number }, { items: LoanItem[]; hasMore: boolean }>;
  myHolds: ActionSpec<Record<string, never>, { items: HoldItem[] }>;
  bookCirculation: ActionSpec<{ bookId: string }, BookCirculation>;
  /**
   * The caller accepted these reminders in `wx.requestSubscribeMessage` (one accepted = one message);
   * `accepted`: the kinds counted (those with a template). A retried `requestId` counts nothing again.
   * Every kind, the events function's too (eventTomorrow, eventPromoted): the one place consents are
   * counted (services/consent.ts askReminders).
   */
  consent: ActionSpec<{ kinds: ReminderKind[]; requestId?: string }, { accepted: ReminderKind[] }>;
  /** Template ids of every reminder kind and whether self-service borrowing is on (any WeChat user). */
  options: ActionSpec<Record<string, never>, { templates: ReminderTemplates; selfServiceBorrow: boolean }>;
  /**
   * The caller's consents left per kind, and the kinds to ask for now (more open loans / holds that may
   * still get them than consents left): 我的借阅 / 我的预约 ask for these, e.g. after a desk lend.
   * Event kinds are never wanted here (the event page asks at sign-up); their consents left are answered.
   */
  myReminders: ActionSpec<
    Record<string, never>,
    { consents: Record<ReminderKind, number>; wanted: ReminderKind[] }
  >;

  // librarians (and admins)
  lend: ActionSpec<LendRequest, LoanResult & { memberName: string }>;
  return: ActionSpec<{ barcode: string }, ReturnResult>;
  deskMember: ActionSpec<{ memberCode: string }, DeskMember>;
  overdue: ActionSpec<{ page?: number; pageSize?: number }, Page<OverdueLoan>>;
  remind: ActionSpec<{ loanId: string }, { sent: boolean; reason?: string }>;
  holdsToPull: ActionSpec<{ page?: number; pageSize?: number }, Page<StaffHold>>;
  awaitingPickup: ActionSpec<{ page?: number; pageSize?: number }, Page<StaffHold>>;
  /**
   * A copy pulled from the shelf for "holds to pull", scanned at the desk: set aside on the hold shelf
   * for the book's first waiting hold (answered ready, with its pickup deadline).
   */
  pull: ActionSpec<{ barcode: string }, { hold: StaffHold }>;
  /** Staff cancel a hold (a reason is logged). */
  cancelHoldFor: ActionSpec<{ holdId: string; reason: string }, { hold: HoldItem }>;

  // admins
  rules: ActionSpec<Record<string, never>, CirculationSettings>;
  saveRules: ActionSpec<CirculationSettings, CirculationSettings>;
}
