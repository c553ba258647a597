/**
 * Hooks the sign-up core calls after a change is committed. `onPromoted` gets the sign-ups just moved
 * from the waitlist to a seat and sends each the `eventPromoted` reminder (at most once per sign-up, if
 * the member has a consent left; reminders.ts), a few at a time (a capacity raise may promote hundreds).
 * It never throws: the promotion stands either way.
 */
import type { Signup } from '../../../typings/entities';
import { now } from '../../_shared/clock';
import { findById } from '../../_shared/docs';
import { readReminderConfig } from '../../_shared/reminders/config';
import { remindEach } from '../../_shared/reminders/pass';
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
    const byId = new Map(events.filter((e): e is EventDoc => e !== null).map((e) => [e._id, e]));
    const known = signups.filter((s) => byId.has(s.eventId));
    await remindEach(known, (signup) =>
      sendEventReminder('eventPromoted', signup, byId.get(signup.eventId) as EventDoc, { config, now: at }),
    );
  } catch (error) {
    console.error('[reminder] eventPromoted: failed', error);
  }
}
