import type { z } from 'zod';
import type { saveInput } from './schemas';
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function saveEvent(
  _input: z.infer<typeof saveInput>,
  _caller: Caller,
): Promise<{ eventId: string }> {
  throw failedPrecondition('建设中');
}
