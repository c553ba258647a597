/**
 * Event reminders (docs/events-checkin.md, "Reminders"): `eventPromoted` when a cancellation gives a
 * waitlisted member a seat, and the events function's daily timer (18:00 China time) sending
 * `eventTomorrow` to each registered member of each published event starting the next China day; each at
 * most once per sign-up, only with a consent (counted by circulation's `consent`), recorded when skipped.
 *
 * A private local cloud (its clock moves forward; the timer fires as it passes 18:00), the real
 * functions over HTTP, the local outbox read from its store.
 */
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import { onPromoted } from '../../cloudfunctions/events/src/notify';
import type { ReminderEvent } from '../../cloudfunctions/events/src/reminders';
import { sdkEnv } from '../../scripts/local-cloud/env';
import type { Signup } from '../../typings/entities';
import type { ApiResult } from '../../typings';
import type { ReminderKind } from '../../typings/entities';
import { advanceClock, cloudNow, fireTimer, privateCloud, type PrivateCloud } from '../support/clock';
import { ADMIN, okAt, type Site, type TestMember } from '../support/circulation';
import { evOk, member, organiser, publishedEvent } from '../support/events';

const HOUR = 3_600_000;
/** One template as a bare id, one in the long form (the configuration takes both). */
const TEMPLATES = {
  eventTomorrow: 'TPL-EVENT-TOMORROW',
  eventPromoted: { templateId: 'TPL-EVENT-PROMOTED' },
};

let cloud: PrivateCloud;
let site: Site;

interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

interface StoredReminder {
  result: string;
  reason?: string;
}

interface Report {
  events: number;
  reminders: { eventTomorrow: { sent: number; skipped: Record<string, number>; claimed: number } };
}

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN } });
  site = { url: cloud.url };
  const store = await cloud.store();
  await store.update('config', { _id: 'reminders' }, { $set: { templates: TEMPLATES } }, { upsert: true });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

async function outbox(who: TestMember, templateId: string): Promise<OutboxMessage[]> {
  const store = await cloud.store();
  if (!(await store.hasCollection('outbox'))) return [];
  return store.find<OutboxMessage>('outbox', { touser: who.openid, templateId });
}

async function reminderOn(
  eventId: string,
  who: TestMember,
  kind: ReminderKind,
): Promise<StoredReminder | undefined> {
  const store = await cloud.store();
  const doc = await store.findOne<{ reminders?: Record<string, StoredReminder> }>('signups', {
    eventId,
    memberId: who.member._id,
  });
  return doc?.reminders?.[kind];
}

function reportOf(result: unknown): Report {
  const answer = result as ApiResult<Report>;
  if (!answer.ok) throw new Error(`daily failed: ${answer.error.message}`);
  return answer.data;
}

/** 18:00 China time on the China day of `at`, or of the next day when that has passed. */
function nextSixPm(at: Date): Date {
  const today = chinaAt(at, 0, 18);
  return today.getTime() > at.getTime() ? today : chinaAt(at, 1, 18);
}

