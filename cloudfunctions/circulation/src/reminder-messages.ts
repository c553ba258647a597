/**
 * What each reminder says: the values of a subscription message (`data`), the page it opens, within
 * WeChat's limits per keyword type (`thing` 20 characters at most, `date` like `2026年11月24日`).
 *
 * Every template has three keywords (docs/reminders.md): the book (`thing`), a date (`date`) and a note
 * (`thing`). By default they are thing1, date2 and thing3; the configuration can rename them per template
 * (_shared/reminders/config.ts). `thing` and the limits: _shared/reminders/message.ts.
 */
import { chinaDateText, chinaDaysBetween } from '../../_shared/china-time';
import { thing, type FieldsOf, type MessageData } from '../../_shared/reminders/message';
import type { CirculationKind } from './reminders';

/** Pages a message opens (我的借阅 for loans, 我的预约 for holds). */
export const REMINDER_PAGES: Record<CirculationKind, string> = {
  dueSoon: 'pages/loans/index',
  overdue: 'pages/loans/index',
  holdReady: 'pages/holds/index',
  holdExpiring: 'pages/holds/index',
};

export interface MessageParts {
  title: string;
  /** The due date (loans) or the pickup deadline (holds). */
  date: Date;
}

function note(kind: CirculationKind, date: Date, now: Date): string {
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
  kind: CirculationKind,
  parts: MessageParts,
  fields: FieldsOf<CirculationKind>,
  now: Date,
): MessageData {
  return {
    [fields.title]: { value: thing(parts.title) },
    [fields.date]: { value: chinaDateText(parts.date) },
    [fields.note]: { value: thing(note(kind, parts.date, now)) },
  };
}
