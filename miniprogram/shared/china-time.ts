/**
 * Calendar days as the reading room lives them: China Standard Time (UTC+8, no daylight saving), whatever
 * zone the phone or the function's host runs in. A due date is the end of a China calendar day, so "days
 * left" and the dates members read are counted here on both sides (the same arithmetic as
 * cloudfunctions/_shared/china-time.ts).
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The China calendar day of an instant, `YYYY-MM-DD`. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The China wall-clock time of an instant, `HH:mm`. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The first instant of the China calendar day `days` after the day of `at` (0: that day's start). */
export function chinaDayStart(at: Date, days = 0): Date {
  const shifted = at.getTime() + OFFSET_MS;
  return new Date(shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS + days * DAY_MS);
}

/** Whole China calendar days from the day of `from` to the day of `to` (negative when `to` is earlier). */
export function chinaDaysBetween(from: Date, to: Date): number {
  return Math.round((chinaDayStart(to).getTime() - chinaDayStart(from).getTime()) / DAY_MS);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The weekday of the China calendar day of an instant, `周一` … `周日`. */
export function chinaWeekday(at: Date): string {
  return WEEKDAYS[new Date(at.getTime() + OFFSET_MS).getUTCDay()] as string;
}
