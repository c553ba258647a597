/** Document ids derived from a client's request id, so that a retried create collides with its first try. */
import { createHash } from 'node:crypto';

/** `prefix` + 31 hex digits of sha256(caller, action, request id, index). */
export function derivedId(prefix: string, parts: (string | number)[]): string {
  return prefix + createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 31);
}
