/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 *
 * The organiser pages (活动管理, 编辑活动, 报名名单, 签到) against the shared local cloud and its real `events`
 * function, as the demo organiser: create and publish, validation (the form's own and the function's
 * message shown inline), the capacity hint and waitlist promotion, the attendee tabs with 邀请人, marking
 * attendance, export to a file, the check-in screen whose code a member's checkin accepts, and members
 * refused. (test/support/events-admin.ts makes events through test/support/events.ts, which brings in the
 * local cloud's store, whose mingo loads as CommonJS: hence node's export conditions above.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { placeholderCode } from '../../scripts/local-cloud/png';
import type { RoomEvent } from '../../typings';
import type { EventForm, FormErrors } from '../../miniprogram/admin/event-edit/form';
import { chinaDay } from '../../miniprogram/shared/china-time';
import { callAt, registerMember, uniqueTag } from '../support/circulation-admin';
import { newOpenid } from '../support/cloud';
import { localCloudUrl } from '../support/env';
import { DEMO_ORGANISER as ORGANISER } from '../support/events';
import { installFilesWx, makeEvent, SAMPLE_QUESTIONS, signUp, type FilesWx } from '../support/events-admin';
import { fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';

let wx: WxShim;
let files: FilesWx;
let media: AdminWx;

beforeEach(() => {
  wx = installWx(localCloudUrl(), ORGANISER);
  media = installAdminWx(() => wx.cloudUrl);
  files = installFilesWx(() => wx.cloudUrl);
});

const eventsCalls = (action?: string) =>
  wx.calls.filter((c) => c.name === 'events' && (!action || c.event.action === action));

async function open(route: string, query: Record<string, string> = {}): Promise<SimComponent> {
  const { page } = openPage(route, query);
  await waitFor(() => page.instance.data.checking === false);
  return page;
}

async function stored(eventId: string): Promise<RoomEvent> {
  return (await callAt(localCloudUrl(), 'events', 'detail', { eventId }, ORGANISER)).event;
}

/** The China calendar date `days` from now, as the date picker answers it. */
const chinaDate = (days: number): string => chinaDay(new Date(Date.now() + days * 86_400_000));

/** What the event form page holds (its data, typed). */
const form = (page: SimComponent) => page.instance.data.form as EventForm;
const errors = (page: SimComponent) => page.instance.data.errors as FormErrors;
const savedEvent = (page: SimComponent) => page.instance.data.event as RoomEvent | null;

async function pick(page: SimComponent, selector: string, value: string | number): Promise<void> {
  await fire(page, selector, 'change', { value });
}

describe('who may use the organiser pages', () => {
  it.each([
    '/admin/events/index',
    '/admin/event-edit/index',
    '/admin/attendees/index',
    '/admin/checkin/index',
  ])('%s shows a member the no-permission state and asks the events function nothing', async (route) => {
    wx.openid = 'demo-member';
    const page = await open(route, { eventId: 'whatever' });
    expect(page.instance.data.allowed).toBe(false);
    expect(text(page, '#not-allowed')).toContain('只有活动组织者和管理员');
    expect(eventsCalls()).toEqual([]);
  });
});

describe('编辑活动', () => {
  it('creates and publishes an event: China times sent as ISO, capacity, audience and a choice question', async () => {
    const title = `读书分享会${uniqueTag()}`;
    const day = chinaDate(12);
    const page = await open('/admin/event-edit/index');
    await waitFor(() => page.instance.data.loadState === 'ready');
    expect(text(page, '#publish')).toBe('发布');

    await pick(page, '#type-picker', 2); // 读书分享会
    await fire(page, '#title', 'change', title);
    await pick(page, '#start-date', day);
    await pick(page, '#start-time', '14:30');
    await pick(page, '#end-date', day);
    await pick(page, '#end-time', '16:30');
    // The defaults follow the start and end: deadline at the start, check-in from an hour before.
    const [, month, date] = day.split('-').map(Number);
    const dayText = `${month}月${date}日`;
    expect(text(page, '#deadline-default')).toMatch(
      new RegExp(`活动开始时截止：(\\d+年)?${dayText} 周. 14:30`),
    );
    expect(text(page, '#checkin-default')).toMatch(
      new RegExp(`${dayText} 周. 13:30 至 (\\d+年)?${dayText} 周. 16:30`),
    );
    const poster = path.join(mkdtempSync(path.join(os.tmpdir(), 'poster-')), 'poster.png');
    writeFileSync(poster, placeholderCode({ scene: 'poster', page: 'x' }));
    media.chosen = { path: poster };
    await tap(page, '#choose-poster');
    await waitFor(() => form(page).poster);
    expect(media.uploads[0]!.cloudPath).toMatch(/^posters\/\d{6}\/\w+\.png$/);
    await fire(page, '#place', 'change', '党校书屋二楼');
    await fire(page, '#capacity', 'change', '30');

    await tap(page, '#audience-branches');
    const branch = (page.instance.data.branches as { _id: string; name: string }[])[0]!;
    await tap(page, `#branch-${branch._id}`);

    await tap(page, '#add-question');
    await fire(page, '#question-label-0', 'change', '分享书目');
    await tap(page, '#question-choice-0');
    await fire(page, '#question-options-0', 'change', '自带书目\n由书屋提供');
    await tap(page, '#add-question');
    await fire(page, '#question-label-1', 'change', '所在单位');
    await fire(page, '#question-required-1', 'change', true);
    await tap(page, '#question-up-1'); // 所在单位 first
    wx.modalAnswers.push({ confirm: true });
    await tap(page, '#publish');
    await waitFor(() => savedEvent(page)?.status === 'published');

    const save = eventsCalls('save')[0]!.event;
    expect(save.status).toBe('published');
    expect(save.eventId).toBeUndefined();
    const eventId = page.instance.data.eventId as string;
    const event = await stored(eventId);
    expect(event).toMatchObject({
      title,
      type: 'readingShare',
      status: 'published',
      capacity: 30,
      place: '党校书屋二楼',
      audienceBranchIds: [branch._id],
      poster: `cloud://local.local-storage/${media.uploads[0]!.cloudPath}`,
    });
    expect(Date.parse(event.startAt)).toBe(Date.parse(`${day}T14:30:00+08:00`));
    expect(Date.parse(event.endAt)).toBe(Date.parse(`${day}T16:30:00+08:00`));
    expect(Date.parse(event.signupDeadline)).toBe(Date.parse(event.startAt));
    expect(Date.parse(event.checkinOpensAt)).toBe(Date.parse(`${day}T13:30:00+08:00`));
    expect(event.questions.map((q) => [q.label, q.kind, q.options, q.required])).toEqual([
      ['所在单位', 'text', [], true],
      ['分享书目', 'choice', ['自带书目', '由书屋提供'], false],
    ]);
    // Published: the page now offers the lists and the organiser's later steps.
    expect(text(page, '#status')).toContain('已发布');
    expect(page.querySelector('#go-checkin')).toBeTruthy();
    expect(text(page, '#save')).toBe('保存修改');
    expect(text(page, '#cancel-event')).toBe('取消活动');

    // 活动管理 lists it under 已发布 with its counts.
    const list = await open('/admin/events/index');
    await waitFor(() => list.instance.data.listState === 'ready');
    await waitFor(() => text(list, `#event-${eventId}`));
    expect(text(list, `#event-${eventId}`)).toContain('已报名 0/30 · 签到 0');
    expect(text(list, `#event-${eventId}`)).toContain('读书分享会');
  });

  it('checks the form before sending (nothing sent) and shows the function’s own refusal inline', async () => {
    const day = chinaDate(20);
    const page = await open('/admin/event-edit/index');
    await waitFor(() => page.instance.data.loadState === 'ready');
    await pick(page, '#start-date', day);
    await pick(page, '#start-time', '15:00');
    await pick(page, '#end-date', day);
    await pick(page, '#end-time', '14:00');
    wx.modalAnswers.push({ confirm: true });
    await tap(page, '#publish');
    expect(errors(page).title).toBe('请填写活动名称');
    expect(errors(page).end).toBe('结束时间要晚于开始时间');
    expect(text(page, '#form-error')).toBe('请先改正上面标红的内容');
    expect(eventsCalls('save')).toEqual([]);

    await fire(page, '#title', 'change', `校验测试${uniqueTag()}`);
    await pick(page, '#end-time', '17:00');
    await fire(page, '#online-url', 'change', 'ftp://meeting.example.com/123');
    wx.modalAnswers.push({ confirm: true });
    await tap(page, '#publish');
    await waitFor(() => text(page, '#form-error'));
    expect(text(page, '#form-error')).toBe('线上链接需以 http:// 或 https:// 开头');
    expect(page.instance.data.eventId).toBe('');
    const save = eventsCalls('save');
    expect(save).toHaveLength(1);
  });

  it('raising the capacity says the waitlist moves up, and it does; lowering below the registered count warns', async () => {
    const url = localCloudUrl();
    const eventId = await makeEvent(url, { title: `名额测试${uniqueTag()}`, capacity: 1 });
    const first = newOpenid('cap');
    const second = newOpenid('cap');
    await registerMember(url, first, '第一位');
    await registerMember(url, second, '第二位');
    await signUp(url, eventId, first);
    await signUp(url, eventId, second);

    const page = await open('/admin/event-edit/index', { eventId });
    await waitFor(() => page.instance.data.loadState === 'ready');
    expect(text(page, '#status')).toContain('已报名 1/1 · 候补 1');
    await fire(page, '#capacity', 'change', '3');
    expect(text(page, '#capacity-note')).toContain('候补中排在前面的 1 人会按顺序自动转为已报名');
    await tap(page, '#save');
    await waitFor(() => savedEvent(page)?.registered === 2);
    const mine = await callAt(url, 'events', 'detail', { eventId }, second);
    expect(mine.mine.status).toBe('registered');

    await fire(page, '#capacity', 'change', '1');
    expect(text(page, '#capacity-note')).toContain('已有 2 人报名，多于 1 个名额：不会移出任何人');
    expect(page.instance.data.capacityWarn).toBe(true);
  });

  it('取消活动 asks first (members are told); declining changes nothing', async () => {
    const eventId = await makeEvent(localCloudUrl(), { title: `取消测试${uniqueTag()}` });
    const page = await open('/admin/event-edit/index', { eventId });
    await waitFor(() => page.instance.data.loadState === 'ready');
    wx.modalAnswers.push({ confirm: false });
    await tap(page, '#cancel-event');
    expect(eventsCalls('save')).toEqual([]);
    wx.modalAnswers.push({ confirm: true });
    await tap(page, '#cancel-event');
    await waitFor(() => savedEvent(page)?.status === 'cancelled');
    expect((await stored(eventId)).status).toBe('cancelled');
  });
});

describe('报名名单', () => {
  async function eventWithPeople() {
    const url = localCloudUrl();
    const tag = uniqueTag();
    const eventId = await makeEvent(url, {
      title: `名单测试${tag}`,
      capacity: 2,
      questions: SAMPLE_QUESTIONS,
      startInHours: 0.5, // check-in is open (from an hour before the start)
    });
    const people = {
      inviter: { openid: newOpenid('att'), name: `邀请人${tag}` },
      guest: { openid: newOpenid('att'), name: `受邀者${tag}` },
      waiting: { openid: newOpenid('att'), name: `候补者${tag}` },
      gone: { openid: newOpenid('att'), name: `取消者${tag}` },
    };
    const ids: Record<string, string> = {};
    for (const [key, p] of Object.entries(people))
      ids[key] = (await registerMember(url, p.openid, p.name))._id;
    await signUp(url, eventId, people.inviter.openid, { answers: { unit: '机关第一党支部' } });
    await signUp(url, eventId, people.guest.openid, {
      inviter: ids.inviter,
      answers: { unit: '教研室', books: '自带书目' },
    });
    await signUp(url, eventId, people.waiting.openid, { answers: { unit: '离退休' } });
    await signUp(url, eventId, people.gone.openid, { answers: { unit: '主体班' } });
    await callAt(url, 'events', 'cancel', { eventId }, people.gone.openid);
    return { eventId, people, ids };
  }

  it('shows each tab with its count, 邀请人, answers and the waitlist position; marks and unmarks attendance', async () => {
    const { eventId, people, ids } = await eventWithPeople();
    const page = await open('/admin/attendees/index', { eventId });
    await waitFor(() => page.instance.data.listState === 'ready');
    expect(text(page, '#counts')).toContain('已报名 2 · 候补 1 · 已签到 0 · 经邀请 1');
    const tabTitles = (page.instance.data.tabs as { title: string }[]).map((t) => t.title);
    expect(tabTitles).toEqual(['已报名', '候补', '已签到', '已取消']);
    expect(text(page, '#tabs')).toContain('已报名 2');
    expect(text(page, '#tabs')).toContain('候补 1');

    const guestRow = text(page, `#attendee-${ids.guest}`);
    expect(guestRow).toContain(people.guest.name);
    expect(guestRow).toContain(`邀请人：${people.inviter.name}`);
    expect(guestRow).toContain('所在单位：教研室');
    expect(guestRow).toContain('分享书目：自带书目');
    expect(text(page, `#attendee-${ids.inviter}`)).not.toContain('邀请人：');

    await fire(page, '#tabs', 'change', { name: 'waitlisted' });
    await waitFor(() => page.instance.data.listState === 'ready' && text(page, `#attendee-${ids.waiting}`));
    expect(text(page, `#attendee-${ids.waiting}`)).toContain('第 1 位');
    expect(page.querySelector(`#mark-${ids.waiting}`)).toBeFalsy();

    await fire(page, '#tabs', 'change', { name: 'cancelled' });
    await waitFor(() => page.instance.data.listState === 'ready' && text(page, `#attendee-${ids.gone}`));
    expect(text(page, `#attendee-${ids.gone}`)).toContain('取消于');

    await fire(page, '#tabs', 'change', { name: 'registered' });
    await waitFor(() => page.instance.data.listState === 'ready' && text(page, `#mark-${ids.guest}`));
    expect(text(page, `#mark-${ids.guest}`)).toBe('标记到场');
    await tap(page, `#mark-${ids.guest}`);
    await waitFor(() => text(page, `#mark-${ids.guest}`) === '取消签到');
    expect(text(page, `#attendee-${ids.guest}`)).toContain('已签到');
    expect(text(page, '#counts')).toContain('已签到 1');
    expect(
      (await callAt(localCloudUrl(), 'events', 'detail', { eventId }, people.guest.openid)).mine.status,
    ).toBe('attended');

    // Unmarking asks first; declining changes nothing.
    wx.modalAnswers.push({ confirm: false });
    await tap(page, `#mark-${ids.guest}`);
    expect(eventsCalls('markAttendance')).toHaveLength(1);
    wx.modalAnswers.push({ confirm: true });
    await tap(page, `#mark-${ids.guest}`);
    await waitFor(() => text(page, `#mark-${ids.guest}`) === '标记到场');
    expect(text(page, '#counts')).toContain('已签到 0');
  });

  it('导出 Excel opens a real spreadsheet; 导出 CSV offers to send a file with every row', async () => {
    const { eventId, people } = await eventWithPeople();
    const page = await open('/admin/attendees/index', { eventId });
    await waitFor(() => page.instance.data.listState === 'ready');

    await tap(page, '#export-xlsx');
    await waitFor(() => files.opened.length === 1);
    expect(eventsCalls('export')[0]!.event.format).toBe('xlsx');
    const xlsx = readFileSync(files.opened[0]!.filePath);
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container, as .xlsx files are
    expect(files.opened[0]!.fileType).toBe('xlsx');

    wx.modalAnswers.push({ confirm: true }); // 发送
    await tap(page, '#export-csv');
    await waitFor(() => files.shared.length === 1);
    const csv = readFileSync(files.shared[0]!.filePath, 'utf8');
    for (const p of [people.inviter, people.guest, people.waiting]) expect(csv).toContain(p.name);
    expect(csv).toContain(people.inviter.name); // the guest's 邀请人 column too
    expect(files.shared[0]!.fileName).toMatch(/\.csv$/);
  });
});

describe('签到 screen', () => {
  it('shows a six-digit code and its QR code that a registered member’s checkin accepts; live counts; timers stop on unload', async () => {
    const url = localCloudUrl();
    const eventId = await makeEvent(url, { title: `签到测试${uniqueTag()}`, startInHours: 0.5 });
    const member = newOpenid('chk');
    await registerMember(url, member, '签到读者');
    await signUp(url, eventId, member);

    const page = await open('/admin/checkin/index', { eventId });
    await waitFor(() => page.instance.data.codeState === 'ready');
    expect(files.keepScreenOn[0]).toBe(true);
    const shown = text(page, '#code');
    expect(shown).toMatch(/^\d{3} \d{3}$/);
    expect(page.instance.data.qrSrc).toMatch(/^data:image\/gif;base64,/);
    expect(text(page, '#countdown')).toMatch(/^\d+ 秒后换新码/);
    await waitFor(() => text(page, '#count-registered') === '1');
    expect(text(page, '#count-attended')).toBe('0');

    const res = await callAt(url, 'events', 'checkin', { eventId, code: shown.replace(' ', '') }, member);
    expect(res.mine.status).toBe('attended');
    await waitFor(() => text(page, '#count-attended') === '1', 8000); // asked again every 5 s

    (page.instance as unknown as { onUnload(): void }).onUnload();
    expect(files.keepScreenOn.at(-1)).toBe(false);
    const asked = eventsCalls().length;
    await new Promise((resolve) => setTimeout(resolve, 5500));
    expect(eventsCalls().length).toBe(asked);
  }, 30_000);

  it('the scanned QR text checks a member in too', async () => {
    const url = localCloudUrl();
    const eventId = await makeEvent(url, { title: `扫码签到${uniqueTag()}`, startInHours: 0.5 });
    const member = newOpenid('chk');
    await registerMember(url, member, '扫码读者');
    await signUp(url, eventId, member);
    const page = await open('/admin/checkin/index', { eventId });
    await waitFor(() => page.instance.data.codeState === 'ready');
    const qrText = page.instance.data.qrText as string; // what the QR code on the screen holds
    expect(qrText).toBeTruthy();
    const res = await callAt(url, 'events', 'checkin', { eventId, code: qrText }, member);
    expect(res.mine.status).toBe('attended');
    (page.instance as unknown as { onUnload(): void }).onUnload();
  });

  it('an event not published shows why there is no code', async () => {
    const eventId = await makeEvent(localCloudUrl(), { title: `草稿签到${uniqueTag()}`, status: 'draft' });
    const page = await open('/admin/checkin/index', { eventId });
    await waitFor(() => page.instance.data.codeState === 'error');
    expect(text(page, '#code-error')).toContain('活动未发布或已结束');
    (page.instance as unknown as { onUnload(): void }).onUnload();
  });
});
