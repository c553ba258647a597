/**
 * Check-in (签到) and the poster's code of the `events` function (docs/events-checkin.md): the organiser's
 * code that changes every minute, the window, who may check in, idempotence, the guessing limit; the
 * poster's mini-program code made once per (event, member) and its scene resolved back.
 *
 * A private local cloud (the clock moves), the real functions over HTTP.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CheckinCode } from '../../typings/functions/events';
import { parseScene, SCENE_MAX } from '../../cloudfunctions/events/src/scene';
import { MAX_WRONG_PER_MINUTE } from '../../cloudfunctions/events/src/checkin-code';
import { advanceClock, cloudNow, privateCloud, type PrivateCloud } from '../support/clock';
import {
  ADMIN,
  callAt,
  expectError,
  newMember,
  okAt,
  type Site,
  type TestMember,
} from '../support/circulation';
import { hoursFrom, organiser as newOrganiser, publishedEvent } from '../support/events';

const MINUTE = 60_000;

let cloud: PrivateCloud;
let site: Site;
let organiser: TestMember;

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN } });
  site = { url: cloud.url };
  organiser = await newOrganiser(site);
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
});

/** A published lecture of `by` starting two hours after `at`, two hours long (check-in opens an hour before). */
function newEvent(by: TestMember, at: Date, fields: { capacity?: number } = {}): Promise<string> {
  return publishedEvent(site, by, {
    startAt: hoursFrom(2, at),
    endAt: hoursFrom(4, at),
    capacity: 0,
    ...fields,
  });
}

/** Moves the clock to one second past the next minute's start (so that a few calls share a minute). */
async function startOfNextMinute(): Promise<Date> {
  const at = await cloudNow(cloud.url);
  const to = new Date((Math.floor(at.getTime() / MINUTE) + 1) * MINUTE + 1000);
  await advanceClock(cloud.url, { to });
  return to;
}

function code(eventId: string, openid = organiser.openid): Promise<CheckinCode> {
  return okAt(site, 'events', 'checkinCode', { eventId }, openid);
}

function checkin(eventId: string, codeText: string, who: TestMember) {
  return callAt(site, 'events', 'checkin', { eventId, code: codeText }, who.openid);
}

async function attendedAt(eventId: string, member: TestMember): Promise<Date | undefined> {
  const store = await cloud.store();
  const doc = await store.findOne<{ attendedAt?: Date }>('signups', { eventId, memberId: member.member._id });
  return doc?.attendedAt;
}

describe('checkinCode', () => {
  it('five first requests at once agree on one secret', async () => {
    const at = await startOfNextMinute();
    const eventId = await newEvent(organiser, at);
    const codes = await Promise.all(Array.from({ length: 5 }, () => code(eventId)));
    expect(new Set(codes.map((c) => c.code)).size).toBe(1);
  });

  it('answers six digits, the QR text and when it changes, to the organiser and admins only', async () => {
    const at = await startOfNextMinute();
    const eventId = await newEvent(organiser, at);
    const shown = await code(eventId);
    expect(shown.code).toMatch(/^\d{6}$/);
    expect(shown.qrText).toBe(`shuwu-checkin:${eventId}:${shown.code}`);
    const refresh = new Date(shown.refreshAt).getTime();
    expect(refresh - at.getTime()).toBeGreaterThan(0);
    expect(refresh - at.getTime()).toBeLessThanOrEqual(MINUTE);
    expect(refresh % MINUTE).toBe(0);
    // the same minute: the same code, for the admin too
    expect((await code(eventId, ADMIN)).code).toBe(shown.code);

    const member = await newMember(site);
    expectError(await callAt(site, 'events', 'checkinCode', { eventId }, member.openid), 'FORBIDDEN');
    const other = await newOrganiser(site);
    expectError(await callAt(site, 'events', 'checkinCode', { eventId }, other.openid), 'FORBIDDEN');

    // the secret never leaves the server
    const detail = await okAt(site, 'events', 'detail', { eventId }, member.openid);
    expect(JSON.stringify(detail)).not.toMatch(/checkinSecret/);
    const store = await cloud.store();
    const stored = await store.findOne<{ checkinSecret?: string }>('events', { _id: eventId });
    expect(stored?.checkinSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(detail)).not.toContain(stored?.checkinSecret as string);
  });
});

