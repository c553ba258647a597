/**
 * Seats and the waitlist (docs/events.md): every change of a sign-up's status happens in ONE transaction
 * with the event document's counts (`registered`, `waitlisted`) and waitlist counter (`nextWaitlistSeq`),
 * so the counts always equal the sign-ups and a waitlist number is never given twice.
 *
 * - take: a new (or cancelled) sign-up gets a seat only when one is free AND nobody waits; otherwise it
 *   joins the back of the line with the next `waitlistSeq`;
 * - leave: a registered or waiting sign-up is cancelled, its count given back;
 * - promoteWaitlist: while seats are free and members wait, the first in line (lowest `waitlistSeq`) get
 *   them. The line is read by a query (transactions take no queries) and each candidate is read again by
 *   id inside the transaction: if the head of the line moved meanwhile the step starts again from a fresh
 *   read. Leaving a seat and handing it on are two transactions: between them the state is consistent
 *   (a free seat while members wait, which no newcomer can take: see take), and any later promotion
 *   (another cancel, a capacity change, a sign-up that finds the situation) completes it.
 */
import type { EventQuestion } from '../../../typings/entities';
import type { MySignup } from '../../../typings/functions/events';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { findById, isDuplicateKey } from '../../_shared/docs';
import { AppError, failedPrecondition, notFound } from '../../_shared/errors';
import { runTransaction, txFindById, type Tx } from '../../_shared/transaction';
import { EVENTS, SIGNUPS, signupsCollection, type EventDoc, type SignupDoc } from './docs';
import { signupId } from './ids';
import { onPromoted } from './notify';
import { signupClosedReason } from './rules';

/** Members promoted in one transaction at most (a capacity raise of hundreds goes in several steps). */
const PROMOTE_BATCH = 20;

/** The sign-up's standing for its member: status and, when waiting, the place in line. */
export async function standing(signup: SignupDoc | null): Promise<MySignup> {
  if (!signup || signup.status === 'cancelled') return { status: 'none' };
  if (signup.status === 'registered') return { status: signup.attendedAt ? 'attended' : 'registered' };
  return { status: 'waitlisted', position: await waitlistPosition(signup) };
}

/** 1 + the number of members waiting with a smaller sequence number. */
export async function waitlistPosition(signup: Pick<SignupDoc, 'eventId' | 'waitlistSeq'>): Promise<number> {
  const { total } = await signupsCollection()
    .where({ eventId: signup.eventId, status: 'waitlisted', waitlistSeq: _.lt(signup.waitlistSeq ?? 0) })
    .count();
  return total + 1;
}

