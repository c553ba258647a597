/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The event member pages against the real local cloud: the 活动 tab (phases, type filter, own standing,
 * empty state), the event page's sign-up area in each state (open, full → 候补, registered, waitlisted
 * with its position, attended, deadline passed, cancelled, audience-only, not registered), the questions
 * popup, cancel after a confirmation, check-in by code (success and refusal), the share card's inviter,
 * an invite recorded on opening, a poster's scene resolved, and 我的活动. Each test publishes its own
 * events as this file's organiser, so tests sharing the run's cloud never meet. (test/support/events.ts
 * brings in the local cloud's store, whose mingo loads as CommonJS: hence node's export conditions above.)
 */
import type { Attendee, SaveEventRequest } from '../../typings';
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';
import { catalogueWx, type CatalogueWx } from '../support/catalogue-pages';
import { okAt, sharedSite, type TestMember } from '../support/circulation';
import { newOpenid } from '../support/cloud';
import { localCloudUrl } from '../support/env';
import { signUpAll, startingIn } from '../support/event-pages';
import { BRANCH_1, BRANCH_2, evOk, hoursFrom, member, organiser, publishedEvent } from '../support/events';
import { lifecycle, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;
let shell: AdminWx;
let menus: CatalogueWx;

beforeEach(() => {
  wx = installWx(localCloudUrl(), 'nobody-yet');
  menus = catalogueWx();
  shell = installAdminWx(() => wx.cloudUrl);
  Object.assign((globalThis as unknown as { wx: object }).wx, {
    setClipboardData: () => Promise.resolve({ errMsg: 'setClipboardData:ok' }),
  });
});

const site = sharedSite();

let host: TestMember | null = null;
/** This file's organiser (made once). */
async function organiserOnce(): Promise<TestMember> {
  host ??= await organiser(site);
  return host;
}

/** A published event starting in `startsIn` hours (two days by default), 50 seats unless `fields` say. */
async function publish(fields: SaveEventRequest & { startsIn?: number } = {}): Promise<string> {
  const { startsIn = 48, ...rest } = fields;
  return publishedEvent(site, await organiserOnce(), { capacity: 50, ...startingIn(startsIn), ...rest });
}

async function members(count: number, branchId = BRANCH_1): Promise<TestMember[]> {
  const out: TestMember[] = [];
  for (let i = 0; i < count; i++) out.push(await member(site, branchId));
  return out;
}

const openids = (people: TestMember[]) => people.map((p) => p.openid);

/** Opens the event page as `openid` and waits until it shows. */
async function openEvent(openid: string, query: Record<string, string>): Promise<SimComponent> {
  wx.openid = openid;
  const { page } = openPage('/pages/event/index', query);
  await waitFor(() => page.instance.data.state !== 'loading');
  return page;
}

const status = (page: SimComponent) => text(page, '#signup-status');
const actionText = (page: SimComponent) => text(page, '#signup-action');
const eventsCalls = (action: string) =>
  wx.calls.filter((c) => c.name === 'events' && c.event.action === action);

describe('活动 tab', () => {
  it('lists upcoming events with seats and own standing, ongoing ones under 进行中, and filters by type', async () => {
    const reader = (await members(1))[0] as TestMember;
    const upcoming = await publish({ capacity: 2, type: 'lecture' });
    const ongoing = await publish({ startsIn: -1, signupDeadline: hoursFrom(-2), type: 'lecture' });
    await signUpAll(site, upcoming, openids([reader]));

    wx.openid = reader.openid;
    const { page } = openPage('/pages/events/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    // soonest first; the seed or other tests may add more: find ours
    await waitFor(() => page.querySelector(`#event-${upcoming}`));
    const card = text(page, `#event-${upcoming}`);
    expect(card).toContain('讲座');
    expect(card).toContain('已报名 1/2');
    expect(card).toContain('报名中');
    expect(card).toContain('我已报名');
    expect(card).toContain('党校书屋');
    expect(page.querySelector(`#event-${ongoing}`)).toBeUndefined();

    const onPhase = page.instance.onPhase as (e: { detail: { name: string } }) => void;
    onPhase.call(page.instance, { detail: { name: 'ongoing' } });
    await waitFor(() => page.instance.data.listState === 'ready' && page.querySelector(`#event-${ongoing}`));
    expect(text(page, `#event-${ongoing}`)).toContain('报名截止');
    expect(page.querySelector(`#event-${upcoming}`)).toBeUndefined();
    expect(eventsCalls('list').at(-1)?.event).toMatchObject({ phase: 'ongoing' });

    await tap(page, '#type-visit');
    await waitFor(() => page.instance.data.listState === 'ready' && page.instance.data.type === 'visit');
    expect(eventsCalls('list').at(-1)?.event).toMatchObject({ phase: 'ongoing', type: 'visit' });
    expect(page.querySelector(`#event-${ongoing}`)).toBeUndefined();

    await tap(page, `#type-all`);
    await waitFor(() => page.instance.data.listState === 'ready' && page.querySelector(`#event-${ongoing}`));
    await tap(page, `#event-${ongoing}`);
    expect(wx.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/pages/event/index?id=${ongoing}` });
  });

  it('says so when a type has no events, and offers all events', async () => {
    const reader = (await members(1))[0] as TestMember;
    wx.openid = reader.openid;
    const { page } = openPage('/pages/events/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    // 其他 in the past: no test publishes one
    const onPhase = page.instance.onPhase as (e: { detail: { name: string } }) => void;
    onPhase.call(page.instance, { detail: { name: 'past' } });
    await waitFor(() => page.instance.data.listState === 'ready');
    await tap(page, '#type-other');
    await waitFor(() => page.instance.data.listState === 'ready' && page.instance.data.type === 'other');
    expect(text(page, '#list-empty')).toContain('没有这一类的活动');
    expect(text(page, '#list-empty')).toContain('看全部活动');
  });

  it('its organiser sees 管理活动, which opens the organiser page of this event; a member does not', async () => {
    const [reader] = await members(1);
    const eventId = await publish({});
    const mine = await openEvent((await organiserOnce()).openid, { id: eventId });
    await tap(mine, '#manage');
    expect(wx.navigations.at(-1)).toEqual({
      kind: 'navigateTo',
      url: `/admin/event-edit/index?eventId=${eventId}`,
    });
    const theirs = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(theirs.querySelector('#manage')).toBeUndefined();
  });

  it('shows the error state with 重试 when the cloud does not answer', async () => {
    wx.cloudUrl = 'http://127.0.0.1:9';
    const { page } = openPage('/pages/events/index');
    await waitFor(() => page.instance.data.listState === 'error');
    expect(text(page, '#load-error')).toContain('活动暂时取不到');
  });
});

describe('event page: the sign-up area', () => {
  it('open: 立即报名 signs up, then 已报名 with 取消报名', async () => {
    const [reader] = await members(1);
    const eventId = await publish({ capacity: 5, description: '第一行\n第二行' });
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('报名中');
    expect(text(page, '#signup-note')).toContain('还剩 5 个名额');
    expect(actionText(page)).toBe('立即报名');
    expect(text(page, '#event-seats')).toBe('已报名 0/5');
    expect(text(page, '#event-place')).toBe('党校书屋');
    expect(text(page, '#event-organiser')).toBe((await organiserOnce()).member.name);
    expect(text(page, '#event-audience')).toBe('全体读者');
    expect(menus.shareMenus).toEqual([
      { withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] },
    ]);

    await tap(page, '#signup-action');
    await waitFor(() => wx.toasts.includes('报名成功'));
    await waitFor(() => status(page) === '已报名');
    expect(actionText(page)).toBe('取消报名');
    expect(text(page, '#event-seats')).toBe('已报名 1/5');
    expect(eventsCalls('signup')).toHaveLength(1);
  });

  it('full: 候补报名 puts the member in line with a position; waitlisted #3 reads 候补中 · 第 3 位', async () => {
    const people = await members(4);
    const eventId = await publish({ capacity: 1 });
    await signUpAll(site, eventId, openids(people.slice(0, 3)));

    const page = await openEvent((people[3] as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('名额已满');
    expect(actionText(page)).toBe('候补报名');
    expect(text(page, '#signup-note')).toContain('已有 2 人候补');
    await tap(page, '#signup-action');
    await waitFor(() => status(page) === '候补中 · 第 3 位');
    expect(wx.toasts).toContain('名额已满，已进入候补第 3 位');
    expect(actionText(page)).toBe('取消候补');
    expect(text(page, '#event-seats')).toContain('候补 3');
  });

  it('cancel asks first: refused keeps the sign-up, confirmed frees the seat for the first in line', async () => {
    const people = await members(2);
    const [first, second] = people as [TestMember, TestMember];
    const eventId = await publish({ capacity: 1 });
    await signUpAll(site, eventId, openids([first, second]));

    const page = await openEvent(first.openid, { id: eventId });
    expect(status(page)).toBe('已报名');
    wx.modalAnswers.push({ confirm: false });
    await tap(page, '#signup-action');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shell.modals.at(-1)?.title).toBe('取消报名？');
    expect(eventsCalls('cancel')).toEqual([]);

    await tap(page, '#signup-action');
    await waitFor(() => wx.toasts.includes('已取消报名'));
    // the freed seat went to the member in line: full again
    await waitFor(() => status(page) === '名额已满');
    expect(text(page, '#event-seats')).toBe('已报名 1/1');
    const promoted = await evOk(site, 'detail', { eventId }, second.openid);
    expect(promoted.mine).toEqual({ status: 'registered' });
  });

  it('deadline passed: 报名已截止, no button', async () => {
    const [reader] = await members(1);
    const eventId = await publish({ signupDeadline: hoursFrom(-1) });
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('报名已截止');
    expect(page.querySelector('#signup-action')).toBeUndefined();
    expect(text(page, '#event-status')).toBe('报名截止');
  });

  it('cancelled by the organiser: 活动已取消, also for a registered member', async () => {
    const [reader] = await members(1);
    const eventId = await publish();
    await signUpAll(site, eventId, openids([reader as TestMember]));
    await evOk(site, 'save', { eventId, status: 'cancelled' }, (await organiserOnce()).openid);
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('活动已取消');
    expect(page.querySelector('#signup-action')).toBeUndefined();
    expect(text(page, '#event-status')).toBe('已取消');
  });

  it('audience-only: a member of another branch reads 仅限 and the branch', async () => {
    const [reader] = await members(1, BRANCH_1);
    const eventId = await publish({ audienceBranchIds: [BRANCH_2] });
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('仅限机关第二党支部');
    expect(text(page, '#event-audience')).toBe('机关第二党支部');
    expect(page.querySelector('#signup-action')).toBeUndefined();
  });

  it('not registered: 请先登记 leads to the registration page', async () => {
    const eventId = await publish();
    const page = await openEvent(newOpenid('visitor'), { id: eventId });
    expect(status(page)).toBe('请先登记');
    await tap(page, '#signup-action');
    expect(wx.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/register/index' });
  });

  it('an unknown event says it cannot be found', async () => {
    const page = await openEvent(newOpenid('visitor'), { id: 'no-such-event' });
    expect(page.instance.data.state).toBe('missing');
    expect(text(page, '#missing')).toContain('找不到这个活动');
  });
});

describe('event page: questions asked at sign-up', () => {
  it('requires the required answers, then signs up with them', async () => {
    const [reader] = await members(1);
    const eventId = await publish({
      questions: [
        { id: 'unit', label: '所在单位', kind: 'text', options: [], required: true },
        { id: 'book', label: '是否自带书目', kind: 'choice', options: ['是', '否'], required: true },
        { id: 'note', label: '备注', kind: 'text', options: [], required: false },
      ],
    });
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    await tap(page, '#signup-action');
    await waitFor(() => page.instance.data.asking === true);
    expect(text(page, '#question-unit')).toContain('* 所在单位');
    expect(text(page, '#question-note')).not.toContain('*');

    await tap(page, '#submit-answers');
    await waitFor(() => text(page, '#answer-error-book') === '请选择一项');
    expect((page.instance.data.answerErrors as Record<string, string>).unit).toBe('请填写');
    expect(eventsCalls('signup')).toEqual([]);

    const onAnswer = page.instance.onAnswer as (e: object) => void;
    onAnswer.call(page.instance, { detail: '第一党支部', currentTarget: { dataset: { id: 'unit' } } });
    onAnswer.call(page.instance, { detail: '是', currentTarget: { dataset: { id: 'book' } } });
    await tap(page, '#submit-answers');
    await waitFor(() => status(page) === '已报名');
    expect(page.instance.data.asking).toBe(false);
    expect(eventsCalls('signup')[0]?.event).toMatchObject({ answers: { unit: '第一党支部', book: '是' } });
  });
});

describe('event page: check-in', () => {
  it('a registered member inside the window checks in with the code; a wrong code is refused with the reason', async () => {
    const [reader] = await members(1);
    const organiserId = (await organiserOnce()).openid;
    // starts in 30 minutes: check-in opens an hour before
    const eventId = await publish({ startsIn: 0.5, signupDeadline: hoursFrom(0.25) });
    await signUpAll(site, eventId, openids([reader as TestMember]));
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    expect(status(page)).toBe('已报名');
    expect(page.querySelector('#scan-checkin')).toBeDefined();

    const { code } = await evOk(site, 'checkinCode', { eventId }, organiserId);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    wx.modalAnswers.push({ confirm: true, content: wrong });
    await tap(page, '#type-checkin');
    await waitFor(() => shell.modals.some((m) => m.title === '签到没有成功'));
    const refusal = shell.modals.find((m) => m.title === '签到没有成功');
    expect(refusal?.content).toBe('签到码不正确或已过期'); // the function's message (events/src/checkin.ts)
    expect(status(page)).toBe('已报名');

    const fresh = await evOk(site, 'checkinCode', { eventId }, organiserId);
    shell.scans.push(fresh.qrText);
    await tap(page, '#scan-checkin');
    await waitFor(() => status(page) === '已签到');
    expect(wx.toasts).toContain('签到成功');
    expect(page.querySelector('#scan-checkin')).toBeUndefined();
  });
});

describe('event page: sharing and invites', () => {
  it('the share card and the Moments share carry the event and the sharer as inviter', async () => {
    const [reader] = await members(1);
    const eventId = await publish();
    const page = await openEvent((reader as TestMember).openid, { id: eventId });
    const share = (page.instance.onShareAppMessage as () => { title: string; path: string })();
    expect(share.title).toBe(
      page.instance.data.event && (page.instance.data.event as { title: string }).title,
    );
    expect(share.path).toBe(`/pages/event/index?id=${eventId}&inviter=${(reader as TestMember).member._id}`);
    const timeline = (page.instance.onShareTimeline as () => { query: string })();
    expect(timeline.query).toBe(`id=${eventId}&inviter=${(reader as TestMember).member._id}`);
  });

  it('opening a shared card records the inviter: three members who sign up all show them', async () => {
    const [inviter, ...invited] = await members(4);
    const eventId = await publish();
    for (const person of invited) {
      const page = await openEvent(person.openid, {
        id: eventId,
        inviter: (inviter as TestMember).member._id,
      });
      expect(eventsCalls('detail').at(-1)?.event).toMatchObject({
        inviter: (inviter as TestMember).member._id,
      });
      await tap(page, '#signup-action');
      await waitFor(() => status(page) === '已报名');
      // shown again (back from another page): the event is asked for again, without the invite
      const asked = eventsCalls('detail').length;
      lifecycle(page, 'onShow');
      await waitFor(() => eventsCalls('detail').length > asked);
      expect(eventsCalls('detail').at(-1)?.event).not.toHaveProperty('inviter');
    }
    const { items } = await evOk(site, 'attendees', { eventId }, (await organiserOnce()).openid);
    const byMember = new Map(items.map((a: Attendee) => [a.memberId, a]));
    for (const person of invited)
      expect(byMember.get(person.member._id)?.invitedBy).toBe((inviter as TestMember).member._id);
  });

  it("a poster's scene is resolved to the event and its inviter", async () => {
    const [inviter, reader] = (await members(2)) as [TestMember, TestMember];
    const eventId = await publish();
    const { scene } = await evOk(site, 'posterCode', { eventId }, inviter.openid);
    const page = await openEvent(reader.openid, { scene: encodeURIComponent(scene) });
    expect(eventsCalls('resolveScene')[0]?.event).toMatchObject({ scene });
    expect(eventsCalls('detail').at(-1)?.event).toMatchObject({ eventId, inviter: inviter.member._id });
    expect(status(page)).toBe('报名中');
  });
});

describe('我的活动', () => {
  it("lists the member's sign-ups with their standing; empty for a member without any", async () => {
    const people = await members(3);
    const [reader] = people as [TestMember];
    const open = await publish({ capacity: 5 });
    const full = await publish({ capacity: 1 });
    await signUpAll(site, full, openids(people.slice(1)));
    await signUpAll(site, open, openids([reader]));
    await signUpAll(site, full, openids([reader]));

    wx.openid = reader.openid;
    const { page } = openPage('/pages/my-events/index');
    await waitFor(() => page.instance.data.listState === 'ready');
    expect(text(page, `#event-${open}`)).toContain('我已报名');
    expect(text(page, `#event-${full}`)).toContain('候补第 2 位');
    await tap(page, `#event-${full}`);
    expect(wx.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/pages/event/index?id=${full}` });

    const other = await members(1);
    wx.openid = (other[0] as TestMember).openid;
    const { page: empty } = openPage('/pages/my-events/index');
    await waitFor(() => empty.instance.data.listState === 'ready');
    expect(text(empty, '#list-empty')).toContain('还没有报名过活动');
  });

  it('invites a visitor to register, and shows their events once they have', async () => {
    wx.openid = newOpenid('visitor');
    const { page } = openPage('/pages/my-events/index');
    await waitFor(() => page.instance.data.unregistered === true);
    expect(text(page, '#register')).toContain('登记后才能报名活动');

    // 去登记, then back: the list loads for the new member
    await okAt(site, 'user', 'register', { name: '新读者', branchId: BRANCH_1, category: '党员' }, wx.openid);
    lifecycle(page, 'onShow');
    await waitFor(
      () => page.instance.data.unregistered === false && page.instance.data.listState === 'ready',
    );
    expect(text(page, '#list-empty')).toContain('还没有报名过活动');
  });
});
