import type { z } from 'zod';
import type { attendeesInput, exportInput, markAttendanceInput } from './schemas';
import type { Attendee, AttendeesResult } from '../../../typings/functions/events';
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function attendees(
  _input: z.infer<typeof attendeesInput>,
  _caller: Caller,
): Promise<AttendeesResult> {
  throw failedPrecondition('建设中');
}
export async function markAttendance(
  _input: z.infer<typeof markAttendanceInput>,
  _caller: Caller,
): Promise<{ attendee: Attendee }> {
  throw failedPrecondition('建设中');
}
export async function exportAttendees(
  _input: z.infer<typeof exportInput>,
  _caller: Caller,
): Promise<{ fileID: string; fileName: string; rows: number }> {
  throw failedPrecondition('建设中');
}