describe('event reminders', () => {
  let eventId: string;
  let laterId: string;
  let host: TestMember;
  let consenting: TestMember;
  let silent: TestMember;
  let leaving: TestMember;
  let firstInLine: TestMember;
  let secondInLine: TestMember;
  let sixPm: Date;
  let startAt: Date;

  beforeAll(async () => {
    host = await organiser(site);
    const at = await cloudNow(cloud.url);
    sixPm = nextSixPm(at);
    // 10:00 China time the day after the next 18:00 run; a second event a day later
    startAt = chinaAt(sixPm, 1, 10);
    const fields = (start: Date) => ({
      title: '读书分享会：《红岩》与革命精神的传承',
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + 2 * HOUR).toISOString(),
      place: '党校书屋二楼',
      capacity: 3,
    });
    eventId = await publishedEvent(site, host, fields(startAt));
    laterId = await publishedEvent(site, host, fields(new Date(startAt.getTime() + 24 * HOUR)));
    [consenting, silent, leaving, firstInLine, secondInLine] = await Promise.all(
      Array.from({ length: 5 }, () => member(site)),
    );
    for (const m of [consenting, leaving, firstInLine]) {
      await okAt(site, 'circulation', 'consent', { kinds: ['eventTomorrow', 'eventPromoted'] }, m.openid);
    }
    for (const m of [consenting, silent, leaving, firstInLine, secondInLine]) {
      await evOk(site, 'signup', { eventId }, m.openid);
    }
    await evOk(site, 'signup', { eventId: laterId }, consenting.openid);
  }, 60_000);

  it('tells the first in line once when a cancellation gives them a seat; nobody else', async () => {
    expect((await evOk(site, 'detail', { eventId }, firstInLine.openid)).mine).toEqual({
      status: 'waitlisted',
      position: 1,
    });
    await evOk(site, 'cancel', { eventId }, leaving.openid);
    expect((await evOk(site, 'detail', { eventId }, firstInLine.openid)).mine.status).toBe('registered');
    const messages = await outbox(firstInLine, 'TPL-EVENT-PROMOTED');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      page: `pages/event/index?id=${eventId}`,
      data: {
        thing1: { value: '读书分享会：《红岩》与革命精神的传承' },
        thing3: { value: '党校书屋二楼' },
        thing4: { value: '候补成功，已为你保留名额' },
      },
    });
    expect(messages[0]?.data.time2?.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 10:00$/);
    expect(await reminderOn(eventId, firstInLine, 'eventPromoted')).toMatchObject({ result: 'sent' });
    expect(await outbox(secondInLine, 'TPL-EVENT-PROMOTED')).toHaveLength(0);
    expect(await outbox(leaving, 'TPL-EVENT-PROMOTED')).toHaveLength(0);

    // the hook called again for the same sign-up (a retried promotion), here in this process, 5 at once:
    // the claim on the sign-up lets nothing more out
    Object.assign(process.env, sdkEnv(cloud.url));
    const store = await cloud.store();
    const signup = await store.findOne<Signup>('signups', { eventId, memberId: firstInLine.member._id });
    const event = await store.findOne<ReminderEvent>('events', { _id: eventId });
    await okAt(site, 'circulation', 'consent', { kinds: ['eventPromoted'] }, firstInLine.openid);
    await Promise.all(
      Array.from({ length: 5 }, () => onPromoted(event as ReminderEvent, [signup as Signup])),
    );
    expect(await outbox(firstInLine, 'TPL-EVENT-PROMOTED')).toHaveLength(1);
  });

  it('sends eventTomorrow at 18:00 the day before to registered members with a consent, once', async () => {
    const moved = await advanceClock(cloud.url, { to: new Date(sixPm.getTime() + 60_000) });
    const fired = moved.fired.filter((f) => f.function === 'events' && f.trigger === 'daily');
    expect(fired).toHaveLength(1);
    const report = reportOf(fired[0]?.result);
    // (the demo reading room's own events may start tomorrow too: counts at least ours)
    expect(report.events).toBeGreaterThanOrEqual(1);
    expect(report.reminders.eventTomorrow.sent).toBeGreaterThanOrEqual(2);
    expect(report.reminders.eventTomorrow.skipped.noConsent).toBeGreaterThanOrEqual(1);
    // the later event starts the day after tomorrow: not yet
    expect(await reminderOn(laterId, consenting, 'eventTomorrow')).toBeUndefined();

    for (const who of [consenting, firstInLine]) {
      const messages = await outbox(who, 'TPL-EVENT-TOMORROW');
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        page: `pages/event/index?id=${eventId}`,
        data: { thing4: { value: '活动明天开始，请准时到场签到' } },
      });
      expect(Array.from(messages[0]?.data.thing1?.value ?? '').length).toBeLessThanOrEqual(20);
    }
    // no consent: not sent, recorded; waitlisted and cancelled: nothing at all
    expect(await outbox(silent, 'TPL-EVENT-TOMORROW')).toHaveLength(0);
    expect(await reminderOn(eventId, silent, 'eventTomorrow')).toMatchObject({
      result: 'skipped',
      reason: 'noConsent',
    });
    for (const who of [secondInLine, leaving]) {
      expect(await outbox(who, 'TPL-EVENT-TOMORROW')).toHaveLength(0);
      expect(await reminderOn(eventId, who, 'eventTomorrow')).toBeUndefined();
    }
    // the member's consent was used: one each
    const store = await cloud.store();
    const doc = await store.findOne<{ reminderConsents?: Record<string, number> }>('members', {
      _id: consenting.member._id,
    });
    expect(doc?.reminderConsents?.eventTomorrow).toBe(0);

    // a second run the same evening sends nothing new
    const again = reportOf(await fireTimer(cloud.url, 'events', 'daily'));
    expect(again.reminders.eventTomorrow.sent).toBe(0);
    expect(await outbox(consenting, 'TPL-EVENT-TOMORROW')).toHaveLength(1);
  });

  it('a promotion without a consent left is recorded, not sent', async () => {
    await evOk(site, 'cancel', { eventId }, consenting.openid);
    expect((await evOk(site, 'detail', { eventId }, secondInLine.openid)).mine.status).toBe('registered');
    expect(await outbox(secondInLine, 'TPL-EVENT-PROMOTED')).toHaveLength(0);
    expect(await reminderOn(eventId, secondInLine, 'eventPromoted')).toMatchObject({
      result: 'skipped',
      reason: 'noConsent',
    });
  });

  it('the next evening reaches the later event only', async () => {
    const moved = await advanceClock(cloud.url, { hours: 24 });
    const fired = moved.fired.filter((f) => f.function === 'events' && f.trigger === 'daily');
    expect(fired).toHaveLength(1);
    const report = reportOf(fired[0]?.result);
    expect(report.events).toBeGreaterThanOrEqual(1);
    // consenting used their only eventTomorrow consent on the first event
    expect(await outbox(consenting, 'TPL-EVENT-TOMORROW')).toHaveLength(1);
    expect(await reminderOn(laterId, consenting, 'eventTomorrow')).toMatchObject({ reason: 'noConsent' });
  });
});
