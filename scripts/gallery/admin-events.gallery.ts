/**
 * The organiser pages in the gallery (GALLERY_ONLY=admin-events), as the demo organiser 张红梅: 活动管理
 * (published and drafts), the form (new, a published event with questions, a refused publish), the
 * attendee list on each tab, the check-in screen, and 我的 with the entry.
 *
 * The state is made through the functions in a private local cloud of this file: a 读书分享会 starting in
 * half an hour (check-in open), full, with a waitlist, invites, answers, a cancellation and two members
 * checked in; a 主题党日 next week; a draft, a cancelled and a finished event. (test/support/clock.ts
 * brings in the local cloud's store, whose mingo loads as CommonJS: hence node's export conditions above.)
 */
import type { Member } from '../../typings';
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import { installAdminWx } from '../../test/support/admin-catalogue';
import { callAt, registerMember } from '../../test/support/circulation-admin';
import { advanceClock, setPhoneDate, type PrivateCloud } from '../../test/support/clock';
import { DEMO_ORGANISER as ORGANISER } from '../../test/support/events';
import { installFilesWx, makeEvent, SAMPLE_QUESTIONS, signUp } from '../../test/support/events-admin';
import { fire, tap, text, waitFor, type SimComponent } from '../../test/support/page';
import { loaded, privateState, renderScenes, roundStart, type Scene, xlarge } from './scene';

/** The people of these pictures (key → name). */
const PEOPLE = {
  zhao: '赵红梅',
  li: '李卫东',
  sun: '孙丽',
  zhou: '周建华',
  wu: '吴志刚',
  ma: '马晓光',
  qian: '钱国强',
  he: '何丽萍',
} as const;
type Person = keyof typeof PEOPLE;

interface State {
  cloud: PrivateCloud;
  /** The 读书分享会: full, waitlisted, check-in open. */
  shareId: string;
  /** The 主题党日 next week (the form with questions). */
  visitId: string;
  /** The cloud's clock when the pictures are taken (the phone's Date is set to it). */
  now: number;
}

let state: State | null = null;

const cloudUrl = (): string => {
  if (!state) throw new Error('the events gallery state was not built');
  return state.cloud.url;
};

const openidOf = (person: Person): string => `gallery-ev-${person}`;

async function buildState(cloud: PrivateCloud): Promise<State> {
  const url = cloud.url;
  // An evening at the reading room: tomorrow 18:40, China time, on the cloud's clock and the phone's.
  const now = chinaAt(new Date(), 1, 18 + 40 / 60).getTime();
  await advanceClock(url, { to: new Date(now) });
  const members = {} as Record<Person, Member>;
  for (const [key, name] of Object.entries(PEOPLE) as [Person, string][])
    members[key] = await registerMember(url, openidOf(key), name);

  const shareId = await makeEvent(url, {
    title: '“学习二十大精神”读书分享会',
    type: 'readingShare',
    description: '每人分享一本近期读过的党史或理论书籍，时间 5 分钟左右。',
    capacity: 5,
    from: now,
    startInHours: roundStart(now, { extraHalfHours: 1 }),
    questions: SAMPLE_QUESTIONS,
  });
  const units: Record<Person, string> = {
    zhao: '机关第一党支部',
    li: '组织部',
    sun: '教研室',
    zhou: '主体班一班',
    wu: '离退休干部处',
    ma: '办公室',
    qian: '后勤中心',
    he: '图书馆',
  };
  const order: [Person, Person | null, string | null][] = [
    ['zhao', null, '自带书目'],
    ['li', 'zhao', '由书屋提供'],
    ['sun', 'zhao', '自带书目'],
    ['zhou', null, null],
    ['he', 'li', '自带书目'],
    ['wu', null, '由书屋提供'], // waitlisted from here on
    ['ma', 'zhao', null],
    ['qian', null, null],
  ];
  for (const [person, inviter, books] of order) {
    await signUp(url, shareId, openidOf(person), {
      ...(inviter ? { inviter: members[inviter]._id } : {}),
      answers: { unit: units[person], ...(books ? { books } : {}) },
    });
  }
  await callAt(url, 'events', 'cancel', { eventId: shareId }, openidOf('qian'));
  const { code } = await callAt(url, 'events', 'checkinCode', { eventId: shareId }, ORGANISER);
  for (const person of ['zhao', 'li'] as Person[])
    await callAt(url, 'events', 'checkin', { eventId: shareId, code }, openidOf(person));

  const visitId = await makeEvent(url, {
    title: '主题党日：参观革命历史纪念馆',
    type: 'themeDay',
    description: '集体乘车前往，请提前 15 分钟到党校东门集合。',
    place: '党校东门集合',
    capacity: 40,
    from: now,
    startInHours: roundStart(now, { days: 6, hour: 9 }),
    questions: [
      { id: 'phone', label: '联系电话', kind: 'text', options: [], required: true },
      { id: 'bus', label: '是否乘坐集体大巴', kind: 'choice', options: ['乘坐', '自行前往'], required: true },
    ],
  });
  for (const person of ['sun', 'zhou', 'wu'] as Person[])
    await signUp(url, visitId, openidOf(person), {
      answers: { phone: '13800000000', bus: '乘坐' },
    });
  await makeEvent(url, {
    title: '读书月征文比赛',
    type: 'essayContest',
    capacity: 0,
    from: now,
    startInHours: roundStart(now, { days: 20, hour: 14 }),
    status: 'draft',
  });
  const cancelled = await makeEvent(url, {
    title: '《习近平新时代中国特色社会主义思想》专题讲座',
    type: 'lecture',
    from: now,
    startInHours: roundStart(now, { days: 3, hour: 15 }),
  });
  await callAt(url, 'events', 'save', { eventId: cancelled, status: 'cancelled' }, ORGANISER);
  return { cloud, shareId, visitId, now };
}

