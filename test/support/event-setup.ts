/**
 * Events for the check-in, poster and reminder tests: an organiser and a published event of theirs,
 * made through the `events` function on a site (the shared local cloud or a private one).
 */
import type { SaveEventRequest } from '../../typings/functions/events';
import { ADMIN, newMember, okAt, type Site, type TestMember } from './circulation';

const HOUR = 3_600_000;

/** A registered member granted the organiser role by the test admin. */
export async function newOrganiser(site: Site): Promise<TestMember> {
  const organiser = await newMember(site, '职工', 'organiser');
  const { member } = await okAt(
    site,
    'user',
    'setRoles',
    { memberId: organiser.member._id, roles: ['organiser'] },
    ADMIN,
  );
  return { openid: organiser.openid, member };
}

/**
 * A published event of `organiser` (a lecture in the 书屋, starting in two hours for two hours, unless
 * `fields` say otherwise); answers its id.
 */
export async function newEvent(
  site: Site,
  organiser: TestMember,
  at: Date,
  fields: SaveEventRequest = {},
): Promise<string> {
  const startAt = new Date(at.getTime() + 2 * HOUR);
  const { eventId } = await okAt(
    site,
    'events',
    'save',
    {
      type: 'lecture',
      title: '党史学习讲座',
      place: '书屋一楼',
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 2 * HOUR).toISOString(),
      capacity: 0,
      status: 'published',
      ...fields,
    },
    organiser.openid,
  );
  return eventId;
}
