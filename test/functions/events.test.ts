/**
 * The events function on the shared local cloud: lifecycle, sign-up rules (deadline, audience, status,
 * account), the waitlist (order, promotion on cancel, capacity raised and lowered), invites, the
 * organiser's actions refused to members and to other organisers, and bad input changing nothing.
 */
import ExcelJS from 'exceljs';
import type { RoomEvent } from '../../typings/entities';
import { invoke } from '../support/cloud';
import { downloadCloudFile } from '../support/http';
import { ADMIN, callAt, expectError, sharedSite, useSharedStore } from '../support/circulation';
import { BRANCH_2, ev, evOk, hoursFrom, member, organiser, publishedEvent } from '../support/events';

jest.setTimeout(60_000);

const site = sharedSite();
const store = useSharedStore();

async function eventDoc(eventId: string): Promise<RoomEvent & { audience: string[] }> {
  const [doc] = await store().find<RoomEvent & { audience: string[] }>('events', { _id: eventId });
  if (!doc) throw new Error(`no event ${eventId}`);
  return doc;
}

async function signupsOf(eventId: string) {
  return store().find<{ memberId: string; status: string; waitlistSeq?: number; invitedBy?: string }>(
    'signups',
    { eventId },
  );
}

describe('lifecycle', () => {
  it('draft → published → sign-ups → attendance → finished, each visible as it should be', async () => {
    const org = await organiser(site);
    const reader = await member(site);
    const { eventId } = await evOk(
      site,
      'save',
      {
        type: 'lecture',
        title: '书屋课堂：党史中的读书故事',
        startAt: hoursFrom(24),
        endAt: hoursFrom(26),
        capacity: 10,
        questions: [
          { id: 'unit', label: '单位', kind: 'text', options: [], required: true },
          { id: 'meal', label: '是否用餐', kind: 'choice', options: ['是', '否'], required: false },
        ],
      },
      org.openid,
    );
    expect(eventId).toMatch(/^[23456789A-HJKMNP-Z]{10}$/);
    const draft = await evOk(site, 'detail', { eventId }, org.openid);
    expect(draft).toMatchObject({
      canManage: true,
      event: { status: 'draft', organiserId: org.member._id, signupDeadline: draft.event.startAt },
    });
    // defaults: check-in from an hour before the start until the end
    expect(Date.parse(draft.event.checkinOpensAt)).toBe(Date.parse(draft.event.startAt) - 3600_000);
    expect(draft.event.checkinClosesAt).toBe(draft.event.endAt);
    expect(draft.event).not.toHaveProperty('checkinSecret');
    expect(draft.event).not.toHaveProperty('nextWaitlistSeq');
    // a draft is not there for members
    expectError(await ev(site, 'detail', { eventId }, reader.openid), 'NOT_FOUND');
    expectError(await ev(site, 'signup', { eventId, answers: { unit: '机关' } }, reader.openid), 'NOT_FOUND');

    // publishing needs a place or a link
    expectError(await ev(site, 'save', { eventId, status: 'published' }, org.openid), 'FAILED_PRECONDITION');
    await evOk(site, 'save', { eventId, status: 'published', place: '党校书屋' }, org.openid);

    const before = await evOk(site, 'detail', { eventId }, reader.openid);
    expect(before).toMatchObject({
      canSignup: true,
      canManage: false,
      mine: { status: 'none' },
      phase: 'upcoming',
    });
    // required answer, unknown question, choice outside the options
    expect(expectError(await ev(site, 'signup', { eventId }, reader.openid), 'INVALID_ARGUMENT')).toContain(
      '单位',
    );
    expectError(
      await ev(site, 'signup', { eventId, answers: { unit: 'x', nope: 'y' } }, reader.openid),
      'INVALID_ARGUMENT',
    );
    expectError(
      await ev(site, 'signup', { eventId, answers: { unit: 'x', meal: '也许' } }, reader.openid),
      'INVALID_ARGUMENT',
    );
    expect((await eventDoc(eventId)).registered).toBe(0);

    const signed = await evOk(
      site,
      'signup',
      { eventId, answers: { unit: '机关', meal: '是' } },
      reader.openid,
    );
    expect(signed.mine).toEqual({ status: 'registered' });
    // a second sign-up answers the existing one
    expect((await evOk(site, 'signup', { eventId, answers: { unit: '别处' } }, reader.openid)).mine).toEqual({
      status: 'registered',
    });
    expect(await signupsOf(eventId)).toHaveLength(1);
    expect((await eventDoc(eventId)).registered).toBe(1);

    const list = await evOk(site, 'list', { phase: 'upcoming', pageSize: 50 }, reader.openid);
    expect(list.items.map((e) => e._id)).toContain(eventId);
    const mine = await evOk(site, 'mine', {}, reader.openid);
    expect(mine.items.find((e) => e._id === eventId)).toMatchObject({
      mine: { status: 'registered' },
      registered: 1,
    });

    const { attendee } = await evOk(
      site,
      'markAttendance',
      { eventId, memberId: reader.member._id, attended: true },
      org.openid,
    );
    expect(attendee.attendedAt).toBeDefined();
    expect((await evOk(site, 'detail', { eventId }, reader.openid)).mine).toEqual({ status: 'attended' });
    const organisers = await evOk(
      site,
      'list',
      { managed: true, phase: 'upcoming', pageSize: 50 },
      org.openid,
    );
    expect(organisers.items.find((e) => e._id === eventId)).toMatchObject({ registered: 1, attended: 1 });
    const members = await evOk(site, 'list', { phase: 'upcoming', pageSize: 50 }, reader.openid);
    expect(members.items.find((e) => e._id === eventId)).not.toHaveProperty('attended');
    const listed = await evOk(site, 'attendees', { eventId }, org.openid);
    expect(listed.counts).toEqual({ registered: 1, waitlisted: 0, attended: 1, invited: 0 });
    expect(listed.items[0]).toMatchObject({
      memberId: reader.member._id,
      answers: { unit: '机关', meal: '是' },
    });

    await evOk(site, 'save', { eventId, status: 'finished' }, org.openid);
    expectError(await ev(site, 'save', { eventId, title: '改名' }, org.openid), 'FAILED_PRECONDITION');
    await evOk(site, 'save', { eventId, description: '活动回顾：到场 1 人' }, org.openid);
    const latecomer = await member(site);
    const after = await evOk(site, 'detail', { eventId }, latecomer.openid);
    expect(after).toMatchObject({
      canSignup: false,
      signupRefusal: { kind: 'closed', message: '活动已结束' },
      event: { status: 'finished' },
    });
    expectError(
      await ev(site, 'signup', { eventId, answers: { unit: 'x' } }, latecomer.openid),
      'FAILED_PRECONDITION',
    );
  });

  it('cancelled is final; a published event never goes back to draft', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org);
    expectError(await ev(site, 'save', { eventId, status: 'draft' }, org.openid), 'FAILED_PRECONDITION');
    await evOk(site, 'save', { eventId, status: 'cancelled' }, org.openid);
    expectError(await ev(site, 'save', { eventId, status: 'published' }, org.openid), 'FAILED_PRECONDITION');
    const reader = await member(site);
    const refused = expectError(await ev(site, 'signup', { eventId }, reader.openid), 'FAILED_PRECONDITION');
    expect(refused).toBe('活动已取消');
  });

  it('a create retried with its requestId answers the first event; the same key from another organiser makes their own', async () => {
    const [org, other] = await Promise.all([organiser(site), organiser(site)]);
    const draft = {
      type: 'lecture' as const,
      title: `重试测试${Date.now()}`,
      startAt: hoursFrom(48),
      endAt: hoursFrom(50),
      requestId: `retry-${Date.now()}`,
    };
    const tries = await Promise.all([1, 2, 3].map(() => evOk(site, 'save', draft, org.openid)));
    expect(new Set(tries.map((t) => t.eventId)).size).toBe(1);
    expect(await store().find('events', { title: draft.title })).toHaveLength(1);
    const theirs = await evOk(site, 'save', draft, other.openid);
    expect(theirs.eventId).not.toBe(tries[0]!.eventId);
    expect(await store().find('events', { title: draft.title })).toHaveLength(2);
  });

  it('the 活动 tab shows organisers what members see; 活动管理 (managed) their own events in any status', async () => {
    const [org, other] = await Promise.all([organiser(site), organiser(site)]);
    const published = await publishedEvent(site, org);
    const { eventId: draft } = await evOk(
      site,
      'save',
      { type: 'lecture', title: '草稿讲座', startAt: hoursFrom(72), endAt: hoursFrom(74) },
      org.openid,
    );
    const theirs = await publishedEvent(site, other);
    const ids = async (req: { managed?: boolean; status?: 'draft' }, openid: string) =>
      (await evOk(site, 'list', { ...req, pageSize: 50 }, openid)).items.map((e) => e._id);

    const tab = await ids({}, org.openid);
    expect(tab).toEqual(expect.arrayContaining([published, theirs]));
    expect(tab).not.toContain(draft);
    expectError(await ev(site, 'list', { status: 'draft' }, org.openid), 'FORBIDDEN');

    const managed = await ids({ managed: true }, org.openid);
    expect(managed).toEqual(expect.arrayContaining([published, draft]));
    expect(managed).not.toContain(theirs);
    expect(await ids({ managed: true, status: 'draft' }, org.openid)).toEqual([draft]);
    expect(await ids({ managed: true }, ADMIN)).toEqual(expect.arrayContaining([published, draft, theirs]));
    const reader = await member(site);
    expectError(await ev(site, 'list', { managed: true }, reader.openid), 'FORBIDDEN');
  });

  it('validates times: end after start, deadline not after start, a sensible check-in window', async () => {
    const org = await organiser(site);
    const base = { type: 'visit' as const, title: '参观红色教育基地', place: '基地' };
    const bad = [
      { startAt: hoursFrom(10), endAt: hoursFrom(9) },
      { startAt: hoursFrom(10), endAt: hoursFrom(12), signupDeadline: hoursFrom(11) },
      {
        startAt: hoursFrom(10),
        endAt: hoursFrom(12),
        checkinOpensAt: hoursFrom(11),
        checkinClosesAt: hoursFrom(10.5),
      },
      { startAt: hoursFrom(100), endAt: hoursFrom(102), checkinOpensAt: hoursFrom(10) },
      { startAt: hoursFrom(10), endAt: hoursFrom(12), checkinClosesAt: hoursFrom(60) },
    ];
    for (const times of bad)
      expectError(await ev(site, 'save', { ...base, ...times }, org.openid), 'INVALID_ARGUMENT');
    // moving the start moves the default deadline and check-in window with it
    const { eventId } = await evOk(
      site,
      'save',
      { ...base, startAt: hoursFrom(10), endAt: hoursFrom(12) },
      org.openid,
    );
    await evOk(site, 'save', { eventId, startAt: hoursFrom(20), endAt: hoursFrom(22) }, org.openid);
    const { event } = await evOk(site, 'detail', { eventId }, org.openid);
    expect(event.signupDeadline).toBe(event.startAt);
    expect(Date.parse(event.checkinOpensAt)).toBe(Date.parse(event.startAt) - 3600_000);
    expect(event.checkinClosesAt).toBe(event.endAt);
  });
});

