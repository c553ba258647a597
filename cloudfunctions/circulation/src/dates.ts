/**
 * Circulation's deadlines: a due date or a pickup deadline is the END of a China calendar day (UTC+8),
 * so "due 12月22日" means the whole of that day, whatever hour the book was borrowed.
 */
import { chinaDayStart, chinaDaysBetween } from '../../_shared/china-time';

/** The last instant of the China calendar day `days` after the day of `at`. */
export function endOfChinaDay(at: Date, days: number): Date {
  return new Date(chinaDayStart(at, days + 1).getTime() - 1);
}

/** Calendar days past the due date at `at` (0 when not past it). */
export function daysLate(dueAt: Date, at: Date): number {
  return at.getTime() <= dueAt.getTime() ? 0 : Math.max(1, chinaDaysBetween(dueAt, at));
}

export function isOverdue(dueAt: Date | string, at: Date): boolean {
  return new Date(dueAt).getTime() < at.getTime();
}
