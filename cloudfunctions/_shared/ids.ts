/**
 * Ids and codes: document ids derived from a client's request id (so that a retried create collides with
 * its first try), and random codes of unambiguous characters.
 */
import { createHash, randomInt } from 'node:crypto';

/** Unambiguous characters for codes read aloud or typed at the desk (no 0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `length` random characters of `alphabet` (crypto-random, uniform). */
export function randomCode(length: number, alphabet: string = CODE_ALPHABET): string {
  let code = '';
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** `prefix` + 31 hex digits of sha256(caller, action, request id, index). */
export function derivedId(prefix: string, parts: (string | number)[]): string {
  return prefix + createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 31);
}
