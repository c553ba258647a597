import type { z } from 'zod';
import type { eventIdInput, signupInput } from './schemas';
import type { MySignup } from '../../../typings/functions/events';
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function signup(
  _input: z.infer<typeof signupInput>,
  _caller: Caller,
): Promise<{ mine: MySignup }> {
  throw failedPrecondition('建设中');
}
export async function cancel(
  _input: z.infer<typeof eventIdInput>,
  _caller: Caller,
): Promise<{ mine: MySignup }> {
  throw failedPrecondition('建设中');
}
