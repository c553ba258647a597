/**
 * The check-in code (签到码) shown on the organiser's phone: six digits that change every minute, derived
 * from a per-event secret (`checkinSecret` on the event document, made at the first request, never
 * answered by detail / list) with HMAC-SHA256 over the event id and the minute number, so a photo of the
 * screen sent to a chat stops working within two minutes. A member types the digits or scans the QR code
 * (`shuwu-checkin:<eventId>:<digits>`). The code of the current and of the previous minute are accepted
 * (a member scanning at the minute's boundary).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MINUTE_MS = 60_000;
/** Wrong codes a member may send in one minute for one event; then attempts wait for the next minute. */
export const MAX_WRONG_PER_MINUTE = 5;
/** What the QR code on the check-in screen starts with. */
export const QR_PREFIX = 'shuwu-checkin';
/** A scanned QR text: `<QR_PREFIX>:<eventId>:<digits>`. */
const SCANNED = new RegExp(`^${QR_PREFIX}:([A-Za-z0-9_-]{1,64}):(\\d{6})$`);

/** A new event's check-in secret: 32 random bytes, hex. */
export function newCheckinSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The minute number of an instant (minutes since the epoch). */
export function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / MINUTE_MS);
}

/** The six digits of an event's code in a given minute. */
export function codeForMinute(secret: string, eventId: string, minute: number): string {
  const digest = createHmac('sha256', secret).update(`${eventId}:${minute}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** What the check-in screen shows at `at`: the digits, the QR code's text and when they change. */
export function checkinCodeAt(
  secret: string,
  eventId: string,
  at: Date,
): { code: string; qrText: string; refreshAt: string } {
  const minute = minuteOf(at);
  const code = codeForMinute(secret, eventId, minute);
  return {
    code,
    qrText: `${QR_PREFIX}:${eventId}:${code}`,
    refreshAt: new Date((minute + 1) * MINUTE_MS).toISOString(),
  };
}

/**
 * The digits a member sent (typed: six digits, spaces allowed; scanned: the QR text, which must name this
 * event), or undefined when it is neither.
 */
export function parseCheckinCode(input: string, eventId: string): string | undefined {
  const text = input.trim();
  const scanned = SCANNED.exec(text);
  if (scanned) return scanned[1] === eventId ? scanned[2] : undefined;
  const typed = text.replace(/\s+/g, '');
  return /^\d{6}$/.test(typed) ? typed : undefined;
}

/** The digits are the event's code of the minute of `at` or of the minute before. */
export function isValidCode(secret: string, eventId: string, digits: string, at: Date): boolean {
  const minute = minuteOf(at);
  const sent = Buffer.from(digits);
  return [minute, minute - 1].some((m) => {
    const expected = Buffer.from(codeForMinute(secret, eventId, m));
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
}
