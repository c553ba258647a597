/**
 * Contract of the `events` cloud function: events (活动), sign-up (报名) with a waitlist (候补), check-in
 * (签到), invites (邀请) and the organiser's lists. Action names list … export are fixed (acceptance checks
 * call them). Times travel as ISO 8601 strings.
 */
import type { ActionSpec, IsoDateString } from '../api';
import type { EventQuestion, EventStatus, EventType, RoomEvent, Signup, SignupStatus } from '../entities';
import type { Page } from './user';

/** The caller's standing for one event. */
export interface MySignup {
  status: 'none' | 'registered' | 'waitlisted' | 'attended';
  /** Place in the waitlist (1 = next), when waitlisted. */
  position?: number;
}

/** Where an event stands in time, from its start and end and the cloud's clock. */
export type EventPhase = 'upcoming' | 'ongoing' | 'past';

/** An event as lists show it. */
export interface EventSummary {
  _id: string;
  type: EventType;
  title: string;
  poster: string;
  startAt: IsoDateString;
  endAt: IsoDateString;
  place: string;
  capacity: number;
  registered: number;
  waitlisted: number;
  signupDeadline: IsoDateString;
  status: EventStatus;
  phase: EventPhase;
  /**
   * Registered members who checked in (签到), for the organiser's list (活动管理: 报名 x/y · 候补 n · 签到 m);
   * may be absent from members' lists.
   */
  attended?: number;
}

/**
 * Why a caller cannot sign up, in the order the server checks: `closed` (活动尚未发布 / 已取消 / 已结束,
 * 报名已截止), `register` (not registered), `pending` / `suspended` (the member's account), `audience`
 * (仅限部分党支部). `message` is what `signup` would answer, in Chinese.
 */
export interface SignupRefusal {
  kind: 'closed' | 'register' | 'pending' | 'suspended' | 'audience';
  message: string;
}

/** An event's page: the event, the caller's standing and what they may do now. */
export interface EventDetail {
  /** The event without its check-in secret. */
  event: RoomEvent;
  phase: EventPhase;
  mine: MySignup;
  /**
   * Whether `signup` would be accepted now, and if not why (`signupRefusal`, with the caller not signed up
   * yet); a full event still accepts sign-ups (to the waitlist).
   */
  canSignup: boolean;
  signupRefusal?: SignupRefusal;
  /** Check-in is open now for the caller (registered, inside the window). */
  canCheckin: boolean;
  /** The caller organises it (or is an admin): the page links to the organiser's pages. */
  canManage: boolean;
  /** Branch names of the audience (empty = everyone). */
  audienceNames: string[];
}

export interface ListRequest {
  /**
   * The organiser's list (活动管理): the events the caller manages — an organiser's own, every event for an
   * admin — in any status, with 签到 counts. Without it: what members see (published and finished events
   * open to the caller's branch), whoever asks.
   */
  managed?: boolean;
  /** With `managed` any status; without it published or finished only. */
  status?: EventStatus;
  type?: EventType;
  /** Filter by time (the 活动 tab's 即将开始 / 进行中 / 往期). */
  phase?: EventPhase;
  page?: number;
  pageSize?: number;
}

export interface SignupRequest {
  eventId: string;
  /** Answers to the event's questions, by question id (required ones must be there). */
  answers?: Record<string, string>;
}

/** What `save` takes: a new event (no eventId) or an edit. Missing fields of an edit stay as they are. */
export interface SaveEventRequest {
  eventId?: string;
  /** For a create: a retried call with the same key answers the event the first one made (no second draft). */
  requestId?: string;
  type?: EventType;
  title?: string;
  description?: string;
  poster?: string;
  startAt?: IsoDateString;
  endAt?: IsoDateString;
  place?: string;
  onlineUrl?: string;
  capacity?: number;
  signupDeadline?: IsoDateString;
  audienceBranchIds?: string[];
  /** `published` publishes, `cancelled` calls it off (members are told on the page), `finished` closes. */
  status?: EventStatus;
  checkinOpensAt?: IsoDateString;
  checkinClosesAt?: IsoDateString;
  questions?: EventQuestion[];
}

/** A sign-up on the organiser's attendee list. */
export interface Attendee extends Omit<Signup, 'answers'> {
  answers: Record<string, string>;
  /** Waitlist position (1 = next), when waitlisted. */
  position?: number;
}

export interface AttendeesRequest {
  eventId: string;
  /** registered, waitlisted, attended (registered and checked in) or cancelled; all but cancelled when absent. */
  status?: SignupStatus | 'attended';
  page?: number;
  pageSize?: number;
}

export interface AttendeesResult extends Page<Attendee> {
  counts: { registered: number; waitlisted: number; attended: number; invited: number };
}

/** The organiser's check-in screen: a code that changes every minute (a photo sent to a chat soon stops working). */
export interface CheckinCode {
  /** Six digits, typed by a member without a camera. */
  code: string;
  /** What the QR code on the screen holds; scanning it inside 书屋 checks in. */
  qrText: string;
  /** When this code stops being shown (a new one replaces it). */
  refreshAt: IsoDateString;
}

export interface EventsActions {
  // anyone may look (drafts only to organisers); members act
  list: ActionSpec<ListRequest, Page<EventSummary>>;
  /**
   * `inviter`: the member id carried by the share card's path or the poster's code: opening the event
   * through it records who invited the caller (the first invite counts).
   */
  detail: ActionSpec<{ eventId: string; inviter?: string }, EventDetail>;
  /** Full → waitlisted with a position (not an error); a second sign-up answers the existing one. */
  signup: ActionSpec<SignupRequest, { mine: MySignup }>;
  /** Cancels the caller's sign-up; a freed seat goes to the first in the waitlist. */
  cancel: ActionSpec<{ eventId: string }, { mine: MySignup }>;
  /**
   * `code`: the six digits or the scanned QR text; registered members inside the window; idempotent.
   * Wrong or expired code: FAILED_PRECONDITION 签到码不正确或已过期; after 5 wrong codes in a minute:
   * RESOURCE_EXHAUSTED until the next minute (docs/events-checkin.md).
   */
  checkin: ActionSpec<{ eventId: string; code: string }, { mine: MySignup }>;
  mine: ActionSpec<{ page?: number; pageSize?: number }, Page<EventSummary & { mine: MySignup }>>;
  /**
   * The poster's mini-program code (wxacode.getUnlimited; locally a stand-in PNG) for the caller's invite,
   * made once per (event, member). `scene` is `<eventId>.<inviteKey>` (≤ 32 characters).
   */
  posterCode: ActionSpec<{ eventId: string }, { fileID: string; scene: string }>;
  /** The event id and inviter (member id) a poster's `scene` stands for; NOT_FOUND when it is none of ours. */
  resolveScene: ActionSpec<{ scene: string }, { eventId: string; inviter?: string }>;

  // organisers (of any event) and admins
  save: ActionSpec<SaveEventRequest, { eventId: string }>;
  attendees: ActionSpec<AttendeesRequest, AttendeesResult>;
  /** The organiser marks (or unmarks) a registered member's attendance by hand. */
  markAttendance: ActionSpec<
    { eventId: string; memberId: string; attended: boolean },
    { attendee: Attendee }
  >;
  /** The attendee list as a file in cloud storage (CSV or Excel), to open or forward. */
  export: ActionSpec<
    { eventId: string; format?: 'csv' | 'xlsx' },
    { fileID: string; fileName: string; rows: number }
  >;
  /** The event's organiser (or an admin), a published event: the code of this minute. */
  checkinCode: ActionSpec<{ eventId: string }, CheckinCode>;
}
