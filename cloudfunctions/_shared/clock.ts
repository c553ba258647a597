/**
 * The current time for domain rules: cloud function code reads time only through `now()`.
 *
 * In production it is `new Date()`. The local cloud (scripts/local-cloud/clock.ts) has a clock that
 * demos and tests can move forward; its function runner passes the offset with each invocation in
 * `LOCAL_CLOUD_CLOCK_OFFSET_MS`, which no production environment sets (nothing of the local cloud is
 * bundled here: only the variable's name is shared).
 */
const CLOCK_OFFSET_VARIABLE = 'LOCAL_CLOUD_CLOCK_OFFSET_MS';

export function now(): Date {
  const offset = Number(process.env[CLOCK_OFFSET_VARIABLE]);
  return new Date(offset > 0 ? Date.now() + offset : Date.now());
}