describe('checkin', () => {
  let eventId: string;
  let seated: TestMember;
  let second: TestMember;
  let guesser: TestMember;
  let late: TestMember;
  let racer: TestMember;
  let waiting: TestMember;
  let stranger: TestMember;

  beforeAll(async () => {
    const at = await cloudNow(cloud.url);
    // seats for five; the sixth waits. Check-in opens an hour before the start (in an hour from now).
    eventId = await newEvent(organiser, at, { capacity: 5 });
    [seated, second, guesser, late, racer, waiting, stranger] = await Promise.all(
      Array.from({ length: 7 }, () => newMember(site)),
    );
    for (const m of [seated, second, guesser, late, racer, waiting]) {
      await okAt(site, 'events', 'signup', { eventId }, m.openid);
    }
    expect((await okAt(site, 'events', 'detail', { eventId }, waiting.openid)).mine.status).toBe(
      'waitlisted',
    );
  }, 60_000);

  it('is refused before the window opens, even with the right code', async () => {
    const shown = await code(eventId);
    expect(expectError(await checkin(eventId, shown.code, seated), 'FAILED_PRECONDITION')).toBe(
      '签到尚未开始',
    );
    expect(await attendedAt(eventId, seated)).toBeUndefined();
  });

  it('takes the typed digits or the scanned QR text inside the window; a second check-in changes nothing', async () => {
    await advanceClock(cloud.url, { hours: 1, minutes: 5 });
    await startOfNextMinute();
    const shown = await code(eventId);
    expect(await okAt(site, 'events', 'checkin', { eventId, code: shown.qrText }, seated.openid)).toEqual({
      mine: { status: 'attended' },
    });
    const first = await attendedAt(eventId, seated);
    expect(first).toBeInstanceOf(Date);
    await advanceClock(cloud.url, { minutes: 3 });
    expect(await okAt(site, 'events', 'checkin', { eventId, code: '000000' }, seated.openid)).toEqual({
      mine: { status: 'attended' },
    });
    expect(await attendedAt(eventId, seated)).toEqual(first);
    expect((await okAt(site, 'events', 'detail', { eventId }, seated.openid)).mine.status).toBe('attended');
  });

  it("accepts the previous minute's code, refuses it two minutes on (a photo sent to a chat)", async () => {
    await startOfNextMinute();
    const photo = await code(eventId);
    await advanceClock(cloud.url, { minutes: 2 });
    expect(expectError(await checkin(eventId, photo.code, second), 'FAILED_PRECONDITION')).toBe(
      '签到码不正确或已过期',
    );
    expect(expectError(await checkin(eventId, photo.qrText, second), 'FAILED_PRECONDITION')).toBe(
      '签到码不正确或已过期',
    );
    expect(await attendedAt(eventId, second)).toBeUndefined();

    await startOfNextMinute();
    const boundary = await code(eventId);
    await advanceClock(cloud.url, { minutes: 1 }); // the next minute: the code just replaced still counts
    expect(
      await okAt(site, 'events', 'checkin', { eventId, code: ` ${boundary.code} ` }, second.openid),
    ).toEqual({
      mine: { status: 'attended' },
    });
  });

  it("refuses another event's QR text and malformed codes as wrong codes", async () => {
    const otherEvent = await newEvent(organiser, await cloudNow(cloud.url));
    const other = await code(otherEvent);
    const mine = await code(eventId);
    const forged = `shuwu-checkin:${otherEvent}:${mine.code}`;
    for (const text of [forged, other.qrText.replace(otherEvent, 'x'), '12345', 'abcdef', '']) {
      expect(expectError(await checkin(eventId, text, late), 'FAILED_PRECONDITION')).toBe(
        '签到码不正确或已过期',
      );
    }
    await advanceClock(cloud.url, { minutes: 1 }); // a fresh minute for the guessing counter
  });

  it('refuses waitlisted members, members not signed up, and visitors', async () => {
    const shown = await code(eventId);
    expect(expectError(await checkin(eventId, shown.code, waiting), 'FAILED_PRECONDITION')).toMatch(/候补/);
    expect(expectError(await checkin(eventId, shown.code, stranger), 'FAILED_PRECONDITION')).toMatch(
      /没有报名/,
    );
    expectError(
      await callAt(site, 'events', 'checkin', { eventId, code: shown.code }, 'events-checkin-nobody'),
      'UNAUTHENTICATED',
    );
    expectError(
      await callAt(site, 'events', 'checkin', { eventId: '../x', code: shown.code }, seated.openid),
      'INVALID_ARGUMENT',
    );
  });

  it(`stops guessing after ${MAX_WRONG_PER_MINUTE} wrong codes in a minute, until the next minute`, async () => {
    await startOfNextMinute();
    const right = await code(eventId);
    const wrong = right.code === '123456' ? '654321' : '123456';
    for (let i = 0; i < MAX_WRONG_PER_MINUTE; i++) {
      expectError(await checkin(eventId, wrong, guesser), 'FAILED_PRECONDITION');
    }
    expectError(await checkin(eventId, right.code, guesser), 'RESOURCE_EXHAUSTED');
    expect(await attendedAt(eventId, guesser)).toBeUndefined();
    // the counter stays on the server: the organiser's list does not show it
    const list = await okAt(site, 'events', 'attendees', { eventId }, organiser.openid);
    expect(JSON.stringify(list)).not.toMatch(/checkinFailures|"reminders"/);
    await advanceClock(cloud.url, { minutes: 1 });
    const fresh = await code(eventId);
    expect(await okAt(site, 'events', 'checkin', { eventId, code: fresh.code }, guesser.openid)).toEqual({
      mine: { status: 'attended' },
    });
  });

  it('ten check-ins of one member at once: every answer attended, attendedAt set once', async () => {
    const shown = await code(eventId);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        okAt(site, 'events', 'checkin', { eventId, code: shown.code }, racer.openid),
      ),
    );
    expect(answers.every((a) => a.mine.status === 'attended')).toBe(true);
    const first = await attendedAt(eventId, racer);
    expect(first).toBeInstanceOf(Date);
    await advanceClock(cloud.url, { minutes: 1 });
    await okAt(site, 'events', 'checkin', { eventId, code: shown.code }, racer.openid);
    expect(await attendedAt(eventId, racer)).toEqual(first);
  });

  it('is refused after the window closes', async () => {
    const shown = await code(eventId);
    await advanceClock(cloud.url, { hours: 3 }); // past the end (the window closes at the end)
    expect(expectError(await checkin(eventId, shown.code, late), 'FAILED_PRECONDITION')).toBe('签到已结束');
    expect(await attendedAt(eventId, late)).toBeUndefined();
  });
});

