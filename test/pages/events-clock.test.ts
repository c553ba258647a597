/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * (test/support/clock.ts brings in the local cloud's store, whose mingo must load as CommonJS: node's export
 * conditions, not jsdom's browser ones.)
 */
/**
 * The event member pages against a private local cloud of this file: event reminder templates configured
 * (the sign-up tap asks for eventTomorrow + eventPromoted consent before it signs up, and reports what was
 * accepted), and a clock moved past an event (往期 on the 活动 tab and in 我的活动, 已结束 and 活动已结束).
 */
import type { TestMember } from '../support/circulation';
import { advanceClock, cloudNow, privateCloud, type PrivateCloud } from '../support/clock';
import { catalogueWx } from '../support/catalogue-pages';
import { demoOrganiser, signUpAll, startingIn } from '../support/event-pages';
import { member, publishedEvent } from '../support/events';
import { installAdminWx } from '../support/admin-catalogue';
import { openPage, tap, text, waitFor } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

const TEMPLATES = { eventTomorrow: 'tmpl-event-tomorrow', eventPromoted: 'tmpl-event-promoted' };

let cloud: PrivateCloud;
let wx: WxShim;
let host: TestMember;

beforeAll(async () => {
  cloud = await privateCloud({
    env: {
      REMINDER_TEMPLATE_EVENT_TOMORROW: TEMPLATES.eventTomorrow,
      REMINDER_TEMPLATE_EVENT_PROMOTED: TEMPLATES.eventPromoted,
      // a loan kind configured too: the event page must not ask for it
      REMINDER_TEMPLATE_DUE_SOON: 'tmpl-due-soon',
    },
  });
  host = await demoOrganiser(cloud);
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  wx = installWx(cloud.url, 'nobody-yet');
  catalogueWx();
  installAdminWx(() => wx.cloudUrl);
});

const calls = (name: string, action: string) =>
  wx.calls.filter((c) => c.name === name && c.event.action === action);

it('asks for the event reminders inside the sign-up tap, before signing up, and reports the accepted ones', async () => {
  const reader = await member(cloud);
  const eventId = await publishedEvent(cloud, host, {
    capacity: 10,
    ...startingIn(48, await cloudNow(cloud.url)),
  });
  wx.openid = reader.openid;
  const signupsWhenAsked: number[] = [];
  type CallOptions = { data?: { action?: string } };
  const g = globalThis as unknown as {
    wx: {
      requestSubscribeMessage: (o: unknown) => unknown;
      cloud: { callFunction: (o: CallOptions) => Promise<unknown> };
    };
  };
  const ask = g.wx.requestSubscribeMessage;
  g.wx.requestSubscribeMessage = (options) => {
    signupsWhenAsked.push(calls('events', 'signup').length);
    return ask(options);
  };
  // the page fetches the template ids on load: the tap comes after they arrived, as a member's would
  let templatesArrived = false;
  const callFunction = g.wx.cloud.callFunction;
  g.wx.cloud.callFunction = (options) => {
    const answer = callFunction(options);
    if (options.data?.action === 'options') void answer.then(() => (templatesArrived = true));
    return answer;
  };

  const { page } = openPage('/pages/event/index', { id: eventId });
  await waitFor(() => page.instance.data.state === 'ready');
  await waitFor(() => templatesArrived);
  await tap(page, '#signup-action');
  await waitFor(() => text(page, '#signup-status') === '已报名');

  expect(wx.subscribe.asked).toEqual([[TEMPLATES.eventTomorrow, TEMPLATES.eventPromoted]]);
  expect(signupsWhenAsked).toEqual([0]);
  await waitFor(() => calls('circulation', 'consent').length === 1);
  expect(calls('circulation', 'consent')[0]?.event).toMatchObject({
    kinds: ['eventTomorrow', 'eventPromoted'],
  });
});

it('a past event moves to 往期 on the tab and in 我的活动, and its page reads 活动已结束', async () => {
  const reader = await member(cloud);
  const eventId = await publishedEvent(cloud, host, {
    title: '往期读书分享会',
    capacity: 10,
    ...startingIn(3, await cloudNow(cloud.url)),
  });
  await signUpAll(cloud, eventId, [reader.openid]);
  await advanceClock(cloud.url, { days: 1 });
  wx.openid = reader.openid;

  const { page: tab } = openPage('/pages/events/index');
  await waitFor(() => tab.instance.data.listState === 'ready');
  expect(tab.querySelector(`#event-${eventId}`)).toBeUndefined();
  const onPhase = tab.instance.onPhase as (e: { detail: { name: string } }) => void;
  onPhase.call(tab.instance, { detail: { name: 'past' } });
  await waitFor(() => tab.instance.data.listState === 'ready' && tab.querySelector(`#event-${eventId}`));
  expect(text(tab, `#event-${eventId}`)).toContain('已结束');
  expect(text(tab, `#event-${eventId}`)).toContain('我已报名');

  const { page: mine } = openPage('/pages/my-events/index');
  await waitFor(() => mine.instance.data.listState === 'ready');
  expect(text(mine, '#past-head')).toBe('往期');
  expect(text(mine, `#event-${eventId}`)).toContain('往期读书分享会');

  const { page } = openPage('/pages/event/index', { id: eventId });
  await waitFor(() => page.instance.data.state === 'ready');
  expect(text(page, '#signup-status')).toBe('活动已结束');
  expect(page.querySelector('#signup-action')).toBeUndefined();
});