/** Seats still free (capacity 0 = unlimited: as many as wait). */
export function freeSeats(event: Pick<EventDoc, 'capacity' | 'registered' | 'waitlisted'>): number {
  if (event.capacity === 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(0, event.capacity - event.registered);
}

/** A seat may be handed on: one is free and somebody waits. */
export function promotionDue(
  event: Pick<EventDoc, 'capacity' | 'registered' | 'waitlisted' | 'status'>,
): boolean {
  return event.status === 'published' && event.waitlisted > 0 && freeSeats(event) > 0;
}

async function txEvent(tx: Tx, eventId: string): Promise<EventDoc> {
  const event = await txFindById<EventDoc>(tx, EVENTS, eventId);
  if (!event) throw notFound('活动不存在');
  return event;
}

export interface TakeSeat {
  eventId: string;
  member: { _id: string; name: string; branchName: string };
  answers: Record<string, string>;
  invitedBy?: { id: string; name: string };
  /** The member's sign-up as read just before (none, or a cancelled one): decides insert or replace. */
  before: SignupDoc | null;
}

/**
 * Signs a member up (or answers the sign-up they have). A seat when one is free and nobody waits,
 * else the back of the line. The transaction reads the event and writes the sign-up and the event's
 * counts; a first sign-up is an insert of the derived id (a concurrent second request of the same member
 * conflicts, then meets the duplicate id and answers the sign-up that won), a sign-up after a cancel reads
 * the cancelled one again inside and replaces it.
 */
export async function takeSeat(request: TakeSeat): Promise<SignupDoc> {
  const id = signupId(request.eventId, request.member._id);
  let taken: { signup: SignupDoc; handOn: boolean };
  try {
    taken = await runTransaction(async (tx) => {
      const event = await txEvent(tx, request.eventId);
      const at = now();
      if (request.before) {
        const existing = await txFindById<SignupDoc>(tx, SIGNUPS, id);
        if (existing && existing.status !== 'cancelled') return { signup: existing, handOn: false };
      }
      const closed = signupClosedReason(event, at);
      if (closed) throw failedPrecondition(closed);
      const seat = event.waitlisted === 0 && freeSeats(event) > 0;
      const doc: SignupDoc = {
        _id: id,
        eventId: event._id,
        memberId: request.member._id,
        memberName: request.member.name,
        branchName: request.member.branchName,
        status: seat ? 'registered' : 'waitlisted',
        signedUpAt: at,
        answers: request.answers,
        updatedAt: at,
        ...(seat ? {} : { waitlistSeq: event.nextWaitlistSeq }),
        ...(request.invitedBy
          ? { invitedBy: request.invitedBy.id, invitedByName: request.invitedBy.name }
          : {}),
      };
      const { _id: _id, ...data } = doc;
      // the two writes go out together: the shorter a transaction, the fewer it conflicts with
      await Promise.all([
        request.before
          ? tx.collection<SignupDoc>(SIGNUPS).doc(id).set({ data })
          : tx.collection<SignupDoc>(SIGNUPS).add({ data: doc }),
        tx
          .collection<EventDoc>(EVENTS)
          .doc(event._id)
          .update({
            data: seat
              ? { registered: _.inc(1), updatedAt: at }
              : { waitlisted: _.inc(1), nextWaitlistSeq: _.inc(1), updatedAt: at },
          }),
      ]);
      // Waiting while a seat is free: a hand-on is pending (see the module's comment); complete it now.
      return { signup: doc, handOn: !seat && freeSeats(event) > 0 };
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const winner = await findById<SignupDoc>(SIGNUPS, id);
    if (!winner) throw error;
    return winner;
  }
  if (!taken.handOn) return taken.signup;
  await promoteWaitlist(request.eventId);
  return (await findById<SignupDoc>(SIGNUPS, id)) ?? taken.signup;
}

/** Cancels the member's sign-up (nothing to cancel: answers null). Then hands a freed seat on. */
export async function leaveSeat(eventId: string, memberId: string): Promise<SignupDoc | null> {
  const id = signupId(eventId, memberId);
  const left = await runTransaction(async (tx) => {
    const existing = await txFindById<SignupDoc>(tx, SIGNUPS, id);
    if (!existing || existing.status === 'cancelled') return null;
    const event = await txEvent(tx, eventId);
    const at = now();
    if (at.getTime() >= new Date(event.startAt).getTime())
      throw failedPrecondition('活动已开始，不能取消报名');
    if (existing.attendedAt) throw failedPrecondition('已签到，不能取消报名');
    const cancelled: SignupDoc = { ...existing, status: 'cancelled', cancelledAt: at, updatedAt: at };
    delete cancelled.waitlistSeq;
    const { _id: _id, ...data } = cancelled;
    await tx.collection<SignupDoc>(SIGNUPS).doc(id).set({ data });
    await tx
      .collection<EventDoc>(EVENTS)
      .doc(eventId)
      .update({
        data:
          existing.status === 'registered'
            ? { registered: _.inc(-1), updatedAt: at }
            : { waitlisted: _.inc(-1), updatedAt: at },
      });
    return { before: existing, after: cancelled };
  });
  if (left?.before.status === 'registered') await promoteWaitlist(eventId);
  return left?.after ?? null;
}

/** The head of the line moved between the query and the transaction: read it again. */
class QueueMoved extends AppError {
  constructor() {
    super('CONFLICT', '候补顺序已变化');
  }
}

/**
 * Hands free seats to the first members in line, in order, until no seat is free or nobody waits.
 * Answers the sign-ups promoted (and has `onPromoted` told about them).
 */
export async function promoteWaitlist(eventId: string): Promise<SignupDoc[]> {
  const promoted: SignupDoc[] = [];
  let event: EventDoc | undefined;
  for (;;) {
    const current = await findById<EventDoc>(EVENTS, eventId);
    if (!current || !promotionDue(current)) break;
    event = current;
    const wanted = Math.min(freeSeats(event), event.waitlisted, PROMOTE_BATCH);
    const { data: line } = await signupsCollection()
      .where({ eventId, status: 'waitlisted' })
      .orderBy('waitlistSeq', 'asc')
      .limit(wanted)
      .get();
    if (line.length === 0) break;
    try {
      promoted.push(...(await promoteHead(eventId, line)));
    } catch (error) {
      if (!(error instanceof QueueMoved)) throw error;
    }
  }
  // the event as last read: what the message says of it (title, start, place) no promotion changes
  if (event && promoted.length > 0) await onPromoted(event, promoted);
  return promoted;
}

/** One transaction: the first `line.length` waiting (as just read) get seats, if they still wait and seats are free. */
function promoteHead(eventId: string, line: SignupDoc[]): Promise<SignupDoc[]> {
  return runTransaction(async (tx) => {
    const event = await txEvent(tx, eventId);
    if (!promotionDue(event)) return [];
    const n = Math.min(line.length, freeSeats(event), event.waitlisted);
    const at = now();
    const out: SignupDoc[] = [];
    for (const candidate of line.slice(0, n)) {
      const current = await txFindById<SignupDoc>(tx, SIGNUPS, candidate._id);
      if (!current || current.status !== 'waitlisted' || current.waitlistSeq !== candidate.waitlistSeq) {
        throw new QueueMoved();
      }
      const seated: SignupDoc = { ...current, status: 'registered', promotedAt: at, updatedAt: at };
      delete seated.waitlistSeq;
      const { _id: _id, ...data } = seated;
      await tx.collection<SignupDoc>(SIGNUPS).doc(current._id).set({ data });
      out.push(seated);
    }
    await tx
      .collection<EventDoc>(EVENTS)
      .doc(eventId)
      .update({
        data: { registered: _.inc(out.length), waitlisted: _.inc(-out.length), updatedAt: at },
      });
    return out;
  });
}

/** Answers missing or invalid for the event's questions: a Chinese sentence, or null when they fit. */
export function answersProblem(questions: EventQuestion[], answers: Record<string, string>): string | null {
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) return '回答了不存在的问题';
  for (const q of questions) {
    const answer = (answers[q.id] ?? '').trim();
    if (!answer) {
      if (q.required) return `请填写“${q.label}”`;
      continue;
    }
    if (q.kind === 'choice' && !q.options.includes(answer)) return `“${q.label}”请从选项中选择`;
  }
  return null;
}