describe('posterCode and resolveScene', () => {
  it('makes the PNG once per (event, member) and resolves its scene to the event and the inviter', async () => {
    const eventId = await newEvent(organiser, await cloudNow(cloud.url), { capacity: 0 });
    const inviter = await newMember(site);
    const poster = await okAt(site, 'events', 'posterCode', { eventId }, inviter.openid);
    expect(poster.scene.length).toBeLessThanOrEqual(SCENE_MAX);
    expect(poster.scene).toMatch(/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/);
    expect(poster.fileID).toMatch(/^cloud:\/\//);
    expect(
      await okAt(site, 'events', 'resolveScene', { scene: poster.scene }, 'events-scene-visitor'),
    ).toEqual({
      eventId,
      inviter: inviter.member._id,
    });
    expect(parseScene(poster.scene)).toEqual({ eventId, inviter: inviter.member._id });

    // the same member again: the same file, no second upload; another member: another scene and file
    const store = await cloud.store();
    const uploads = () => store.count('posterCodes', { eventId });
    expect(await okAt(site, 'events', 'posterCode', { eventId }, inviter.openid)).toEqual(poster);
    expect(await uploads()).toBe(1);
    expect(readdirSync(path.join(cloud.dataDir, 'storage', 'event-posters', eventId))).toHaveLength(1);
    const other = await newMember(site);
    const second = await okAt(site, 'events', 'posterCode', { eventId }, other.openid);
    expect(second.scene).not.toBe(poster.scene);
    expect(second.fileID).not.toBe(poster.fileID);
    expect(await uploads()).toBe(2);

    // three members opening the invite with its inviter: each is recorded as invited by them
    for (const invitee of await Promise.all([1, 2, 3].map(() => newMember(site)))) {
      const resolved = await okAt(site, 'events', 'resolveScene', { scene: poster.scene }, invitee.openid);
      await okAt(site, 'events', 'detail', resolved, invitee.openid);
      await okAt(site, 'events', 'signup', { eventId }, invitee.openid);
    }
    expect(await store.count('signups', { eventId, invitedBy: inviter.member._id })).toBe(3);
  });

  it('answers NOT_FOUND for a scene that is not ours or names no event; visitors may not make posters', async () => {
    const eventId = await newEvent(organiser, await cloudNow(cloud.url));
    for (const scene of [
      '',
      'zz',
      `${eventId}.short`,
      `${eventId}.${'z'.repeat(21)}`,
      'ABCDEFGHJK',
      '中文',
    ]) {
      expectError(
        await callAt(site, 'events', 'resolveScene', { scene }, 'events-scene-visitor'),
        'NOT_FOUND',
      );
    }
    // an inviter that is no member: the event still opens, without the inviter
    const ghost = `${eventId}.${'0'.repeat(20)}1`;
    expect(await okAt(site, 'events', 'resolveScene', { scene: ghost }, 'events-scene-visitor')).toEqual({
      eventId,
    });
    expectError(
      await callAt(site, 'events', 'posterCode', { eventId }, 'events-poster-visitor'),
      'UNAUTHENTICATED',
    );
    expectError(
      await callAt(site, 'events', 'posterCode', { eventId: 'NOSUCHEVNT' }, (await newMember(site)).openid),
      'NOT_FOUND',
    );
  });
});
