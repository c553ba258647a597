/** Who may see, sign up for and manage an event, and when (docs/events.md). */
import type { ErrorCode } from '../../../typings/api';
import type { SignupRefusal } from '../../../typings/functions/events';
import { memberRefusal, type Caller } from '../../_shared/caller';
import { EVERYONE, type EventDoc } from './docs';

const SIGNUP_CLOSED: Record<Exclude<EventDoc['status'], 'published'>, string> = {
  draft: '活动尚未发布',
  cancelled: '活动已取消',
  finished: '活动已结束',
};

/** Why nobody can sign up now (FAILED_PRECONDITION), or null while sign-up is open. */
export function signupClosedReason(
  event: Pick<EventDoc, 'status' | 'signupDeadline'>,
  at: Date,
): string | null {
  if (event.status !== 'published') return SIGNUP_CLOSED[event.status];
  if (at.getTime() > new Date(event.signupDeadline).getTime()) return '报名已截止';
  return null;
}

/** The audience value for branch ids (empty = everyone). */
export function audienceOf(branchIds: string[]): string[] {
  return branchIds.length === 0 ? [EVERYONE] : [...branchIds];
}

/** The audience values a caller belongs to: everyone's, and their branch's when registered. */
export function audienceKeys(caller: Caller): string[] {
  return caller.member?.branchId ? [EVERYONE, caller.member.branchId] : [EVERYONE];
}

export function inAudience(event: Pick<EventDoc, 'audience'>, caller: Caller): boolean {
  const keys = audienceKeys(caller);
  return event.audience.some((a) => keys.includes(a));
}

/** Organisers and admins see every status; members and visitors see published and finished events. */
export function seesAllStatuses(caller: Caller): boolean {
  return caller.roles.includes('admin') || caller.roles.includes('organiser');
}

/** The event's organiser (an active organiser still) or an admin. */
export function canManage(event: Pick<EventDoc, 'organiserId'>, caller: Caller): boolean {
  if (caller.roles.includes('admin')) return true;
  return caller.roles.includes('organiser') && caller.member?._id === event.organiserId;
}

/** Whether the caller may open the event's page at all (whoever may manage it sees every status). */
export function canSee(event: Pick<EventDoc, 'status'>, caller: Caller): boolean {
  return seesAllStatuses(caller) || event.status !== 'draft';
}

/** Where `at` lies against the event's check-in window (`checkinOpensAt` … `checkinClosesAt`, inclusive). */
export function checkinWindow(
  event: Pick<EventDoc, 'checkinOpensAt' | 'checkinClosesAt'>,
  at: Date,
): 'before' | 'open' | 'after' {
  if (at.getTime() < new Date(event.checkinOpensAt).getTime()) return 'before';
  if (at.getTime() > new Date(event.checkinClosesAt).getTime()) return 'after';
  return 'open';
}

/** Check-in is open at `at`: the event is published and `at` is inside its window. */
export function checkinOpen(
  event: Pick<EventDoc, 'status' | 'checkinOpensAt' | 'checkinClosesAt'>,
  at: Date,
): boolean {
  return event.status === 'published' && checkinWindow(event, at) === 'open';
}

/**
 * Why the caller cannot sign up now, or null when they can (a full event takes sign-ups to the waitlist):
 * the one rule `signup` throws (`code`) and `detail` answers, checked in this order: the event closed
 * (status, deadline), the caller's account (not registered, pending, suspended), the audience.
 */
export function signupRefusal(
  event: Pick<EventDoc, 'status' | 'signupDeadline' | 'audience'>,
  caller: Caller,
  at: Date,
): (SignupRefusal & { code: ErrorCode }) | null {
  const closed = signupClosedReason(event, at);
  if (closed) return { kind: 'closed', code: 'FAILED_PRECONDITION', message: closed };
  const account = memberRefusal(caller.member);
  if (account) return account;
  if (!inAudience(event, caller)) {
    return { kind: 'audience', code: 'FORBIDDEN', message: '本活动仅限部分党支部报名' };
  }
  return null;
}
