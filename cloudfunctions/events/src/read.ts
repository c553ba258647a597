import type { z } from 'zod';
import type { detailInput, listInput, mineInput } from './schemas';
import type { EventDetail, EventSummary, MySignup } from '../../../typings/functions/events';
import type { Page } from '../../../typings/functions/user';
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function list(_input: z.infer<typeof listInput>, _caller: Caller): Promise<Page<EventSummary>> {
  throw failedPrecondition('建设中');
}
export async function detail(_input: z.infer<typeof detailInput>, _caller: Caller): Promise<EventDetail> {
  throw failedPrecondition('建设中');
}
export async function mine(
  _input: z.infer<typeof mineInput>,
  _caller: Caller,
): Promise<Page<EventSummary & { mine: MySignup }>> {
  throw failedPrecondition('建设中');
}
