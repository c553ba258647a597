/**
 * Hooks the sign-up core calls after a change is committed, for reminders (the reminders helper fills them in).
 * `onPromoted` gets the sign-ups just moved from the waitlist to a seat (status `registered`, `promotedAt`
 * set); it must not throw for a failed send (the promotion stands either way).
 */
import type { Signup } from '../../../typings/entities';

export async function onPromoted(_signups: Signup[]): Promise<void> {
  // no-op until the eventPromoted reminder is wired
}
