/**
 * What the events tests create for themselves — members of a chosen branch, organisers, events — on the
 * shared local cloud or a private one, always through the functions.
 */
import { randomBytes } from 'node:crypto';
import type { ApiResult, CloudFunctions, RequestOf, ResponseOf } from '../../typings';
import type { SaveEventRequest } from '../../typings/functions/events';
import { newOpenid } from './cloud';
import { ADMIN, callAt, okAt, type Site, type TestMember } from './circulation';

type Events = CloudFunctions['events'];

export const BRANCH_1 = 'branch-office-1';
export const BRANCH_2 = 'branch-office-2';

export function ev<A extends keyof Events & string>(
  site: Site,
  action: A,
  params: RequestOf<Events, A>,
  openid: string,
): Promise<ApiResult<ResponseOf<Events, A>>> {
  return callAt(site, 'events', action, params, openid);
}

export function evOk<A extends keyof Events & string>(
  site: Site,
  action: A,
  params: RequestOf<Events, A>,
  openid: string,
): Promise<ResponseOf<Events, A>> {
  return okAt(site, 'events', action, params, openid);
}

/** A registered, active member of `branchId`. */
export async function member(site: Site, branchId = BRANCH_1, label = 'ev'): Promise<TestMember> {
  const openid = newOpenid(label);
  const name = `党员${randomBytes(2).toString('hex')}`;
  const { member: m } = await okAt(site, 'user', 'register', { name, branchId, category: '党员' }, openid);
  return { openid, member: m };
}

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
  by: TestMember,
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
