/**
 * `npm run bench:checkin`: the door and the evening before, through the real `events` function over HTTP
 * (a local cloud in this process, at most 8 instances per function as the runner allows):
 *
 * - check-in rush: N registered members check in with the organiser's current code at the same moment
 *   (or `--in-flight k` at a time): wall-clock time, latency p50 / p95, members attended, database
 *   requests per check-in;
 * - the `eventTomorrow` timer over an event starting tomorrow with N registered members (half of them with
 *   a consent), fired by hand: time, sent + skipped, requests per reminder; then a second run (nothing new).
 *
 *   npm run bench:checkin [-- --members 500 --in-flight 500]
 */
import { parseArgs } from 'node:util';
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import type { EventsDailyReport } from '../../cloudfunctions/events/src/daily';
import type { ApiResult } from '../../typings';
import { okAt, type Site, type TestMember } from '../../test/support/circulation';
import { ev, evOk, hoursFrom, inBatches, member, organiser, publishedEvent } from '../../test/support/events';
import { FunctionClient, ms, rerunWithGcFlag, runMain, statsSince, summary, withBenchCloud } from './common';

const HOUR = 3_600_000;

async function main(): Promise<void> {
  if (rerunWithGcFlag()) return;
  const { values } = parseArgs({
    options: { members: { type: 'string', default: '500' }, 'in-flight': { type: 'string', default: '' } },
  });
  const n = Number(values.members);
  const inFlight = Number(values['in-flight'] || n);
  // the reminder templates from the environment (cloudfunctions/_shared/reminders/config.ts)
  const env = {
    REMINDER_TEMPLATE_EVENT_TOMORROW: 'B-TOMORROW',
    REMINDER_TEMPLATE_EVENT_PROMOTED: 'B-PROMOTED',
  };
  await withBenchCloud(
    'checkin',
    async (local) => {
      const site: Site = { url: local.url };
      console.error(`setting up ${n} members…`);
      const org = await organiser(site);
      const members: TestMember[] = await inBatches(n, 25, () => member(site, undefined, 'bench'));
      await inBatches(n / 2, 25, (i) =>
        okAt(site, 'circulation', 'consent', { kinds: ['eventTomorrow'] }, members[i * 2]!.openid),
      );

      // the door: an event starting in half an hour (check-in opens an hour before the start)
      const door = await publishedEvent(site, org, {
        startAt: hoursFrom(0.5),
        endAt: hoursFrom(2.5),
        capacity: n,
      });
      await inBatches(n, 25, (i) => ev(site, 'signup', { eventId: door }, members[i]!.openid));
      // the measured check-ins on keep-alive connections, one per request in flight
      const client = new FunctionClient(local.url, inFlight);
      const warm = await evOk(site, 'checkinCode', { eventId: door }, org.openid);
      await inBatches(8, 8, (i) =>
        client.call('events', 'checkin', { eventId: door, code: warm.code }, members[i]!.openid),
      );
      const { code } = await evOk(site, 'checkinCode', { eventId: door }, org.openid);
      const before = local.stats();
      const latencies: number[] = [];
      const started = Date.now();
      const answers = await inBatches(n - 8, inFlight, async (i) => {
        const t = Date.now();
        const answer = await client.call(
          'events',
          'checkin',
          { eventId: door, code },
          members[i + 8]!.openid,
        );
        latencies.push(Date.now() - t);
        return answer;
      });
      const elapsed = Date.now() - started;
      const { requests } = statsSince(local, before);
      client.close();
      const attended = answers.filter((a) => a.ok && a.data.mine.status === 'attended').length;
      const lat = summary(latencies);

      // the evening before: an event starting tomorrow at 10:00 China time
      const startAt = chinaAt(new Date(), 1, 10);
      const tomorrow = await publishedEvent(site, org, {
        startAt: startAt.toISOString(),
        endAt: new Date(startAt.getTime() + 2 * HOUR).toISOString(),
        capacity: n,
      });
      await inBatches(n, 25, (i) => ev(site, 'signup', { eventId: tomorrow }, members[i]!.openid));
      const run = async () => {
        const statsBefore = local.stats();
        const t = Date.now();
        const fired = await local.fireTimer('events', 'daily');
        const answer = fired?.result as ApiResult<EventsDailyReport>;
        if (!answer?.ok) throw new Error(`daily failed: ${JSON.stringify(fired)}`);
        return { ms: Date.now() - t, requests: statsSince(local, statsBefore).requests, report: answer.data };
      };
      const first = await run();
      const second = await run();
      const counts = first.report.reminders.eventTomorrow;
      const reminded = counts.sent + Object.values(counts.skipped).reduce((a, b) => a + (b ?? 0), 0);

      const how = inFlight >= n ? 'all at once' : `${inFlight} at a time`;
      console.log(
        `\ncheck-in: ${n - 8} registered members, one code, ${how} (HTTP → events, at most 8 instances)`,
      );
      console.log(
        `  ${elapsed} ms (${(((n - 8) * 1000) / elapsed).toFixed(1)} /s), latency p50 ${ms(lat.p50)} p95 ${ms(lat.p95)}, ` +
          `${attended} attended, ${n - 8 - attended} other, ${(requests / (n - 8)).toFixed(1)} db requests per check-in`,
      );
      console.log(`eventTomorrow: one event, ${n} registered (half with a consent), timer fired by hand`);
      console.log(
        `  first run ${first.ms} ms: ${counts.sent} sent + ${reminded - counts.sent} skipped, ` +
          `${(first.requests / Math.max(1, reminded)).toFixed(1)} db requests per reminder, ` +
          `${(first.ms / Math.max(1, reminded)).toFixed(1)} ms per reminder`,
      );
      console.log(
        `  second run ${second.ms} ms: ${second.report.reminders.eventTomorrow.sent} sent, ${second.requests} db requests`,
      );
    },
    { env },
  );
}

runMain(main);