const share = () => Promise.resolve({ eventId: state!.shareId });

/** The attendee list on `tab`, once its rows are there. */
function attendeesOn(tab: string) {
  return async (page: SimComponent) => {
    await loaded('listState')(page);
    if (tab !== 'registered') {
      await fire(page, '#tabs', 'change', { name: tab });
      await loaded('listState')(page);
    }
  };
}

const SCENES: Scene[] = [
  { name: 'admin-events-list', route: '/admin/events/index', act: loaded('listState') },
  {
    name: 'admin-events-list-drafts',
    route: '/admin/events/index',
    query: () => Promise.resolve({ status: 'draft' }),
    act: loaded('listState'),
  },
  { name: 'admin-events-edit-new', route: '/admin/event-edit/index', act: loaded('loadState') },
  {
    name: 'admin-events-edit-new-error',
    route: '/admin/event-edit/index',
    act: async (page: SimComponent, wx) => {
      await loaded('loadState')(page);
      await fire(page, '#title', 'change', '读书沙龙');
      await tap(page, '#add-question');
      await tap(page, '#question-choice-0');
      wx.modalAnswers.push({ confirm: true });
      await tap(page, '#publish');
      await waitFor(() => text(page, '#form-error'));
    },
  },
  {
    name: 'admin-events-edit-questions',
    route: '/admin/event-edit/index',
    query: () => Promise.resolve({ eventId: state!.visitId }),
    act: loaded('loadState'),
  },
  {
    name: 'admin-events-edit-capacity',
    route: '/admin/event-edit/index',
    query: share,
    act: async (page: SimComponent) => {
      await loaded('loadState')(page);
      await fire(page, '#capacity', 'change', '8');
    },
  },
  {
    name: 'admin-events-attendees-registered',
    route: '/admin/attendees/index',
    query: share,
    act: attendeesOn('registered'),
  },
  {
    name: 'admin-events-attendees-waitlisted',
    route: '/admin/attendees/index',
    query: share,
    act: attendeesOn('waitlisted'),
  },
  {
    name: 'admin-events-attendees-attended',
    route: '/admin/attendees/index',
    query: share,
    act: attendeesOn('attended'),
  },
  {
    name: 'admin-events-attendees-cancelled',
    route: '/admin/attendees/index',
    query: share,
    act: attendeesOn('cancelled'),
  },
  {
    name: 'admin-events-attendees-xlarge',
    route: '/admin/attendees/index',
    query: share,
    prepare: xlarge,
    act: attendeesOn('registered'),
  },
  {
    name: 'admin-events-checkin',
    route: '/admin/checkin/index',
    query: share,
    act: async (page: SimComponent) => {
      await waitFor(
        () => page.instance.data.codeState === 'ready' && (page.instance.data.attended as number) >= 0,
      );
      // The picture is taken next: stop the timers as leaving the screen would.
      (page.instance as unknown as { onUnload(): void }).onUnload();
    },
  },
  { name: 'admin-events-me-organiser', route: '/pages/me/index', act: loaded('state') },
];

privateState(SCENES, buildState, (built) => {
  state = built;
});

renderScenes(SCENES, {
  openid: ORGANISER,
  install: (wx) => {
    wx.cloudUrl = cloudUrl();
    installAdminWx(() => wx.cloudUrl);
    installFilesWx(() => wx.cloudUrl);
    setPhoneDate(state!.now); // the phone's calendar is the cloud's
  },
});