describe('sign-up rules', () => {
  it('after the deadline → FAILED_PRECONDITION; outside the audience → FORBIDDEN; nothing stored', async () => {
    const org = await organiser(site);
    const late = await publishedEvent(site, org, { signupDeadline: hoursFrom(-1) });
    const reader = await member(site);
    expect(
      expectError(await ev(site, 'signup', { eventId: late }, reader.openid), 'FAILED_PRECONDITION'),
    ).toBe('报名已截止');
    expect((await evOk(site, 'detail', { eventId: late }, reader.openid)).signupRefusal).toEqual({
      kind: 'closed',
      message: '报名已截止',
    });

    const forBranch2 = await publishedEvent(site, org, { audienceBranchIds: [BRANCH_2] });
    expectError(await ev(site, 'signup', { eventId: forBranch2 }, reader.openid), 'FORBIDDEN');
    const detail = await evOk(site, 'detail', { eventId: forBranch2 }, reader.openid);
    expect(detail).toMatchObject({
      canSignup: false,
      signupRefusal: { kind: 'audience', message: '本活动仅限部分党支部报名' },
      audienceNames: ['机关第二党支部'],
    });
    const list = await evOk(site, 'list', { pageSize: 50 }, reader.openid);
    expect(list.items.map((e) => e._id)).not.toContain(forBranch2);
    const colleague = await member(site, BRANCH_2);
    expect((await evOk(site, 'signup', { eventId: forBranch2 }, colleague.openid)).mine.status).toBe(
      'registered',
    );
    expect((await evOk(site, 'list', { pageSize: 50 }, colleague.openid)).items.map((e) => e._id)).toContain(
      forBranch2,
    );
    expect(await signupsOf(late)).toHaveLength(0);
    expect((await signupsOf(forBranch2)).map((s) => s.memberId)).toEqual([colleague.member._id]);
  });

  it('unregistered → UNAUTHENTICATED; suspended → FORBIDDEN; visitors see only audience-everyone events', async () => {
    const org = await organiser(site);
    const open = await publishedEvent(site, org);
    const branchOnly = await publishedEvent(site, org, { audienceBranchIds: [BRANCH_2] });
    const visitor = `test-visitor-${process.pid}-${Date.now()}`;
    expectError(await ev(site, 'signup', { eventId: open }, visitor), 'UNAUTHENTICATED');
    const seen = await evOk(site, 'detail', { eventId: open }, visitor);
    expect(seen).toMatchObject({
      canSignup: false,
      signupRefusal: { kind: 'register', message: '请先注册成为读者' },
      mine: { status: 'none' },
    });
    const ids = (await evOk(site, 'list', { pageSize: 50 }, visitor)).items.map((e) => e._id);
    expect(ids).toContain(open);
    expect(ids).not.toContain(branchOnly);
    expectError(await ev(site, 'list', { status: 'draft' }, visitor), 'FORBIDDEN');

    const reader = await member(site);
    await callAt(site, 'user', 'suspend', { memberId: reader.member._id, reason: '测试' }, ADMIN);
    expectError(await ev(site, 'signup', { eventId: open }, reader.openid), 'FORBIDDEN');
    expect((await evOk(site, 'detail', { eventId: open }, reader.openid)).signupRefusal).toEqual({
      kind: 'suspended',
      message: '账号已被停用，请联系管理员',
    });
    expect(await signupsOf(open)).toHaveLength(0);
  });
});

