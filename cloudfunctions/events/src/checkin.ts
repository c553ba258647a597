/** Check-in (签到) and the organiser's changing check-in code. Placeholder: the check-in helper replaces it. */
import type { CheckinCode, MySignup } from '../../../typings/functions/events';
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function checkin(
  _input: { eventId: string; code: string },
  _caller: Caller,
): Promise<{ mine: MySignup }> {
  throw failedPrecondition('签到/海报功能正在建设中');
}

export async function checkinCode(_input: { eventId: string }, _caller: Caller): Promise<CheckinCode> {
  throw failedPrecondition('签到/海报功能正在建设中');
}
