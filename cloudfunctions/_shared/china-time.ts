/**
 * Calendar days as the reading room lives them: China Standard Time (UTC+8, no daylight saving), whatever
 * zone the function's host runs in. Reminders speak of "today", "in 2 days" and dates on a message.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The China calendar day of an instant, `YYYY-MM-DD`. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of the China calendar day `days` after the day of `at` (0: that day's start). */
export function chinaDayStart(at: Date, days = 0): Date {
  const shifted = at.getTime() + OFFSET_MS;
  return new Date(shifted - (shifted % DAY_MS) - OFFSET_MS + days * DAY_MS);
}

/**
 * `hours` o'clock China time, `days` China calendar days after the day of `from` (0: that day); a fraction
 * gives the minutes (8.75 is 08:45).
 */
export function chinaAt(from: Date, days: number, hours: number): Date {
  return new Date(chinaDayStart(from, days).getTime() + hours * HOUR_MS);
}

/** A date as a subscription message's `date` value: `2026年11月24日` (China day). */
export function chinaDateText(at: Date): string {
  const [y, m, d] = chinaDay(at).split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** Whole China calendar days from the day of `from` to the day of `to` (negative when `to` is earlier). */
export function chinaDaysBetween(from: Date, to: Date): number {
  return Math.round((chinaDayStart(to).getTime() - chinaDayStart(from).getTime()) / DAY_MS);
}

/** A time as a subscription message's `time` value: `2026年11月24日 14:30` (China time, 24-hour clock). */
export function chinaDateTimeText(at: Date): string {
  const hhmm = new Date(at.getTime() + OFFSET_MS).toISOString().slice(11, 16);
  return `${chinaDateText(at)} ${hhmm}`;
}
