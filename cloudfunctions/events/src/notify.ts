/**
 * Hooks the sign-up core calls after a change is committed. `onPromoted` gets the sign-ups just moved
 * from the waitlist to a seat and sends each the `eventPromoted` reminder (at most once per sign-up, if
 * the member has a consent left; reminders.ts). It never throws: the promotion stands either way.
 */
import type { Signup } from '../../../typings/entities';
import { now } from '../../_shared/clock';
import { findById } from '../../_shared/docs';
import { readReminderConfig } from '../../_shared/reminders/config';
import { EVENTS, type EventDoc } from './docs';
import { sendEventReminder } from './reminders';

export async function onPromoted(signups: Signup[]): Promise<void> {
  if (signups.length === 0) return;
  try {
    const config = await readReminderConfig();
    if (!config.templates.eventPromoted) return;
    const at = now();
    const eventIds = [...new Set(signups.map((s) => s.eventId))];
    const events = await Promise.all(eventIds.map((id) => findById<EventDoc>(EVENTS, id)));
    await Promise.all(
      signups.map((signup) => {
        const event = events.find((e) => e?._id === signup.eventId);
        return event ? sendEventReminder('eventPromoted', signup, event, { config, now: at }) : null;
      }),
    );
  } catch (error) {
    console.error('[reminder] eventPromoted: failed', error);
  }
}
