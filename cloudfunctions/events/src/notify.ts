/**
 * Hooks the sign-up core calls after a change is committed. `onPromoted` gets the event and the sign-ups
 * just moved from its waitlist to a seat and sends each the `eventPromoted` reminder (at most once per
 * sign-up, if the member has a consent left; reminders.ts), a few at a time (a capacity raise may promote
 * hundreds). It never throws: the promotion stands either way.
 */
import { now } from '../../_shared/clock';
import { readReminderConfig } from '../../_shared/reminders/config';
import { remindEach } from '../../_shared/reminders/pass';
import { sendEventReminder, type RemindedSignup, type ReminderEvent } from './reminders';

export async function onPromoted(event: ReminderEvent, signups: RemindedSignup[]): Promise<void> {
  if (signups.length === 0) return;
  try {
    const config = await readReminderConfig();
    if (!config.templates.eventPromoted) return;
    const at = now();
    await remindEach(signups, (signup) =>
      sendEventReminder('eventPromoted', signup, event, { config, now: at }),
    );
  } catch (error) {
    console.error('[reminder] eventPromoted: failed', error);
  }
}
