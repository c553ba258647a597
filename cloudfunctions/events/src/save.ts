/**
 * `save`: an organiser creates or edits an event (docs/events.md, "Saving").
 *
 * - create: type, title, start and end are needed (a draft has them); the caller becomes the organiser;
 * - edit: only the event's organiser or an admin; missing fields stay as they are; the seat counts are
 *   never written here (sign-ups change them in their transactions), so an edit cannot lose a sign-up;
 * - times: end after start, sign-up deadline at or before the start (default: the start), check-in window
 *   from at most a day before the start to at most a day after the end, opening before it closes
 *   (default: an hour before the start until the end); defaults follow the start and end when they move;
 * - status: draft → published (needs a place or an online link, and an end still ahead) → finished, or
 *   → cancelled; a published event never goes back to draft; cancelled is final (no more edits);
 *   finished keeps its facts, only the description and poster may still change (a write-up afterwards);
 * - capacity: raising it (or making it unlimited) hands the new seats to the waitlist in order; lowering
 *   it never removes a registered member (new sign-ups wait until enough seats free up).
 */
import type { z } from 'zod';
import type { EventQuestion } from '../../../typings/entities';
import type { Caller } from '../../_shared/caller';
import { now } from '../../_shared/clock';
import { findById, isDuplicateKey } from '../../_shared/docs';
import { conflict, failedPrecondition, forbidden, invalidArgument, notFound } from '../../_shared/errors';
import { memberIdFor } from '../../_shared/members';
import { EVENTS, eventsCollection, type EventDoc } from './docs';
import { eventIdFor, newEventId } from './ids';
import { audienceOf, canManage } from './rules';
import type { saveInput } from './schemas';
import { promoteWaitlist } from './seats';

type SaveInput = z.infer<typeof saveInput>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The fields of an event that `save` decides (everything but ids, counts and bookkeeping). */
type Editable = Pick<
  EventDoc,
  | 'type'
  | 'title'
  | 'description'
  | 'poster'
  | 'startAt'
  | 'endAt'
  | 'place'
  | 'onlineUrl'
  | 'capacity'
  | 'signupDeadline'
  | 'audienceBranchIds'
  | 'status'
  | 'checkinOpensAt'
  | 'checkinClosesAt'
  | 'questions'
>;

const date = (s: string | undefined) => (s === undefined ? undefined : new Date(s));
const same = (a: Date, b: Date) => new Date(a).getTime() === new Date(b).getTime();

/** The edited event: the input over the stored one, with the defaults that follow start and end. */
function merge(input: SaveInput, before: Editable | null): Editable {
  const startAt = date(input.startAt) ?? before?.startAt;
  const endAt = date(input.endAt) ?? before?.endAt;
  if (!input.type && !before) throw invalidArgument('请选择活动类型');
  if (!input.title && !before) throw invalidArgument('请填写活动名称');
  if (!startAt) throw invalidArgument('请填写开始时间');
  if (!endAt) throw invalidArgument('请填写结束时间');
  const followed = <K extends 'signupDeadline' | 'checkinOpensAt' | 'checkinClosesAt'>(
    key: K,
    fallback: (start: Date, end: Date) => Date,
  ): Date => {
    const given = date(input[key]);
    if (given) return given;
    // a stored value that was the default for the stored times follows the new times
    if (before && !same(before[key], fallback(before.startAt, before.endAt))) return before[key];
    return fallback(startAt, endAt);
  };
  return {
    type: input.type ?? (before?.type as Editable['type']),
    title: input.title ?? (before?.title as string),
    description: input.description ?? before?.description ?? '',
    poster: input.poster ?? before?.poster ?? '',
    startAt,
    endAt,
    place: input.place ?? before?.place ?? '',
    onlineUrl: input.onlineUrl ?? before?.onlineUrl ?? '',
    capacity: input.capacity ?? before?.capacity ?? 0,
    signupDeadline: followed('signupDeadline', (start) => start),
    audienceBranchIds: input.audienceBranchIds
      ? [...new Set(input.audienceBranchIds)]
      : (before?.audienceBranchIds ?? []),
    status: input.status ?? before?.status ?? 'draft',
    checkinOpensAt: followed('checkinOpensAt', (start) => new Date(start.getTime() - HOUR)),
    checkinClosesAt: followed('checkinClosesAt', (_start, end) => end),
    questions: input.questions ?? before?.questions ?? [],
  };
}

