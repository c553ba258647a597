/**
 * What every subscription message is made of, whatever it reminds of: the template's keywords per kind
 * (the parts of a message and their default keyword names) and WeChat's limits per keyword type (`thing`
 * 20 characters at most; `date` `2026年11月24日`; `time` `2026年11月24日 14:30`; a value that breaks them is
 * refused with 47003). What each kind says lives with its domain (circulation/src/reminder-messages.ts,
 * events/src/reminders.ts).
 */
import type { ReminderKind } from '../../../typings/entities';

/** Loans and holds: the book (`thing`), a date (`date`) and a note (`thing`). */
const BOOK_FIELDS = { title: 'thing1', date: 'date2', note: 'thing3' } as const;
/** Events: the event's title (`thing`), its start (`time`), its place (`thing`) and a note (`thing`). */
const EVENT_FIELDS = { title: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' } as const;

/**
 * The parts of each kind's message and the template keyword each goes to by default; the configuration
 * may rename them per template (config.ts) when the template chosen in the console numbers them otherwise.
 */
export const DEFAULT_FIELDS = {
  dueSoon: BOOK_FIELDS,
  overdue: BOOK_FIELDS,
  holdReady: BOOK_FIELDS,
  holdExpiring: BOOK_FIELDS,
  eventTomorrow: EVENT_FIELDS,
  eventPromoted: EVENT_FIELDS,
} as const satisfies Record<ReminderKind, Record<string, string>>;

/** The keyword of each part of a kind's message. */
export type FieldsOf<K extends ReminderKind> = Record<keyof (typeof DEFAULT_FIELDS)[K], string>;

/** A message's `data`: keyword → value. */
export type MessageData = Record<string, { value: string }>;

/** A `thing` value holds 20 characters at most. */
export const THING_MAX = 20;

/** Fits a text into a `thing` keyword: one line, at most 20 characters (cut with an ellipsis), never empty. */
export function thing(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length === 0) return '—';
  return chars.length <= THING_MAX ? chars.join('') : chars.slice(0, THING_MAX - 1).join('') + '…';
}
