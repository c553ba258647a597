/** The current time for domain rules. One place, so that a later clock source changes one line. */
export function now(): Date {
  return new Date();
}
