/**
 * What the events tests create for themselves — members of a chosen branch, organisers, events — on the
 * shared local cloud or a private one, always through the functions.
 */
import { randomBytes } from 'node:crypto';
import type { SaveEventRequest } from '../../typings/functions/events';
import { ADMIN, functionAt, newMember, okAt, type Site, type TestMember } from './circulation';

export const BRANCH_1 = 'branch-office-1';

/** The seeded demo organiser 张红梅 (scripts/seed/demo.ts). */
export const DEMO_ORGANISER = 'demo-organiser';
export const BRANCH_2 = 'branch-office-2';

/** An events call on a site. */
export const { call: ev, ok: evOk } = functionAt('events');

/** A registered, active member of `branchId`. */
export const member = (site: Site, branchId = BRANCH_1, label = 'ev'): Promise<TestMember> =>
  newMember(site, '党员', label, branchId);

/** A member granted the organiser role by the test admin. */
export async function organiser(site: Site, branchId = BRANCH_1): Promise<TestMember> {
  const o = await member(site, branchId, 'organiser');
  const { member: m } = await okAt(
    site,
    'user',
    'setRoles',
    { memberId: o.member._id, roles: ['organiser'] },
    ADMIN,
  );
  return { openid: o.openid, member: m };
}

const HOUR = 3600_000;

/** A time `hours` from `from` (default: the real now; pass the cloud's now after moving its clock). */
export function hoursFrom(hours: number, from = new Date()): string {
  return new Date(from.getTime() + hours * HOUR).toISOString();
}

/** A published event two days ahead (two hours long) with `capacity` seats, organised by `by`. */
export async function publishedEvent(
  site: Site,
  by: Pick<TestMember, 'openid'>,
  fields: SaveEventRequest = {},
): Promise<string> {
  const { eventId } = await evOk(
    site,
    'save',
    {
      type: 'readingShare',
      title: `读书分享会${randomBytes(2).toString('hex')}`,
      description: '一起读《红岩》',
      startAt: hoursFrom(48),
      endAt: hoursFrom(50),
      place: '党校书屋',
      capacity: 2,
      status: 'published',
      ...fields,
    },
    by.openid,
  );
  return eventId;
}

export { inBatches } from './circulation';
