/** What members and organisers read: the 活动 list, an event's page, 我的活动. */
import type { z } from 'zod';
import type { EventStatus } from '../../../typings/entities';
import type { EventDetail, EventPhase, EventSummary, MySignup } from '../../../typings/functions/events';
import type { Page } from '../../../typings/functions/user';
import { memberOf, type Caller } from '../../_shared/caller';
import { _, collection, type Filter } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { findById, readPage } from '../../_shared/docs';
import { forbidden } from '../../_shared/errors';
import {
  BRANCHES,
  SIGNUPS,
  eventsCollection,
  phaseOf,
  signupsCollection,
  toRoomEvent,
  toSummary,
  type EventDoc,
  type SignupDoc,
} from './docs';
import { visibleEvent } from './access';
import { attendedCount } from './attendees';
import { signupId } from './ids';
import { recordInvite } from './invites';
import { audienceKeys, canManage, checkinOpen, seesAllStatuses, signupRefusal } from './rules';
import type { detailInput, listInput, mineInput } from './schemas';
import { standing } from './seats';

/** What members and visitors see. */
const PUBLIC_STATUSES: EventStatus[] = ['published', 'finished'];

function phaseFilter(phase: EventPhase, at: Date): Filter {
  if (phase === 'upcoming') return { startAt: _.gt(at) };
  if (phase === 'ongoing') return { startAt: _.lte(at), endAt: _.gt(at) };
  return { endAt: _.lte(at) };
}

/** What members see: published and finished events open to the caller's branch (organisers alike). */
function publicFilter(input: z.infer<typeof listInput>, caller: Caller): Filter {
  if (input.status && !PUBLIC_STATUSES.includes(input.status)) {
    throw forbidden('草稿和已取消的活动只在活动管理中显示');
  }
  return {
    status: input.status ?? _.in(PUBLIC_STATUSES),
    audience: _.in(audienceKeys(caller)),
  };
}

/** The organiser's list: their own events (an admin: every event), in any status. */
function managedFilter(input: z.infer<typeof listInput>, caller: Caller): Filter {
  if (!seesAllStatuses(caller)) throw forbidden('只有活动组织者或管理员可以管理活动');
  const admin = caller.roles.includes('admin');
  return {
    ...(admin ? {} : { organiserId: memberOf(caller)._id }),
    ...(input.status ? { status: input.status } : {}),
  };
}

export async function list(input: z.infer<typeof listInput>, caller: Caller): Promise<Page<EventSummary>> {
  const at = now();
  const filter: Filter = {
    ...(input.managed ? managedFilter(input, caller) : publicFilter(input, caller)),
    ...(input.type ? { type: input.type } : {}),
    ...(input.phase ? phaseFilter(input.phase, at) : {}),
  };
  // upcoming and ongoing: soonest first; past (and everything at once): latest first
  const direction = input.phase === 'upcoming' || input.phase === 'ongoing' ? 'asc' : 'desc';
  const page = await readPage(
    eventsCollection().where(filter).orderBy('startAt', direction).orderBy('_id', 'asc'),
    input,
  );
  const items = page.items.map((e) => toSummary(e, at));
  // the organiser's list shows 签到 counts (members' lists do without)
  if (input.managed)
    await Promise.all(items.map(async (item) => (item.attended = await attendedCount(item._id))));
  return { items, hasMore: page.hasMore };
}

async function branchNames(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { data } = await collection<{ _id: string; name: string }>(BRANCHES)
    .where({ _id: _.in(ids) })
    .limit(ids.length)
    .get();
  const byId = new Map(data.map((b) => [b._id, b.name]));
  return ids.map((id) => byId.get(id) ?? '已删除的党支部');
}

export async function detail(input: z.infer<typeof detailInput>, caller: Caller): Promise<EventDetail> {
  const event = await visibleEvent(input.eventId, caller);
  if (input.inviter) await recordInvite(event._id, input.inviter, caller);
  const at = now();
  const signup = caller.member
    ? await findById<SignupDoc>(SIGNUPS, signupId(event._id, caller.member._id))
    : null;
  const [mine, audienceNames] = await Promise.all([standing(signup), branchNames(event.audienceBranchIds)]);
  const refusal = mine.status === 'none' ? signupRefusal(event, caller, at) : null;
  const canCheckin = mine.status === 'registered' && checkinOpen(event, at);
  return {
    event: toRoomEvent(event),
    phase: phaseOf(event, at),
    mine,
    canSignup: mine.status === 'none' && refusal === null,
    ...(refusal ? { signupRefusal: { kind: refusal.kind, message: refusal.message } } : {}),
    canCheckin,
    canManage: canManage(event, caller),
    audienceNames,
  };
}

/**
 * 我的活动: the caller's sign-ups (not the cancelled ones, unless the event itself was cancelled: the
 * member should learn that), upcoming and ongoing events first (soonest first), then past ones (latest first).
 */
export async function mine(
  input: z.infer<typeof mineInput>,
  caller: Caller,
): Promise<Page<EventSummary & { mine: MySignup }>> {
  const member = caller.member;
  if (!member) return { items: [], hasMore: false };
  const at = now();
  // A member's sign-ups are few (one per event taken part in): read them all, order by the events' times.
  const signups: SignupDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await signupsCollection()
      .where({ memberId: member._id, status: _.in(['registered', 'waitlisted']) })
      .orderBy('signedUpAt', 'desc')
      .skip(skip)
      .limit(1000)
      .get();
    signups.push(...data);
    if (data.length < 1000) break;
  }
  const ids = signups.map((s) => s.eventId);
  const events = new Map<string, EventDoc>();
  for (let i = 0; i < ids.length; i += 100) {
    const { data } = await eventsCollection()
      .where({ _id: _.in(ids.slice(i, i + 100)) })
      .limit(100)
      .get();
    for (const e of data) events.set(e._id, e);
  }
  const rows = signups
    .map((s) => ({ signup: s, event: events.get(s.eventId) }))
    .filter(
      (r): r is { signup: SignupDoc; event: EventDoc } => r.event !== undefined && r.event.status !== 'draft',
    );
  const key = (e: EventDoc) => new Date(e.startAt).getTime();
  const ended = (e: EventDoc) => phaseOf(e, at) === 'past';
  rows.sort((a, b) => {
    const pa = ended(a.event);
    const pb = ended(b.event);
    if (pa !== pb) return pa ? 1 : -1;
    return pa ? key(b.event) - key(a.event) : key(a.event) - key(b.event);
  });
  const start = (input.page - 1) * input.pageSize;
  const slice = rows.slice(start, start + input.pageSize);
  const items = await Promise.all(
    slice.map(async (r) => ({ ...toSummary(r.event, at), mine: await standing(r.signup) })),
  );
  return { items, hasMore: rows.length > start + input.pageSize };
}
