/**
 * Ids of the events function. Event ids are short (EVENT_ID_LENGTH characters of the unambiguous code
 * alphabet, random) so that a poster's scene (≤ 32 characters) can carry an event id and an inviter.
 * A sign-up's and an invite's ids are derived from the event and the member: one per member and event,
 * guaranteed by the primary key (a retried or concurrent request meets the same document).
 */
import { createHash } from 'node:crypto';
import { CODE_ALPHABET, derivedId, randomCode } from '../../_shared/ids';

export const EVENT_ID_LENGTH = 10;
/** What an event id looks like (the scene resolver may check it before reading). */
export const EVENT_ID_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${EVENT_ID_LENGTH}}$`);

export function newEventId(): string {
  return randomCode(EVENT_ID_LENGTH);
}

/**
 * The id of an event created with a client's request id: the same organiser and key give the same id, so a
 * retried create meets the first one's document.
 */
export function eventIdFor(organiserId: string, requestId: string): string {
  const digest = createHash('sha256').update(`event\u0000${organiserId}\u0000${requestId}`).digest();
  let id = '';
  for (let i = 0; i < EVENT_ID_LENGTH; i++) id += CODE_ALPHABET[digest[i]! % CODE_ALPHABET.length];
  return id;
}

export function signupId(eventId: string, memberId: string): string {
  return derivedId('s', ['signup', eventId, memberId]);
}

export function inviteId(eventId: string, inviteeId: string): string {
  return derivedId('i', ['invite', eventId, inviteeId]);
}