describe('waitlist', () => {
  it('full → waitlisted in order; a cancel promotes the first in line; a newcomer never jumps the line', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, { capacity: 2 });
    const people = await Promise.all(Array.from({ length: 5 }, () => member(site)));
    const answers = [];
    for (const p of people) answers.push((await evOk(site, 'signup', { eventId }, p.openid)).mine);
    expect(answers).toEqual([
      { status: 'registered' },
      { status: 'registered' },
      { status: 'waitlisted', position: 1 },
      { status: 'waitlisted', position: 2 },
      { status: 'waitlisted', position: 3 },
    ]);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 2, waitlisted: 3 });

    // the second in line leaves: the third moves up
    await evOk(site, 'cancel', { eventId }, people[3]!.openid);
    expect((await evOk(site, 'detail', { eventId }, people[4]!.openid)).mine).toEqual({
      status: 'waitlisted',
      position: 2,
    });
    // a registered member leaves: the first in line gets the seat
    expect((await evOk(site, 'cancel', { eventId }, people[0]!.openid)).mine).toEqual({ status: 'none' });
    expect((await evOk(site, 'detail', { eventId }, people[2]!.openid)).mine).toEqual({
      status: 'registered',
    });
    expect((await evOk(site, 'detail', { eventId }, people[4]!.openid)).mine).toEqual({
      status: 'waitlisted',
      position: 1,
    });
    // the cancelled member signs up again: to the back of the line
    expect((await evOk(site, 'signup', { eventId }, people[0]!.openid)).mine).toEqual({
      status: 'waitlisted',
      position: 2,
    });
    // cancelling twice changes nothing
    expect((await evOk(site, 'cancel', { eventId }, people[3]!.openid)).mine).toEqual({ status: 'none' });
    expect(await eventDoc(eventId)).toMatchObject({ registered: 2, waitlisted: 2 });
    const all = await signupsOf(eventId);
    expect(
      all
        .filter((s) => s.status === 'registered')
        .map((s) => s.memberId)
        .sort(),
    ).toEqual([people[1]!.member._id, people[2]!.member._id].sort());

    const waiting = await evOk(site, 'attendees', { eventId, status: 'waitlisted' }, org.openid);
    expect(waiting.items.map((a) => [a.memberId, a.position])).toEqual([
      [people[4]!.member._id, 1],
      [people[0]!.member._id, 2],
    ]);
  });

  it('a seat left free while members wait (a hand-on cut short) goes to the first in line, not a newcomer', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, { capacity: 1 });
    const [seated, first, newcomer] = await Promise.all([member(site), member(site), member(site)]);
    await evOk(site, 'signup', { eventId }, seated.openid);
    await evOk(site, 'signup', { eventId }, first.openid);
    // as if an instance died between a cancel's transaction and its promotion
    const [doc] = await store().find<{ _id: string }>('signups', { eventId, memberId: seated.member._id });
    await store().update('signups', { _id: doc!._id }, { $set: { status: 'cancelled' } });
    await store().update('events', { _id: eventId }, { $inc: { registered: -1 } });

    expect((await evOk(site, 'signup', { eventId }, newcomer.openid)).mine).toEqual({
      status: 'waitlisted',
      position: 1,
    });
    expect((await evOk(site, 'detail', { eventId }, first.openid)).mine).toEqual({ status: 'registered' });
    expect(await eventDoc(eventId)).toMatchObject({ registered: 1, waitlisted: 1 });
  });

  it('one member signing up five times at once: one sign-up, counted once', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, { capacity: 3 });
    const reader = await member(site);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => evOk(site, 'signup', { eventId }, reader.openid)),
    );
    for (const a of answers) expect(a.mine).toEqual({ status: 'registered' });
    expect(await signupsOf(eventId)).toHaveLength(1);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 1, waitlisted: 0 });
  });

  it('raising the capacity promotes in order; lowering it removes nobody', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, { capacity: 1 });
    const people = await Promise.all(Array.from({ length: 5 }, () => member(site)));
    for (const p of people) await evOk(site, 'signup', { eventId }, p.openid);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 1, waitlisted: 4 });

    await evOk(site, 'save', { eventId, capacity: 3 }, org.openid);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 3, waitlisted: 2 });
    const states = await Promise.all(
      people.map(async (p) => (await evOk(site, 'detail', { eventId }, p.openid)).mine),
    );
    expect(states).toEqual([
      { status: 'registered' },
      { status: 'registered' },
      { status: 'registered' },
      { status: 'waitlisted', position: 1 },
      { status: 'waitlisted', position: 2 },
    ]);

    await evOk(site, 'save', { eventId, capacity: 1 }, org.openid);
    expect(await eventDoc(eventId)).toMatchObject({ capacity: 1, registered: 3, waitlisted: 2 });
    // a registered member leaving frees no seat while the event is over capacity
    await evOk(site, 'cancel', { eventId }, people[0]!.openid);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 2, waitlisted: 2 });
    // unlimited: everyone waiting gets in
    await evOk(site, 'save', { eventId, capacity: 0 }, org.openid);
    expect(await eventDoc(eventId)).toMatchObject({ registered: 4, waitlisted: 0 });
  });
});

