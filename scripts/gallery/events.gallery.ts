/**
 * The event member pages in the gallery (GALLERY_ONLY=events-), as the demo member 陈志远 (离退休干部党支部):
 * the 活动 tab (with events, 往期, and a type without events), the event page in each state (报名中,
 * 名额已满 → 候补报名, 已报名, 候补中 · 第 3 位, 签到已开放, 已签到, 报名已截止, 活动已取消, 仅限…党支部,
 * 请先注册 for a visitor), the questions popup, an online event, the poster and 我的活动.
 *
 * The events are published through the `events` function by the demo organiser 张红梅 in a private local cloud
 * of this file, with gallery members filling seats and waitlists, on a China afternoon whenever the gallery
 * runs: the cloud's clock (and the phone's) is moved to tomorrow 08:45 for a morning 参观 the member checks in
 * to, then to 14:10, when the 培训 at 14:30 has its check-in open; the others are at round times in the days
 * after. (test/support/clock.ts brings in the local cloud's store, whose mingo loads as CommonJS: hence
 * node's export conditions above.)
 */
import type { SaveEventRequest } from '../../typings';
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import { installAdminWx } from '../../test/support/admin-catalogue';
import { catalogueWx } from '../../test/support/catalogue-pages';
import { okAt, type Site } from '../../test/support/circulation';
import { advanceClock, setPhoneDate, type PrivateCloud } from '../../test/support/clock';
import { demoOrganiser, signUpAll, startingIn } from '../../test/support/event-pages';
import { DEMO_ORGANISER as ORGANISER, evOk, hoursFrom, publishedEvent } from '../../test/support/events';
import { tap, waitFor, type SimComponent } from '../../test/support/page';
import { DEMO, loaded, privateState, renderScenes, roundStart, type Scene, xlarge } from './scene';

const READER = DEMO.member;
const VISITOR = 'gallery-event-visitor';

type EventKey =
  | 'open'
  | 'full'
  | 'registered'
  | 'waitlisted'
  | 'checkin'
  | 'attended'
  | 'closed'
  | 'cancelled'
  | 'audience'
  | 'questions'
  | 'online';

interface State {
  cloud: PrivateCloud;
  events: Record<EventKey, string>;
  /** The cloud's clock when the pictures are taken (the phone's Date is set to it). */
  now: number;
}

let state: State | null = null;

const built = (): State => {
  if (!state) throw new Error('the events gallery state was not built');
  return state;
};

const NAMES = [
  '王晓梅',
  '刘建国',
  '赵丽华',
  '孙国强',
  '周文静',
  '吴海燕',
  '郑志明',
  '黄秀英',
  '何振华',
  '高玉兰',
];

