/** The event as the caller may see it, or as its organiser manages it (the rules: rules.ts). */
import type { Caller } from '../../_shared/caller';
import { findById } from '../../_shared/docs';
import { forbidden, notFound } from '../../_shared/errors';
import { EVENTS, type EventDoc } from './docs';
import { canManage, canSee } from './rules';

/** The event as the caller may see it, or NOT_FOUND (a draft is not there for members). */
export async function visibleEvent(eventId: string, caller: Caller): Promise<EventDoc> {
  const event = await findById<EventDoc>(EVENTS, eventId);
  if (!event || !canSee(event, caller)) throw notFound('活动不存在');
  return event;
}

/** The event, when the caller organises it (or is an admin); FORBIDDEN with `refusal` otherwise. */
export async function managedEvent(
  eventId: string,
  caller: Caller,
  refusal = '只有活动的组织者或管理员可以查看',
): Promise<EventDoc> {
  const event = await findById<EventDoc>(EVENTS, eventId);
  if (!event) throw notFound('活动不存在');
  if (!canManage(event, caller)) throw forbidden(refusal);
  return event;
}
