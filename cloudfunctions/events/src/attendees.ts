/** The organiser's lists: attendees (with counts and positions), attendance by hand, export to CSV / Excel. */
import type { z } from 'zod';
import type { Attendee, AttendeesResult } from '../../../typings/functions/events';
import type { Caller } from '../../_shared/caller';
import { _, type Filter } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { findById, readPage } from '../../_shared/docs';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { SIGNUPS, signupsCollection, toAttendee, type EventDoc, type SignupDoc } from './docs';
import { managedEvent } from './access';
import { signupId } from './ids';
import type { attendeesInput, markAttendanceInput } from './schemas';
import { waitlistPosition } from './seats';

type ListStatus = z.infer<typeof attendeesInput>['status'];

function statusFilter(status: ListStatus): Filter {
  if (status === 'attended') return { status: 'registered', attendedAt: _.exists(true) };
  if (status) return { status };
  return { status: _.in(['registered', 'waitlisted']) };
}

/**
 * The attendees of a page, the waitlisted ones with their positions. `firstPosition`: the page is the line
 * itself (positions follow from the page). Otherwise (a mixed list in sign-up order) ONE count places the
 * page's first waitlisted row in line, and the others follow it in `waitlistSeq` order: the number and the
 * time of a sign-up are taken in the same transaction, so in sign-up order the waiting rows are in line order.
 */
async function withPositions(signups: SignupDoc[], firstPosition?: number): Promise<Attendee[]> {
  if (firstPosition !== undefined) {
    return signups.map((s, i) =>
      s.status === 'waitlisted' ? toAttendee(s, firstPosition + i) : toAttendee(s),
    );
  }
  const waiting = signups
    .filter((s) => s.status === 'waitlisted')
    .sort((a, b) => (a.waitlistSeq ?? 0) - (b.waitlistSeq ?? 0));
  const head = waiting[0];
  const base = head ? await waitlistPosition(head) : 0;
  const positions = new Map(waiting.map((s, i) => [s._id, base + i]));
  return signups.map((s) => toAttendee(s, positions.get(s._id)));
}

/** Registered members who checked in. */
export async function attendedCount(eventId: string): Promise<number> {
  return (
    await signupsCollection()
      .where({ eventId, ...statusFilter('attended') })
      .count()
  ).total;
}

/**
 * The organiser's counts. Registered and waiting come from the event document, which keeps them exact
 * (seats.ts writes them in the same transactions as the sign-ups); attended and invited are counted.
 */
export async function attendeeCounts(
  event: Pick<EventDoc, '_id' | 'registered' | 'waitlisted'>,
): Promise<AttendeesResult['counts']> {
  const [attended, invited] = await Promise.all([
    attendedCount(event._id),
    signupsCollection()
      .where({ eventId: event._id, status: _.in(['registered', 'waitlisted']), invitedBy: _.exists(true) })
      .count()
      .then((r) => r.total),
  ]);
  return { registered: event.registered, waitlisted: event.waitlisted, attended, invited };
}

export async function attendees(
  input: z.infer<typeof attendeesInput>,
  caller: Caller,
): Promise<AttendeesResult> {
  const event = await managedEvent(input.eventId, caller);
  const query = signupsCollection().where({ eventId: event._id, ...statusFilter(input.status) });
  // the waitlist in line order (positions follow from the page); the others in sign-up order
  const page =
    input.status === 'waitlisted'
      ? await readPage(query.orderBy('waitlistSeq', 'asc'), input)
      : await readPage(query.orderBy('signedUpAt', 'asc').orderBy('_id', 'asc'), input);
  const first = input.status === 'waitlisted' ? (input.page - 1) * input.pageSize + 1 : undefined;
  const [items, counts] = await Promise.all([withPositions(page.items, first), attendeeCounts(event)]);
  return { items, hasMore: page.hasMore, counts };
}

export async function markAttendance(
  input: z.infer<typeof markAttendanceInput>,
  caller: Caller,
): Promise<{ attendee: Attendee }> {
  const event = await managedEvent(input.eventId, caller);
  const id = signupId(event._id, input.memberId);
  const at = now();
  const { stats } = await signupsCollection()
    .where({ _id: id, status: 'registered' })
    .update({
      data: input.attended ? { attendedAt: at, updatedAt: at } : { attendedAt: _.remove(), updatedAt: at },
    });
  const signup = await findById<SignupDoc>(SIGNUPS, id);
  if (!signup) throw notFound('该读者没有报名本活动');
  if (stats.updated === 0 && signup.status !== 'registered') {
    throw failedPrecondition('只能为已报名（有名额）的读者登记到场');
  }
  return { attendee: toAttendee(signup) };
}

/** Every sign-up of the event but the cancelled ones, registered first, then the waitlist in order. */
export async function allAttendees(eventId: string): Promise<Attendee[]> {
  const read = async (status: 'registered' | 'waitlisted', order: string) => {
    const out: SignupDoc[] = [];
    for (let skip = 0; ; skip += 1000) {
      const { data } = await signupsCollection()
        .where({ eventId, status })
        .orderBy(order, 'asc')
        .orderBy('_id', 'asc')
        .skip(skip)
        .limit(1000)
        .get();
      out.push(...data);
      if (data.length < 1000) return out;
    }
  };
  const [registered, waitlisted] = await Promise.all([
    read('registered', 'signedUpAt'),
    read('waitlisted', 'waitlistSeq'),
  ]);
  return [...registered.map((s) => toAttendee(s)), ...waitlisted.map((s, i) => toAttendee(s, i + 1))];
}
