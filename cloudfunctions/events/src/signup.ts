/** The member's actions: sign up and cancel (seats and the waitlist: seats.ts). */
import type { z } from 'zod';
import type { MySignup } from '../../../typings/functions/events';
import { memberOf, type Caller } from '../../_shared/caller';
import { now } from '../../_shared/clock';
import { findById } from '../../_shared/docs';
import type { MemberDoc } from '../../_shared/members';
import { AppError, invalidArgument } from '../../_shared/errors';
import { SIGNUPS, type EventDoc, type SignupDoc } from './docs';
import { signupId } from './ids';
import { inviterOf } from './invites';
import { visibleEvent } from './access';
import { signupRefusal } from './rules';
import type { eventIdInput, signupInput } from './schemas';
import { answersProblem, leaveSeat, standing, takeSeat } from './seats';

/** The calling member and the event as they may see it. */
export async function memberAndEvent(
  eventId: string,
  caller: Caller,
): Promise<{ member: MemberDoc; event: EventDoc }> {
  const member = memberOf(caller);
  return { member, event: await visibleEvent(eventId, caller) };
}

export async function signup(
  input: z.infer<typeof signupInput>,
  caller: Caller,
): Promise<{ mine: MySignup }> {
  const { member, event } = await memberAndEvent(input.eventId, caller);
  const [existing, invitedBy] = await Promise.all([
    findById<SignupDoc>(SIGNUPS, signupId(event._id, member._id)),
    inviterOf(event._id, member._id),
  ]);
  if (existing && existing.status !== 'cancelled') return { mine: await standing(existing) };
  const refusal = signupRefusal(event, caller, now());
  if (refusal) throw new AppError(refusal.code, refusal.message);
  const answers = Object.fromEntries(
    Object.entries(input.answers ?? {})
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v.length > 0),
  );
  const problem = answersProblem(event.questions, answers);
  if (problem) throw invalidArgument(problem);
  const taken = await takeSeat({
    eventId: event._id,
    member: { _id: member._id, name: member.name, branchName: member.branchName },
    answers,
    ...(invitedBy ? { invitedBy } : {}),
    before: existing,
  });
  return { mine: await standing(taken) };
}

export async function cancel(
  input: z.infer<typeof eventIdInput>,
  caller: Caller,
): Promise<{ mine: MySignup }> {
  const { member } = await memberAndEvent(input.eventId, caller);
  await leaveSeat(input.eventId, member._id);
  return { mine: { status: 'none' } };
}