describe('invites', () => {
  it('the first inviter counts, never yourself, only a real member; copied to the sign-up', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, { capacity: 10 });
    const [inviter, other, invitee, self] = await Promise.all([
      member(site),
      member(site),
      member(site),
      member(site),
    ]);
    await evOk(site, 'detail', { eventId, inviter: inviter.member._id }, invitee.openid);
    await evOk(site, 'detail', { eventId, inviter: other.member._id }, invitee.openid);
    await evOk(site, 'detail', { eventId, inviter: self.member._id }, self.openid);
    await evOk(site, 'detail', { eventId, inviter: 'mnosuchmember000000000000000000' }, other.openid);
    for (const p of [invitee, self, other]) await evOk(site, 'signup', { eventId }, p.openid);
    const { items, counts } = await evOk(site, 'attendees', { eventId }, org.openid);
    const by = Object.fromEntries(items.map((a) => [a.memberId, a.invitedByName ?? null]));
    expect(by).toEqual({
      [invitee.member._id]: inviter.member.name,
      [self.member._id]: null,
      [other.member._id]: null,
    });
    expect(counts.invited).toBe(1);
  });
});

describe('organiser actions', () => {
  it('are refused to members and to organisers of other events; an admin may', async () => {
    const org = await organiser(site);
    const otherOrg = await organiser(site);
    const reader = await member(site);
    const eventId = await publishedEvent(site, org);
    await evOk(site, 'signup', { eventId }, reader.openid);
    const calls = [
      ['save', { eventId, title: '被改了' }],
      ['attendees', { eventId }],
      ['markAttendance', { eventId, memberId: reader.member._id, attended: true }],
      ['export', { eventId }],
    ] as const;
    for (const [action, params] of calls) {
      expectError(await invoke('events', { action, ...params }, reader.openid), 'FORBIDDEN');
      expectError(await invoke('events', { action, ...params }, otherOrg.openid), 'FORBIDDEN');
    }
    expectError(
      await ev(
        site,
        'save',
        { type: 'other', title: '我的活动', startAt: hoursFrom(5), endAt: hoursFrom(6) },
        reader.openid,
      ),
      'FORBIDDEN',
    );
    expect((await eventDoc(eventId)).title).not.toBe('被改了');
    expect((await signupsOf(eventId))[0]).not.toHaveProperty('attendedAt');
    await evOk(site, 'save', { eventId, title: '管理员改的名字' }, ADMIN);
    expect((await eventDoc(eventId)).title).toBe('管理员改的名字');
    expect((await evOk(site, 'detail', { eventId }, ADMIN)).canManage).toBe(true);
  });

  it('markAttendance only for registered members; export writes CSV and XLSX with every answer', async () => {
    const org = await organiser(site);
    const eventId = await publishedEvent(site, org, {
      capacity: 1,
      questions: [{ id: 'topic', label: '分享书目', kind: 'text', options: [], required: true }],
    });
    const [a, b] = await Promise.all([member(site), member(site)]);
    await evOk(site, 'signup', { eventId, answers: { topic: '《红岩》, "江姐"' } }, a.openid);
    await evOk(site, 'signup', { eventId, answers: { topic: '=HYPERLINK()' } }, b.openid);
    expectError(
      await ev(site, 'markAttendance', { eventId, memberId: b.member._id, attended: true }, org.openid),
      'FAILED_PRECONDITION',
    );
    await evOk(site, 'markAttendance', { eventId, memberId: a.member._id, attended: true }, org.openid);

    const csv = await evOk(site, 'export', { eventId, format: 'csv' }, org.openid);
    expect(csv).toMatchObject({ rows: 2 });
    expect(csv.fileName).toMatch(/报名名单\.csv$/);
    const text = await download(csv.fileID);
    const lines = text
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('姓名,党支部,状态,报名时间,签到时间,邀请人,分享书目');
    expect(lines[1]).toContain(`${a.member.name},机关第一党支部,已签到,`);
    expect(lines[1]).toContain('"《红岩》, ""江姐"""');
    expect(lines[2]).toContain('候补第 1 位');
    expect(lines[2]).toContain("'=HYPERLINK()");

    const xlsx = await evOk(site, 'export', { eventId, format: 'xlsx' }, org.openid);
    const bytes = await download(xlsx.fileID);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(7).value).toBe('分享书目');
    expect(sheet.getRow(3).getCell(3).value).toBe('候补第 1 位');
    expect(sheet.rowCount).toBe(3);
  });
});

