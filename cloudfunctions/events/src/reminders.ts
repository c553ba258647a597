/**
 * Event reminders (subscription messages, docs/events-checkin.md "Reminders"): `eventTomorrow`, the day
 * before an event, to each registered member; `eventPromoted`, when a waitlisted member gets a seat. Each
 * at most once per sign-up: the claim is on the sign-up (`reminders.<kind>`, only while it is still
 * `registered`); the consent, the send and the record are the shared rule (_shared/reminders/deliver.ts).
 */
import type { ReminderKind } from '../../../typings/entities';
import { chinaDateTimeText } from '../../_shared/china-time';
import { _ } from '../../_shared/cloud';
import type { ReminderConfig } from '../../_shared/reminders/config';
import { deliverOrFail, type ReminderOutcome } from '../../_shared/reminders/deliver';
import { thing, type FieldsOf, type MessageData } from '../../_shared/reminders/message';
import { SIGNUPS, type EventDoc, type SignupDoc } from './docs';

export type EventReminderKind = Extract<ReminderKind, 'eventTomorrow' | 'eventPromoted'>;

/** What a reminder needs of a sign-up. */
export type RemindedSignup = Pick<SignupDoc, '_id' | 'memberId' | 'eventId'>;

/** What a message says of the event. */
export type ReminderEvent = Pick<EventDoc, '_id' | 'title' | 'startAt' | 'place' | 'onlineUrl'>;

const NOTES: Record<EventReminderKind, string> = {
  eventTomorrow: '活动明天开始，请准时到场签到',
  eventPromoted: '候补成功，已为你保留名额',
};

/** The page a message opens: the event. */
export function eventPage(eventId: string): string {
  return `pages/event/index?id=${eventId}`;
}

/** The message's data: the event's title, its start (`time`), its place, a note; within WeChat's limits. */
export function eventMessage(
  kind: EventReminderKind,
  event: ReminderEvent,
  fields: FieldsOf<EventReminderKind>,
): MessageData {
  const place = event.place || (event.onlineUrl ? '线上活动' : '详见活动页面');
  return {
    [fields.title]: { value: thing(event.title) },
    [fields.time]: { value: chinaDateTimeText(new Date(event.startAt)) },
    [fields.place]: { value: thing(place) },
    [fields.note]: { value: thing(NOTES[kind]) },
  };
}

/**
 * Sends one event reminder for a sign-up unless it was already sent (or claimed) for it, and only while
 * the sign-up holds a seat. Never throws: a failure is logged and answered as `failed`.
 */
export async function sendEventReminder(
  kind: EventReminderKind,
  signup: RemindedSignup,
  event: ReminderEvent,
  options: { config: ReminderConfig; now: Date },
): Promise<ReminderOutcome> {
  return deliverOrFail(kind, `${SIGNUPS}/${signup._id}`, () => ({
    kind,
    slot: kind,
    collectionName: SIGNUPS,
    targetId: signup._id,
    memberId: signup.memberId,
    page: eventPage(event._id),
    message: (fields) => eventMessage(kind, event, fields),
    claimFilter: { _id: signup._id, status: 'registered', [`reminders.${kind}`]: _.exists(false) },
    config: options.config,
    now: options.now,
  }));
}
