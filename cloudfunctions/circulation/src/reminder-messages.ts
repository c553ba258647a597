/**
 * What each reminder says: the values of a subscription message (`data`), the page it opens, within
 * WeChat's limits per keyword type (`thing` 20 characters at most, `date` like `2026年11月24日`).
 *
 * Every template has three keywords (docs/circulation.md, "Reminders"): the book (`thing`), a date
 * (`date`) and a note (`thing`). By default they are thing1, date2 and thing3; the configuration can
 * rename them per template (reminder-config.ts).
 */
import type { ReminderKind } from '../../../typings/entities';
import { chinaDateText, chinaDaysBetween } from './china-time';

export type MessageField = 'title' | 'date' | 'note';

export const DEFAULT_FIELDS: Record<MessageField, string> = {
  title: 'thing1',
  date: 'date2',
  note: 'thing3',
};

/** Pages a message opens (我的借阅 for loans, 我的预约 for holds). */
export const REMINDER_PAGES: Record<ReminderKind, string> = {
  dueSoon: 'pages/loans/index',
  overdue: 'pages/loans/index',
  holdReady: 'pages/holds/index',
  holdExpiring: 'pages/holds/index',
};

/** A `thing` value holds 20 characters at most. */
export const THING_MAX = 20;

/** Fits a text into a `thing` keyword: one line, at most 20 characters (cut with an ellipsis). */
export function thing(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length === 0) return '—';
  return chars.length <= THING_MAX ? chars.join('') : chars.slice(0, THING_MAX - 1).join('') + '…';
}

export interface MessageParts {
  title: string;
  /** The due date (loans) or the pickup deadline (holds). */
  date: Date;
}

function note(kind: ReminderKind, date: Date, now: Date): string {
  const days = chinaDaysBetween(now, date);
  switch (kind) {
    case 'dueSoon':
      return days <= 0 ? '今天到期，请按时归还或续借' : `还有${days}天到期，请按时归还或续借`;
    case 'overdue':
      return `已逾期${Math.max(1, -days)}天，请尽快归还`;
    case 'holdReady':
      return '预约的书已到，请在期限内到书屋取书';
    case 'holdExpiring':
      return '今天是最后取书日，过期将顺延给下一位';
  }
}

/** The message's `data` for a template whose keywords are `fields`. */
export function messageData(
  kind: ReminderKind,
  parts: MessageParts,
  fields: Record<MessageField, string>,
  now: Date,
): Record<string, { value: string }> {
  return {
    [fields.title]: { value: thing(parts.title) },
    [fields.date]: { value: chinaDateText(parts.date) },
    [fields.note]: { value: thing(note(kind, parts.date, now)) },
  };
}
