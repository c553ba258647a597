/**
 * The pure parts of check-in, posters and event reminders (no cloud): the per-minute code, what a member
 * may send, the poster's scene and invite key, and what an event reminder says within WeChat's limits.
 */
import { memberIdFor } from '../../cloudfunctions/_shared/members';
import {
  checkinCodeAt,
  codeForMinute,
  isValidCode,
  minuteOf,
  newCheckinSecret,
  parseCheckinCode,
} from '../../cloudfunctions/events/src/checkin-code';
import { eventMessage } from '../../cloudfunctions/events/src/reminders';
import {
  inviteKeyOf,
  memberIdOfInviteKey,
  parseScene,
  SCENE_MAX,
  sceneFor,
} from '../../cloudfunctions/events/src/scene';

const EVENT = 'K7M2Q9XP3R';
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;

describe('the check-in code', () => {
  const secret = newCheckinSecret();
  const at = new Date('2026-12-05T02:30:20Z');

  it('is six digits that change with the minute and differ between events and secrets', () => {
    const shown = checkinCodeAt(secret, EVENT, at);
    expect(shown.code).toMatch(/^\d{6}$/);
    expect(shown.qrText).toBe(`shuwu-checkin:${EVENT}:${shown.code}`);
    expect(shown.refreshAt).toBe('2026-12-05T02:31:00.000Z');
    const minute = minuteOf(at);
    const codes = new Set(Array.from({ length: 50 }, (_x, i) => codeForMinute(secret, EVENT, minute + i)));
    expect(codes.size).toBeGreaterThan(45); // a repeat within 50 minutes is a 1-in-a-million-ish event
    expect(codeForMinute(secret, 'OTHEREVENT', minute)).not.toBe(shown.code);
    expect(codeForMinute(newCheckinSecret(), EVENT, minute)).not.toBe(shown.code);
  });

  it("accepts this minute's and the previous minute's code only", () => {
    const minute = minuteOf(at);
    expect(isValidCode(secret, EVENT, codeForMinute(secret, EVENT, minute), at)).toBe(true);
    expect(isValidCode(secret, EVENT, codeForMinute(secret, EVENT, minute - 1), at)).toBe(true);
    expect(isValidCode(secret, EVENT, codeForMinute(secret, EVENT, minute - 2), at)).toBe(false);
    expect(isValidCode(secret, EVENT, codeForMinute(secret, EVENT, minute + 1), at)).toBe(false);
    expect(isValidCode(secret, EVENT, '12345', at)).toBe(false);
  });

  it('reads typed digits and scanned QR texts of this event only', () => {
    expect(parseCheckinCode(' 012 345 ', EVENT)).toBe('012345');
    expect(parseCheckinCode(`shuwu-checkin:${EVENT}:987654`, EVENT)).toBe('987654');
    expect(parseCheckinCode('shuwu-checkin:OTHEREVENT:987654', EVENT)).toBeUndefined();
    for (const bad of ['', '12345', '1234567', 'abcdef', `shuwu-checkin:${EVENT}:12345`, '１２３４５６']) {
      expect(parseCheckinCode(bad, EVENT)).toBeUndefined();
    }
  });
});

describe('the poster scene', () => {
  it('carries the event and the inviter in at most 32 allowed characters, and back', () => {
    for (let i = 0; i < 200; i++) {
      const memberId = memberIdFor(`scene-member-${i}`);
      const scene = sceneFor(EVENT, memberId);
      expect(scene.length).toBeLessThanOrEqual(SCENE_MAX);
      expect(scene).toMatch(SCENE_CHARS);
      expect(parseScene(scene)).toEqual({ eventId: EVENT, inviter: memberId });
      expect(memberIdOfInviteKey(inviteKeyOf(memberId) as string)).toBe(memberId);
    }
    // the extremes of the member id space
    for (const memberId of [`m${'0'.repeat(31)}`, `m${'f'.repeat(31)}`]) {
      expect(parseScene(sceneFor(EVENT, memberId))).toEqual({ eventId: EVENT, inviter: memberId });
    }
  });

  it('leaves out an inviter whose id has another shape; refuses what is not a scene of ours', () => {
    expect(sceneFor(EVENT, 'demo-member')).toBe(EVENT);
    expect(parseScene(EVENT)).toEqual({ eventId: EVENT });
    for (const bad of ['', '中文', `${EVENT}.`, `${EVENT}.abc`, `${EVENT}.${'z'.repeat(21)}`, 'a b']) {
      expect(parseScene(bad)).toBeUndefined();
    }
  });
});

describe('event reminder messages', () => {
  const fields = { title: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' };
  const event = {
    _id: EVENT,
    title: '“不忘初心、牢记使命”主题教育读书分享会暨优秀读书笔记表彰',
    startAt: new Date('2026-12-05T06:30:00Z'), // 14:30 China time
    place: '',
    onlineUrl: 'https://meeting.example.com/123',
  };

  it('fits WeChat keyword limits: thing ≤ 20 characters, time as 年月日 时:分 in China time', () => {
    const data = eventMessage('eventTomorrow', event, fields);
    expect(data.time2?.value).toBe('2026年12月5日 14:30');
    expect(data.thing3?.value).toBe('线上活动');
    for (const key of ['thing1', 'thing3', 'thing4']) {
      const value = data[key]?.value ?? '';
      expect(value.length).toBeGreaterThan(0);
      expect(Array.from(value).length).toBeLessThanOrEqual(20);
    }
    expect(eventMessage('eventPromoted', { ...event, place: '书屋' }, fields).thing4?.value).toBe(
      '候补成功，已为你保留名额',
    );
  });
});
