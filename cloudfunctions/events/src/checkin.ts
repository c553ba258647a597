/**
 * Check-in (签到, docs/events-checkin.md): the organiser's screen shows a code that changes every minute
 * (checkin-code.ts); a registered member types or scans it inside the event's check-in window.
 *
 * - `checkinCode { eventId }`: the event's organiser or an admin; a published event. The event's secret
 *   is made at the first request (one conditional update: of two first requests, one secret wins);
 * - `checkin { eventId, code }`: only a registered member (waitlisted, cancelled, none: refused), only
 *   between `checkinOpensAt` and `checkinClosesAt`; a second check-in answers `attended` and changes
 *   nothing; `attendedAt` is set with a conditional update (only while registered and not yet attended).
 *   Guessing is limited: wrong codes are counted on the sign-up per minute (`checkinFailures`), and after
 *   MAX_WRONG_PER_MINUTE in a minute every attempt is refused (RESOURCE_EXHAUSTED) until the next minute.
 */
import type { z } from 'zod';
import type { CheckinCode, MySignup } from '../../../typings/functions/events';
import { memberOf, type Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { findById } from '../../_shared/docs';
import { failedPrecondition, resourceExhausted } from '../../_shared/errors';
import {
  checkinCodeAt,
  isValidCode,
  MAX_WRONG_PER_MINUTE,
  minuteOf,
  newCheckinSecret,
  parseCheckinCode,
} from './checkin-code';
import { EVENTS, eventsCollection, signupsCollection, SIGNUPS, type EventDoc, type SignupDoc } from './docs';
import { signupId } from './ids';
import { checkinWindow } from './rules';
import type { checkinInput, eventIdInput } from './schemas';
import { managedEvent, visibleEvent } from './access';

export const WRONG_CODE = '签到码不正确或已过期';

/** The event's check-in secret, made now if it has none (the first of two concurrent requests wins). */
async function secretOf(event: EventDoc): Promise<string> {
  if (event.checkinSecret) return event.checkinSecret;
  await eventsCollection()
    .where({ _id: event._id, checkinSecret: _.exists(false) })
    .update({ data: { checkinSecret: newCheckinSecret() } });
  const stored = await findById<EventDoc>(EVENTS, event._id);
  if (!stored?.checkinSecret) throw failedPrecondition('活动不存在');
  return stored.checkinSecret;
}

export async function checkinCode(input: z.infer<typeof eventIdInput>, caller: Caller): Promise<CheckinCode> {
  const event = await managedEvent(input.eventId, caller, '只有活动的组织者可以显示签到码');
  if (event.status !== 'published') throw failedPrecondition('活动未发布或已结束，不能签到');
  return checkinCodeAt(await secretOf(event), event._id, now());
}

/** Counts one wrong code in the current minute (a new minute starts the count again). */
async function countWrongCode(signupIdValue: string, minute: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const same = await signupsCollection()
      .where({ _id: signupIdValue, 'checkinFailures.minute': minute })
      .update({ data: { 'checkinFailures.count': _.inc(1) } });
    if (same.stats.updated === 1) return;
    const fresh = await signupsCollection()
      .where({ _id: signupIdValue, 'checkinFailures.minute': _.neq(minute) })
      .update({ data: { checkinFailures: _.set({ minute, count: 1 }) } });
    if (fresh.stats.updated === 1) return;
  }
}

export async function checkin(
  input: z.infer<typeof checkinInput>,
  caller: Caller,
): Promise<{ mine: MySignup }> {
  const member = memberOf(caller);
  const event = await visibleEvent(input.eventId, caller);
  const id = signupId(event._id, member._id);
  const signup = await findById<SignupDoc>(SIGNUPS, id);
  if (!signup || signup.status === 'cancelled') throw failedPrecondition('你没有报名这个活动，不能签到');
  if (signup.status === 'waitlisted') throw failedPrecondition('你还在候补名单中，获得名额后才能签到');
  if (signup.attendedAt) return { mine: { status: 'attended' } };
  if (event.status !== 'published') throw failedPrecondition('活动未在进行，不能签到');

  const at = now();
  const when = checkinWindow(event, at);
  if (when === 'before') throw failedPrecondition('签到尚未开始');
  if (when === 'after') throw failedPrecondition('签到已结束');

  const minute = minuteOf(at);
  const failures = signup.checkinFailures;
  if (failures && failures.minute === minute && failures.count >= MAX_WRONG_PER_MINUTE) {
    throw resourceExhausted('签到码输错次数过多，请一分钟后再试');
  }
  const digits = parseCheckinCode(input.code, event._id);
  if (!digits || !event.checkinSecret || !isValidCode(event.checkinSecret, event._id, digits, at)) {
    await countWrongCode(id, minute);
    throw failedPrecondition(WRONG_CODE);
  }

  const marked = await signupsCollection()
    .where({ _id: id, status: 'registered', attendedAt: _.exists(false) })
    .update({ data: { attendedAt: at, updatedAt: at } });
  if (marked.stats.updated === 1) return { mine: { status: 'attended' } };
  // a concurrent check-in (or a cancellation) came first: answer what the sign-up is now
  const current = await findById<SignupDoc>(SIGNUPS, id);
  if (current?.status === 'registered' && current.attendedAt) return { mine: { status: 'attended' } };
  throw failedPrecondition('报名状态已变化，不能签到');
}
