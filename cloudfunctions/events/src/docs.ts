/** The stored documents of the events function, typed handles on their collections, and how they are shown. */
import type { ReminderKind, RoomEvent, Signup } from '../../../typings/entities';
import type { ReminderRecords } from '../../_shared/reminders/deliver';
import type { Attendee, EventSummary, EventPhase } from '../../../typings/functions/events';
import { collection } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';

export const EVENTS = COLLECTIONS.events.name;
export const SIGNUPS = COLLECTIONS.signups.name;
export const INVITES = COLLECTIONS.invites.name;
export const MEMBERS = COLLECTIONS.members.name;
export const BRANCHES = COLLECTIONS.branches.name;

type EventTimes =
  'startAt' | 'endAt' | 'signupDeadline' | 'checkinOpensAt' | 'checkinClosesAt' | 'createdAt' | 'updatedAt';

/** The `audience` value of an event open to everyone. */
export const EVERYONE = 'all';

/** A stored event: the API's `RoomEvent` with real dates, plus what queries and the waitlist need. */
export interface EventDoc extends Omit<RoomEvent, EventTimes> {
  startAt: Date;
  endAt: Date;
  signupDeadline: Date;
  checkinOpensAt: Date;
  checkinClosesAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** [EVERYONE] or the audience's branch ids: one indexed equality answers "may this member see it". */
  audience: string[];
  /** The next waitlist sequence number; taken and increased in the sign-up's transaction. */
  nextWaitlistSeq: number;
  /** Check-in secret (check-in module); never answered. */
  checkinSecret?: string;
}

type SignupTimes = 'signedUpAt' | 'promotedAt' | 'cancelledAt' | 'attendedAt';

/** A stored sign-up (`_id` = signupId(eventId, memberId)). */
export interface SignupDoc extends Omit<Signup, SignupTimes> {
  signedUpAt: Date;
  promotedAt?: Date;
  cancelledAt?: Date;
  attendedAt?: Date;
  updatedAt: Date;
  /** Event reminders sent or skipped for this sign-up (reminders.ts; consents are counted on the member). */
  reminders?: ReminderRecords<Extract<ReminderKind, 'eventTomorrow' | 'eventPromoted'>>;
  /** Wrong check-in codes in one minute (checkin.ts: the guessing limit). */
  checkinFailures?: { minute: number; count: number };
}

/** Who brought whom (`_id` = inviteId(eventId, inviteeId)): the first invite opened counts. */
export interface InviteDoc {
  _id: string;
  eventId: string;
  inviteeId: string;
  inviterId: string;
  inviterName: string;
  openedAt: Date;
}

export const eventsCollection = () => collection<EventDoc>(EVENTS);
export const signupsCollection = () => collection<SignupDoc>(SIGNUPS);
export const invitesCollection = () => collection<InviteDoc>(INVITES);

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

/** The event as callers see it: without its secret and the internal fields. */
export function toRoomEvent(doc: EventDoc): RoomEvent {
  const { audience: _a, nextWaitlistSeq: _n, checkinSecret: _s, ...rest } = doc;
  return {
    ...rest,
    startAt: iso(doc.startAt) as string,
    endAt: iso(doc.endAt) as string,
    signupDeadline: iso(doc.signupDeadline) as string,
    checkinOpensAt: iso(doc.checkinOpensAt) as string,
    checkinClosesAt: iso(doc.checkinClosesAt) as string,
    createdAt: iso(doc.createdAt) as string,
    updatedAt: iso(doc.updatedAt) as string,
  };
}

export function phaseOf(event: Pick<EventDoc, 'startAt' | 'endAt'>, at: Date): EventPhase {
  if (at.getTime() < new Date(event.startAt).getTime()) return 'upcoming';
  if (at.getTime() < new Date(event.endAt).getTime()) return 'ongoing';
  return 'past';
}

export function toSummary(doc: EventDoc, at: Date): EventSummary {
  return {
    _id: doc._id,
    type: doc.type,
    title: doc.title,
    poster: doc.poster,
    startAt: iso(doc.startAt) as string,
    endAt: iso(doc.endAt) as string,
    place: doc.place,
    capacity: doc.capacity,
    registered: doc.registered,
    waitlisted: doc.waitlisted,
    signupDeadline: iso(doc.signupDeadline) as string,
    status: doc.status,
    phase: phaseOf(doc, at),
  };
}

export function toSignup(doc: SignupDoc): Signup {
  const {
    updatedAt: _u,
    reminders: _r,
    checkinFailures: _f,
    signedUpAt,
    promotedAt,
    cancelledAt,
    attendedAt,
    ...rest
  } = doc;
  return {
    ...rest,
    signedUpAt: iso(signedUpAt) as string,
    ...(promotedAt ? { promotedAt: iso(promotedAt) } : {}),
    ...(cancelledAt ? { cancelledAt: iso(cancelledAt) } : {}),
    ...(attendedAt ? { attendedAt: iso(attendedAt) } : {}),
  };
}

export function toAttendee(doc: SignupDoc, position?: number): Attendee {
  return { ...toSignup(doc), answers: doc.answers ?? {}, ...(position ? { position } : {}) };
}
