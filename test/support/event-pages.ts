/**
 * For the event member pages' tests and gallery scenes: an organiser (a member given the role by the test
 * admin), events published through the `events` function, members who sign up, on a given local cloud
 * (the shared one or a private one). Times are relative to the cloud's clock as the caller passes it.
 */
import type { SaveEventRequest } from '../../typings';
import { newOpenid } from './cloud';
import { callAt } from './circulation-admin';

export interface EventPerson {
  openid: string;
  memberId: string;
  name: string;
}

/** A registered, active member of `branchId` (registration needs no approval by default). */
export async function eventMember(
  cloudUrl: string,
  name: string,
  branchId = 'branch-office-1',
  openid = newOpenid('event'),
): Promise<EventPerson> {
  const { member } = await callAt(cloudUrl, 'user', 'register', { name, branchId, category: '党员' }, openid);
  return { openid, memberId: member._id, name };
}

/** A member made organiser by the admin `admin`. */
export async function eventOrganiser(
  cloudUrl: string,
  admin: string,
  name = '组织者',
  openid = newOpenid('organiser'),
): Promise<EventPerson> {
  const person = await eventMember(cloudUrl, name, 'branch-office-1', openid);
  await callAt(cloudUrl, 'user', 'setRoles', { memberId: person.memberId, roles: ['organiser'] }, admin);
  return person;
}

const HOUR = 3600_000;

/** ISO time `hours` from `from`. */
export const inHours = (hours: number, from: Date = new Date()): string =>
  new Date(from.getTime() + hours * HOUR).toISOString();

/**
 * A published event starting in `startsIn` hours for two hours (sign-up until an hour before the start),
 * with what `fields` change; answers its id.
 */
export async function publishEvent(
  cloudUrl: string,
  organiser: string,
  fields: SaveEventRequest & { startsIn?: number } = {},
  now: Date = new Date(),
): Promise<string> {
  const { startsIn = 48, ...rest } = fields;
  const { eventId } = await callAt(
    cloudUrl,
    'events',
    'save',
    {
      type: 'readingShare',
      title: '读书分享会',
      description: '共读一本书，交流心得。',
      place: '党校书屋',
      capacity: 50,
      startAt: inHours(startsIn, now),
      endAt: inHours(startsIn + 2, now),
      signupDeadline: inHours(startsIn - 1, now),
      status: 'published',
      ...rest,
    },
    organiser,
  );
  return eventId;
}

/** Signs `people` up one after another (the order of the waitlist). */
export async function signUpAll(cloudUrl: string, eventId: string, people: EventPerson[]): Promise<void> {
  for (const person of people) await callAt(cloudUrl, 'events', 'signup', { eventId }, person.openid);
}
