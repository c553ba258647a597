/**
 * Events over time, on a PRIVATE local cloud seeded with the demo reading room (this file moves its
 * clock): the demo events as members see them, phases (upcoming → ongoing → past) and the list's order,
 * the sign-up deadline passing, cancelling refused once the event started, the check-in window.
 */
import { advanceClock, cloudNow, privateCloud, type PrivateCloud } from '../support/clock';
import { ADMIN, expectError } from '../support/circulation';
import { ev, evOk, hoursFrom, member, organiser, publishedEvent } from '../support/events';

jest.setTimeout(120_000);

let cloud: PrivateCloud;

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN }, timers: false });
});

afterAll(async () => {
  await cloud?.stop();
});

it('the demo events: audience, phases, the demo members’ sign-ups and the organiser', async () => {
  const seen = await evOk(cloud, 'list', { pageSize: 50 }, 'demo-member');
  const types = seen.items.map((e) => e.type).sort();
  expect(types).toEqual(['essayContest', 'lecture', 'readingShare', 'themeDay']);
  expect(seen.items.find((e) => e.type === 'lecture')).toMatchObject({ status: 'finished', phase: 'past' });
  // the 主题党日 is for three branches: the student's is not one of them
  const student = await evOk(cloud, 'list', { pageSize: 50 }, 'demo-student');
  expect(student.items.map((e) => e.type)).not.toContain('themeDay');

  const share = seen.items.find((e) => e.type === 'readingShare')!;
  expect(share).toMatchObject({ capacity: 50, registered: 2, phase: 'upcoming' });
  const asStudent = await evOk(cloud, 'detail', { eventId: share._id }, 'demo-student');
  expect(asStudent).toMatchObject({ mine: { status: 'registered' }, canManage: false });
  const asOrganiser = await evOk(cloud, 'detail', { eventId: share._id }, 'demo-organiser');
  expect(asOrganiser).toMatchObject({ canManage: true, canSignup: true });

  const mine = await evOk(cloud, 'mine', {}, 'demo-member');
  // upcoming first (soonest first), the past lecture last, attended
  expect(mine.items.map((e) => e.phase)).toEqual(['upcoming', 'upcoming', 'past']);
  expect(mine.items[2]).toMatchObject({ type: 'lecture', mine: { status: 'attended' } });
  const attendees = await evOk(cloud, 'attendees', { eventId: mine.items[2]!._id }, 'demo-organiser');
  expect(attendees.counts).toEqual({ registered: 3, waitlisted: 0, attended: 2, invited: 0 });
});

it('phases, the deadline, cancelling after the start and the check-in window follow the clock', async () => {
  const org = await organiser(cloud);
  const start = await cloudNow(cloud.url);
  const soon = await publishedEvent(cloud, org, {
    startAt: hoursFrom(3, start),
    endAt: hoursFrom(5, start),
    signupDeadline: hoursFrom(1, start),
    capacity: 1,
  });
  const later = await publishedEvent(cloud, org, {
    startAt: hoursFrom(30, start),
    endAt: hoursFrom(31, start),
  });
  const [a, b, c] = await Promise.all([member(cloud), member(cloud), member(cloud)]);
  await evOk(cloud, 'signup', { eventId: soon }, a.openid);
  expect((await evOk(cloud, 'signup', { eventId: soon }, b.openid)).mine).toEqual({
    status: 'waitlisted',
    position: 1,
  });
  expect((await evOk(cloud, 'detail', { eventId: soon }, a.openid)).canCheckin).toBe(false);

  const upcoming = await evOk(cloud, 'list', { phase: 'upcoming', pageSize: 50 }, a.openid);
  const ids = upcoming.items.map((e) => e._id);
  expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later));

  await advanceClock(cloud.url, { hours: 1, minutes: 30 });
  expect(expectError(await ev(cloud, 'signup', { eventId: soon }, c.openid), 'FAILED_PRECONDITION')).toBe(
    '报名已截止',
  );
  // a waiting member may still leave before the start
  await evOk(cloud, 'cancel', { eventId: soon }, b.openid);

  await advanceClock(cloud.url, { hours: 1 });
  // check-in opens an hour before the start
  expect((await evOk(cloud, 'detail', { eventId: soon }, a.openid)).canCheckin).toBe(true);
  await advanceClock(cloud.url, { hours: 1 });
  const during = await evOk(cloud, 'detail', { eventId: soon }, a.openid);
  expect(during).toMatchObject({ phase: 'ongoing', canCheckin: true });
  expectError(await ev(cloud, 'cancel', { eventId: soon }, a.openid), 'FAILED_PRECONDITION');
  const ongoing = await evOk(cloud, 'list', { phase: 'ongoing', pageSize: 50 }, a.openid);
  expect(ongoing.items.map((e) => e._id)).toContain(soon);

  await advanceClock(cloud.url, { hours: 3 });
  expect(await evOk(cloud, 'detail', { eventId: soon }, a.openid)).toMatchObject({
    phase: 'past',
    canCheckin: false,
  });
  const past = await evOk(cloud, 'list', { phase: 'past', pageSize: 50 }, a.openid);
  const pastIds = past.items.map((e) => e._id);
  expect(pastIds).toContain(soon);
  // past: latest first
  const starts = past.items.map((e) => Date.parse(e.startAt));
  expect(starts).toEqual([...starts].sort((x, y) => y - x));
  // publishing an event that has ended is refused
  const { eventId: old } = await evOk(
    cloud,
    'save',
    { type: 'other', title: '补录的活动', startAt: hoursFrom(-5), endAt: hoursFrom(-4), place: '书屋' },
    org.openid,
  );
  expectError(
    await ev(cloud, 'save', { eventId: old, status: 'published' }, org.openid),
    'FAILED_PRECONDITION',
  );
});
