/**
 * Subscription-message consent (订阅消息), in one place for every page that asks: borrowing, holds and
 * events (sign-up asks for `eventTomorrow` + `eventPromoted`, utils/room-events.ts EVENT_REMINDERS). Every
 * kind goes through the circulation function's `options` and `consent` (the one count of consents, on the
 * member: cloudfunctions/_shared/reminders/consent.ts), whichever function later sends the message. WeChat runs `wx.requestSubscribeMessage` only inside a tap and shows
 * one popup per call (up to 5 templates), and one accepted template is one message we may send; so:
 *
 * - `prepareReminders()` fetches the template ids ahead (`circulation.options`), on the page's load;
 * - `askReminders(kinds)` is the FIRST thing the tap handler calls (before any `await`): it asks only for the
 *   kinds with a configured template, then reports the accepted kinds with `circulation.consent`. It never
 *   fails: a refusal, an old base library or a missing template just asks nothing.
 */
import type { ReminderKind, ReminderTemplates } from '../../typings/index';
import { circulationApi } from './circulation';

export interface CirculationOptions {
  templates: ReminderTemplates;
  selfServiceBorrow: boolean;
}

/** The last answer of `options` (template ids change rarely; every page load asks again). */
let known: CirculationOptions | null = null;
let loading: Promise<CirculationOptions | null> | null = null;

/** Fetches the reading room's options (template ids, self-service borrowing); null when unreachable. */
export function circulationOptions(): Promise<CirculationOptions | null> {
  if (!loading) {
    loading = circulationApi.options().then((res) => {
      loading = null;
      if (!res.ok) return known;
      known = res.data;
      return known;
    });
  }
  return loading;
}

/** Fetches the template ids ahead of the tap that asks for consent. */
export function prepareReminders(): void {
  void circulationOptions();
}

/** Reminders for a loan: due soon, overdue. */
export const LOAN_REMINDERS: ReminderKind[] = ['dueSoon', 'overdue'];
/** Reminders for a hold: ready for pickup, pickup deadline near. */
export const HOLD_REMINDERS: ReminderKind[] = ['holdReady', 'holdExpiring'];

/**
 * Asks for the configured ones of `kinds` and reports what the member accepted. Call it synchronously at
 * the start of a tap handler; await it before the action so the popup comes first.
 */
export function askReminders(kinds: ReminderKind[]): Promise<ReminderKind[]> {
  const templates = known ? known.templates : null;
  const wanted = templates ? kinds.filter((kind) => Boolean(templates[kind])) : [];
  if (!templates || !wanted.length || typeof wx.requestSubscribeMessage !== 'function') {
    return Promise.resolve([]);
  }
  const tmplIds = Array.from(new Set(wanted.map((kind) => templates[kind])));
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => {
        const answers = res as unknown as Record<string, string>;
        const accepted = wanted.filter((kind) => answers[templates[kind]] === 'accept');
        if (accepted.length) {
          void circulationApi.consent(accepted).then((reported) => {
            if (!reported.ok) console.warn('consent not recorded', reported.error);
          });
        }
        resolve(accepted);
      },
      // 20004: the member turned reminders off in settings; cancel; an old client: ask nothing more.
      fail: () => resolve([]),
    });
  });
}
