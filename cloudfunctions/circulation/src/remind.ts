/**
 * `remind { loanId }` (librarians): an overdue notice for one overdue loan, now. At most one is sent per
 * loan per China calendar day (a second tap, or two staff at once, answer `sent: false` with the reason);
 * an attempt that was skipped (the member has no overdue consent left) may be repeated the same day.
 * Every attempt is logged with who made it (audit log).
 */
import { z } from 'zod';
import type { LoanStatus } from '../../../typings/entities';
import { logAudit } from '../../_shared/audit';
import type { Caller } from '../../_shared/caller';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { failedPrecondition, notFound } from '../../_shared/errors';
import { id } from '../../_shared/validation';
import { describeOutcome } from '../../_shared/reminders/deliver';
import { sendManualOverdueReminder, type ReminderLoan } from './reminders';

export const remindInput = z.object({ loanId: id('借阅编号') });

export type RemindInput = z.infer<typeof remindInput>;

interface RemindableLoan extends ReminderLoan {
  status: LoanStatus;
}

export async function remind(
  input: RemindInput,
  caller: Caller,
): Promise<{ sent: boolean; reason?: string }> {
  const loan = await findById<RemindableLoan>(COLLECTIONS.loans.name, input.loanId);
  if (!loan) throw notFound('借阅记录不存在');
  if (loan.status !== 'active') throw failedPrecondition('这本书已归还，无需提醒');
  const at = now();
  if (new Date(loan.dueAt).getTime() >= at.getTime()) throw failedPrecondition('这笔借阅尚未逾期');

  const outcome = await sendManualOverdueReminder(loan, caller.openid, { now: at });
  const sent = outcome.result === 'sent';
  await logAudit({
    actorOpenid: caller.openid,
    action: 'remind',
    targetId: loan._id,
    detail: {
      memberId: loan.memberId,
      result: outcome.result,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    },
  });
  return sent ? { sent } : { sent, reason: describeOutcome(outcome) };
}
