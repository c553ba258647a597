/**
 * `myReminders` (member): the caller's consents left per kind, and which kinds to ask for now: a kind is
 * wanted when the caller has more loans / holds that may still get it than consents left. The app asks
 * for those on 我的借阅 / 我的预约 (one tap), which is how a member who borrowed at the desk (no phone in
 * hand then) is asked "on the phone next time".
 *
 * May still get it: dueSoon — an active loan not yet due, not yet reminded; overdue — an active loan not
 * yet reminded of it; holdReady — a waiting hold (a ready one was told already or is being told);
 * holdExpiring — an open hold not yet reminded of it. Only kinds with a template are ever wanted; event
 * kinds never (the event page asks for them at sign-up), but their consents left are answered.
 */
import { REMINDER_KINDS, type ReminderKind } from '../../../typings/entities';
import type { Caller } from '../../_shared/caller';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { unauthenticated } from '../../_shared/errors';
import { holdsCollection, loansCollection, type HoldDoc, type LoanDoc } from './docs';
import { readReminderConfig } from '../../_shared/reminders/config';
import type { ReminderConsents } from '../../_shared/reminders/deliver';
import type { CirculationKind } from './reminders';

/** More open loans or holds than this per member do not exist (limits are far lower); read at most so many. */
const READ_LIMIT = 100;

export async function myReminders(
  caller: Caller,
): Promise<{ consents: Record<ReminderKind, number>; wanted: ReminderKind[] }> {
  const member = caller.member as (Caller['member'] & { reminderConsents?: ReminderConsents }) | null;
  if (!member) throw unauthenticated();
  const at = now();
  const [config, loans, holds] = await Promise.all([
    readReminderConfig(),
    loansCollection()
      .where({ memberId: member._id, status: 'active' })
      .field({ dueAt: true, reminders: true })
      .limit(READ_LIMIT)
      .get(),
    holdsCollection()
      .where({ memberId: member._id, status: _.in(['waiting', 'ready']) })
      .field({ status: true, reminders: true })
      .limit(READ_LIMIT)
      .get(),
  ]);
  const unreminded = (doc: LoanDoc | HoldDoc, kind: CirculationKind) => !doc.reminders?.[kind];
  const pending: Record<ReminderKind, number> = {
    dueSoon: loans.data.filter((l) => unreminded(l, 'dueSoon') && new Date(l.dueAt) >= at).length,
    overdue: loans.data.filter((l) => unreminded(l, 'overdue')).length,
    holdReady: holds.data.filter((h) => h.status === 'waiting').length,
    holdExpiring: holds.data.filter((h) => unreminded(h, 'holdExpiring')).length,
    // asked for at sign-up on the event page, never offered on 我的借阅 / 我的预约
    eventTomorrow: 0,
    eventPromoted: 0,
  };
  const consents = {} as Record<ReminderKind, number>;
  for (const kind of REMINDER_KINDS) consents[kind] = Math.max(0, member.reminderConsents?.[kind] ?? 0);
  const wanted = REMINDER_KINDS.filter((kind) => config.templates[kind] && pending[kind] > consents[kind]);
  return { consents, wanted };
}
