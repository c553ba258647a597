/**
 * `consent` (the circulation function's action, for every reminder kind: loans, holds and events): the
 * member accepted these reminders in `wx.requestSubscribeMessage`. WeChat allows one message per accepted
 * consent and tells nobody how many remain, so the member document counts them per kind (`reminderConsents.<kind>`, used up one by one in deliver.ts). Only kinds with a configured
 * template count (the others cannot have been asked for).
 *
 * One conditional update adds them all; with a `requestId` it also records the id (the last
 * CONSENT_REQUESTS_KEPT) and only applies where the id is not recorded yet, so a retried call adds nothing.
 */
import { z } from 'zod';
import { REMINDER_KINDS, type ReminderKind } from '../../../typings/entities';
import { memberOf, type Caller } from '../caller';
import { _, collection, type Filter } from '../cloud';
import { COLLECTIONS } from '../collections';
import { id } from '../validation';
import { readReminderConfig } from './config';

const CONSENT_REQUESTS_KEPT = 20;
/** One popup asks for at most 5 templates; a few repeats are tolerated, a long list is not a real answer. */
const KINDS_MAX = 8;

export const consentInput = z.object({
  kinds: z
    .array(z.enum(REMINDER_KINDS, { error: '提醒类型无效' }), { error: '提醒类型必须是列表' })
    .max(KINDS_MAX, { error: '提醒类型过多' }),
  requestId: id('请求编号').optional(),
});

export type ConsentInput = z.infer<typeof consentInput>;

export async function consent(input: ConsentInput, caller: Caller): Promise<{ accepted: ReminderKind[] }> {
  const member = memberOf(caller);
  const config = await readReminderConfig();
  const accepted = REMINDER_KINDS.filter((kind) => input.kinds.includes(kind) && config.templates[kind]);
  if (accepted.length === 0) return { accepted };

  const data: Filter = {};
  for (const kind of accepted) data[`reminderConsents.${kind}`] = _.inc(1);
  const where: Filter = { _id: member._id };
  if (input.requestId) {
    where.consentRequests = _.nin([input.requestId]);
    data.consentRequests = _.push({ each: [input.requestId], slice: -CONSENT_REQUESTS_KEPT });
  }
  await collection(COLLECTIONS.members.name).where(where).update({ data });
  return { accepted };
}