function checkTimes(e: Editable): void {
  const start = e.startAt.getTime();
  const end = e.endAt.getTime();
  if (end <= start) throw invalidArgument('结束时间需晚于开始时间');
  if (end - start > 366 * DAY) throw invalidArgument('活动时长不能超过一年');
  if (e.signupDeadline.getTime() > start) throw invalidArgument('报名截止时间不能晚于开始时间');
  const opens = e.checkinOpensAt.getTime();
  const closes = e.checkinClosesAt.getTime();
  if (opens >= closes) throw invalidArgument('签到开始时间需早于签到结束时间');
  if (opens < start - DAY || opens >= end)
    throw invalidArgument('签到开始时间需在活动开始前一天之内、结束之前');
  if (closes <= start || closes > end + DAY)
    throw invalidArgument('签到结束时间需在活动开始之后、结束后一天之内');
}

function checkQuestions(questions: EventQuestion[]): void {
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) throw invalidArgument('报名问题编号重复');
    ids.add(q.id);
    if (q.kind === 'choice' && q.options.length < 2) throw invalidArgument(`“${q.label}”至少需要两个选项`);
    if (q.kind === 'text' && q.options.length > 0) throw invalidArgument(`“${q.label}”是填空题，不需要选项`);
  }
}

function checkStatus(e: Editable, before: Editable | null, at: Date): void {
  const from = before?.status ?? 'draft';
  if (from === 'cancelled') throw failedPrecondition('活动已取消，不能再修改');
  if (from === 'published' && e.status === 'draft') throw failedPrecondition('已发布的活动不能改回草稿');
  if (from === 'finished' && e.status !== 'finished') throw failedPrecondition('活动已结束，不能重新开放');
  if (e.status === 'published' && from !== 'published') {
    if (!e.place && !e.onlineUrl) throw failedPrecondition('发布前请填写活动地点或线上链接');
    if (e.endAt.getTime() <= at.getTime()) throw failedPrecondition('活动已结束，不能发布');
  }
}

/** After an event finished only its description and poster may change. */
function checkFinishedEdit(input: SaveInput, before: EventDoc): void {
  if (before.status !== 'finished') return;
  const allowed = new Set(['eventId', 'requestId', 'description', 'poster', 'status']);
  const changed = Object.keys(input).filter((k) => !allowed.has(k));
  if (changed.length > 0) throw failedPrecondition('活动已结束，只能修改介绍和海报');
}

export async function saveEvent(input: SaveInput, caller: Caller): Promise<{ eventId: string }> {
  const at = now();
  const before = input.eventId ? await findById<EventDoc>(EVENTS, input.eventId) : null;
  if (input.eventId && !before) throw notFound('活动不存在');
  if (before && !canManage(before, caller)) throw forbidden('只有活动的组织者或管理员可以修改');
  if (before) checkFinishedEdit(input, before);
  const edited = merge(input, before);
  checkStatus(edited, before, at);
  checkTimes(edited);
  checkQuestions(edited.questions);
  const fields = { ...edited, audience: audienceOf(edited.audienceBranchIds), updatedAt: at };

  if (before) {
    await eventsCollection().doc(before._id).update({ data: fields });
    const raised =
      edited.status === 'published' &&
      (edited.capacity === 0 || edited.capacity > before.capacity || before.status !== 'published');
    if (raised) await promoteWaitlist(before._id);
    return { eventId: before._id };
  }

  const organiserId = caller.member?._id ?? memberIdFor(caller.openid);
  const organiserName = caller.member?.name ?? '管理员';
  const { requestId } = input;
  for (let attempt = 0; ; attempt++) {
    const _id = requestId ? eventIdFor(organiserId, requestId) : newEventId();
    try {
      await eventsCollection().add({
        data: {
          _id,
          ...fields,
          organiserId,
          organiserName,
          registered: 0,
          waitlisted: 0,
          nextWaitlistSeq: 1,
          createdAt: at,
        },
      });
      return { eventId: _id };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (requestId) return { eventId: await retriedCreate(_id, organiserId) };
      if (attempt >= 3) throw error;
    }
  }
}

/** A create retried with its request id: the first try's event, when this organiser made it. */
async function retriedCreate(eventId: string, organiserId: string): Promise<string> {
  const first = await findById<EventDoc>(EVENTS, eventId);
  if (first?.organiserId !== organiserId) throw conflict('请求编号已被使用，请重新提交');
  return first._id;
}
