/**
 * The events function's daily timer job (config.json trigger `daily`, 18:00 China time): `eventTomorrow`
 * to each registered member of each published event that starts the next China calendar day.
 *
 * 18:00 rather than circulation's 09:00: the evening before is when "明天" is what a member plans, sign-ups
 * made during the day are still reached, and an early event (08:30) is not reminded a whole day ahead.
 *
 * Events read page by page in index order (`status_startAt`), and for each its registered sign-ups
 * (`eventId_signedUpAt`), both resuming after the last document read (_shared/reminders/pass.ts); each
 * reminder is claimed on its sign-up, so a second run, or two instances at once, send nothing new.
 */
import { chinaDayStart } from '../../_shared/china-time';
import { _ } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { readReminderConfig } from '../../_shared/reminders/config';
import { emptyCounts, readPages, runPass, type KindCounts } from '../../_shared/reminders/pass';
import { EVENTS, SIGNUPS, type EventDoc } from './docs';
import { sendEventReminder, type RemindedSignup } from './reminders';

export interface EventsDailyReport {
  at: string;
  /** Published events starting the next China day. */
  events: number;
  reminders: { eventTomorrow: KindCounts };
  failed?: string[];
  elapsedMs: number;
}

export async function runDaily(at: Date = now()): Promise<EventsDailyReport> {
  const started = Date.now();
  const counts = emptyCounts();
  const failed: string[] = [];
  let events = 0;
  const config = await readReminderConfig();
  if (!config.templates.eventTomorrow) counts.notConfigured = true;
  else {
    try {
      const starting = {
        status: 'published',
        startAt: _.gte(chinaDayStart(at, 1)).and(_.lt(chinaDayStart(at, 2))),
      };
      await readPages<EventDoc>(EVENTS, starting, 'startAt', async (page) => {
        for (const event of page) {
          events += 1;
          await runPass<RemindedSignup & { signedUpAt: Date }>(
            {
              kind: 'eventTomorrow',
              collectionName: SIGNUPS,
              filter: {
                eventId: event._id,
                status: 'registered',
                'reminders.eventTomorrow': _.exists(false),
              },
              orderField: 'signedUpAt',
              remind: (signup) => sendEventReminder('eventTomorrow', signup, event, { config, now: at }),
            },
            counts,
          );
        }
      });
    } catch (error) {
      console.error('[daily] eventTomorrow failed', error);
      failed.push('eventTomorrow');
    }
  }
  const report: EventsDailyReport = {
    at: at.toISOString(),
    events,
    reminders: { eventTomorrow: counts },
    ...(failed.length ? { failed } : {}),
    elapsedMs: Date.now() - started,
  };
  console.log(`[daily] ${JSON.stringify(report)}`);
  return report;
}