describe('bad input → INVALID_ARGUMENT, nothing changed', () => {
  it('wrong types, huge strings, operator objects', async () => {
    const org = await organiser(site);
    const reader = await member(site);
    const eventId = await publishedEvent(site, org);
    const before = await eventDoc(eventId);
    const bad: [string, string, Record<string, unknown>][] = [
      ['signup', reader.openid, { eventId: { $ne: '' } }],
      ['signup', reader.openid, { eventId, answers: { q: { $gt: '' } } }],
      ['signup', reader.openid, { eventId, answers: 'x' }],
      ['signup', reader.openid, { eventId, answers: { q: 'x'.repeat(5000) } }],
      ['cancel', reader.openid, { eventId: 42 }],
      ['detail', reader.openid, { eventId, inviter: { $exists: true } }],
      ['list', reader.openid, { status: { $in: ['draft'] } }],
      ['list', reader.openid, { page: '2' }],
      ['save', org.openid, { eventId, title: 'x'.repeat(10_000) }],
      ['save', org.openid, { eventId, capacity: -1 }],
      ['save', org.openid, { eventId, capacity: '10' }],
      ['save', org.openid, { eventId, startAt: 'tomorrow' }],
      ['save', org.openid, { eventId, startAt: { $gt: '' } }],
      ['save', org.openid, { eventId, type: 'party' }],
      ['save', org.openid, { eventId, audienceBranchIds: [{ $ne: '' }] }],
      [
        'save',
        org.openid,
        { eventId, questions: [{ id: 'a', label: '问', kind: 'choice', options: ['只有一个'] }] },
      ],
      ['save', org.openid, { eventId, onlineUrl: 'javascript:alert(1)' }],
      ['attendees', org.openid, { eventId, status: { $ne: null } }],
      ['markAttendance', org.openid, { eventId, memberId: reader.member._id, attended: 'yes' }],
      ['export', org.openid, { eventId, format: 'pdf' }],
    ];
    for (const [action, openid, params] of bad) {
      const result = await invoke('events', { action, ...params }, openid);
      expectError(result, 'INVALID_ARGUMENT');
    }
    const after = await eventDoc(eventId);
    expect(after).toEqual(before);
    expect(await signupsOf(eventId)).toHaveLength(0);
  });
});

async function download(fileID: string): Promise<Buffer> {
  const res = await downloadCloudFile(site.url, fileID);
  expect(res.statusCode).toBe(200);
  return res.body;
}