async function buildState(cloud: PrivateCloud): Promise<State> {
  const site: Site = { url: cloud.url };
  // The morning: the 参观 at 09:00, which the member checks in to (sign-up open until the start).
  let now = chinaAt(new Date(), 1, 8.75).getTime();
  await advanceClock(site.url, { to: new Date(now) });
  const crowd: string[] = [];
  for (const [i, name] of NAMES.entries()) {
    const openid = `gallery-event-${i}`;
    const branchId = i % 2 ? 'branch-office-1' : 'branch-retired';
    await okAt(site, 'user', 'register', { name, branchId, category: '党员' }, openid);
    crowd.push(openid);
  }
  const host = await demoOrganiser(site);
  /** Published by 张红梅, starting `startsIn` hours after `now` (round China times: roundStart). */
  const publish = ({ startsIn, ...fields }: SaveEventRequest & { startsIn: number }) =>
    publishedEvent(site, host, { place: '党校书屋', ...startingIn(startsIn, new Date(now)), ...fields });
  /** Sign-up open until the start, not the hour before (an event starting within the hour, or closed later). */
  const untilStart = (startsIn: number) => ({ startsIn, signupDeadline: hoursFrom(startsIn, new Date(now)) });
  const attended = await publish({
    type: 'visit',
    title: '参观红色教育基地',
    capacity: 20,
    ...untilStart(roundStart(now, { extraHalfHours: 0 })),
  });
  await signUpAll(site, attended, [...crowd.slice(2, 9), READER]);
  const { code } = await evOk(site, 'checkinCode', { eventId: attended }, ORGANISER);
  await evOk(site, 'checkin', { eventId: attended, code }, READER);

  // The afternoon the pictures show: 14:10, the 培训 at 14:30 with its check-in open.
  now = chinaAt(new Date(), 1, 14 + 10 / 60).getTime();
  await advanceClock(site.url, { to: new Date(now) });
  const at = (days: number, hour: number) => roundStart(now, { days, hour });
  const description =
    '本次活动围绕《习近平新时代中国特色社会主义思想学习纲要》开展交流。\n请提前阅读第一至三章，每人准备 3 分钟发言。\n活动结束后合影留念。';

  const open = await publish({
    type: 'themeDay',
    title: '十二月主题党日：重温入党誓词',
    description,
    place: '党校书屋二楼阅览区',
    capacity: 50,
    startsIn: at(2, 14.5),
  });
  await signUpAll(site, open, crowd.slice(0, 8));
  const full = await publish({
    type: 'lecture',
    title: '书屋+课堂：党史中的廉政故事',
    capacity: 3,
    startsIn: at(1, 9),
  });
  await signUpAll(site, full, crowd.slice(0, 5));
  const registered = await publish({
    type: 'readingShare',
    title: '读书分享会：《乡土中国》',
    description,
    capacity: 30,
    startsIn: at(1, 15),
  });
  await signUpAll(site, registered, [...crowd.slice(0, 4), READER]);
  const waitlisted = await publish({
    type: 'speechContest',
    title: '“强国复兴有我”演讲比赛',
    capacity: 2,
    startsIn: at(4, 9.5),
  });
  await signUpAll(site, waitlisted, [...crowd.slice(0, 4), READER]);
  const checkin = await publish({
    type: 'training',
    title: '新任支部书记培训（第二期）',
    capacity: 40,
    ...untilStart(roundStart(now, { extraHalfHours: 0 })),
  });
  await signUpAll(site, checkin, [...crowd.slice(0, 6), READER]);
  const closed = await publish({
    type: 'readingShare',
    title: '读书分享会：《之江新语》',
    capacity: 0,
    ...untilStart(at(0, 15)), // closed at noon once the first have signed up
  });
  await signUpAll(site, closed, crowd.slice(0, 3));
  await evOk(
    site,
    'save',
    { eventId: closed, signupDeadline: chinaAt(new Date(now), 0, 12).toISOString() },
    ORGANISER,
  );
  const cancelled = await publish({
    type: 'lecture',
    title: '专题讲座：基层治理创新',
    capacity: 60,
    startsIn: at(3, 14.5),
  });
  await signUpAll(site, cancelled, [READER]);
  await evOk(site, 'save', { eventId: cancelled, status: 'cancelled' }, ORGANISER);
  const audience = await publish({
    type: 'themeDay',
    title: '机关第二党支部组织生活会',
    audienceBranchIds: ['branch-office-2'],
    capacity: 25,
    startsIn: at(5, 15),
  });
  const questions = await publish({
    type: 'essayContest',
    title: '“书香机关”征文活动',
    capacity: 0,
    startsIn: at(7, 9),
    questions: [
      { id: 'unit', label: '所在单位', kind: 'text', options: [], required: true },
      { id: 'topic', label: '征文题目', kind: 'text', options: [], required: false },
      { id: 'form', label: '参赛形式', kind: 'choice', options: ['个人', '支部集体'], required: true },
    ],
  });
  const online = await publish({
    type: 'lecture',
    title: '线上讲座：数字时代的阅读',
    place: '',
    onlineUrl: 'https://meeting.tencent.com/dm/shuwu-reading-2026',
    capacity: 0,
    startsIn: at(1, 19.5),
  });
  await signUpAll(site, online, crowd.slice(0, 9));
  return {
    cloud,
    now,
    events: {
      open,
      full,
      registered,
      waitlisted,
      checkin,
      attended,
      closed,
      cancelled,
      audience,
      questions,
      online,
    },
  };
}

const eventReady = (page: SimComponent) => waitFor(() => page.instance.data.state === 'ready');

const eventScene = (key: EventKey, extra: Partial<Scene> = {}): Scene => ({
  name: `events-event-${key}`,
  route: '/pages/event/index',
  query: () => Promise.resolve({ id: built().events[key] }),
  act: eventReady,
  ...extra,
});

/** The 活动 tab turned to 往期. */
async function showPast(page: SimComponent): Promise<void> {
  await loaded('listState')(page);
  const onPhase = page.instance.onPhase as (e: { detail: { name: string } }) => void;
  onPhase.call(page.instance, { detail: { name: 'past' } });
  await loaded('listState')(page);
}

const SCENES: Scene[] = [
  { name: 'events-tab', route: '/pages/events/index', act: loaded('listState') },
  { name: 'events-tab-xlarge', route: '/pages/events/index', prepare: xlarge, act: loaded('listState') },
  { name: 'events-tab-past', route: '/pages/events/index', act: showPast },
  {
    // nothing of a type: 没有这一类的活动 with 看全部活动
    name: 'events-tab-empty',
    route: '/pages/events/index',
    act: async (page) => {
      await showPast(page);
      await tap(page, '#type-speechContest');
      await waitFor(() => page.instance.data.type === 'speechContest');
      await loaded('listState')(page);
    },
  },
  eventScene('open'),
  eventScene('full'),
  eventScene('registered'),
  eventScene('waitlisted'),
  eventScene('checkin'),
  eventScene('attended'),
  eventScene('closed'),
  eventScene('cancelled'),
  eventScene('audience'),
  eventScene('online'),
  eventScene('open', { name: 'events-event-register', openid: VISITOR }),
  eventScene('registered', { name: 'events-event-registered-xlarge', prepare: xlarge }),
  eventScene('questions', {
    act: async (page) => {
      await eventReady(page);
      await tap(page, '#signup-action');
      await waitFor(() => page.instance.data.asking === true);
    },
  }),
  {
    name: 'events-poster',
    route: '/pages/event-poster/index',
    query: () => Promise.resolve({ id: built().events.open }),
    act: loaded('state'),
  },
  { name: 'events-my-events', route: '/pages/my-events/index', act: loaded('listState') },
];

privateState(SCENES, buildState, (built) => {
  state = built;
});

renderScenes(SCENES, {
  openid: READER,
  install: (wx) => {
    wx.cloudUrl = built().cloud.url;
    catalogueWx();
    installAdminWx(() => wx.cloudUrl);
    setPhoneDate(built().now); // the phone's calendar is the cloud's
  },
});
