/**
 * For the event member pages' tests and gallery scenes, on top of test/support/events.ts (members,
 * organisers, published events): an event's times from "starts in N hours", and sign-ups in order.
 */
import type { SaveEventRequest } from '../../typings';
import { okAt, type Site, type TestMember } from './circulation';
import { DEMO_ORGANISER, evOk, hoursFrom } from './events';

/** Times of an event starting `startsIn` hours after `now`, two hours long, sign-up until an hour before. */
export function startingIn(startsIn: number, now = new Date()): SaveEventRequest {
  return {
    startAt: hoursFrom(startsIn, now),
    endAt: hoursFrom(startsIn + 2, now),
    signupDeadline: hoursFrom(startsIn - 1, now),
  };
}

/** Signs the members up one after another (the order of the waitlist). */
export async function signUpAll(site: Site, eventId: string, openids: string[]): Promise<void> {
  for (const openid of openids) await evOk(site, 'signup', { eventId }, openid);
}

/** The seeded demo organiser 张红梅 of a private cloud (whose admin is no test admin). */
export async function demoOrganiser(site: Site): Promise<TestMember> {
  const { member } = await okAt(site, 'user', 'login', {}, DEMO_ORGANISER);
  if (!member) throw new Error('the demo organiser is not seeded');
  return { openid: DEMO_ORGANISER, member };
}
