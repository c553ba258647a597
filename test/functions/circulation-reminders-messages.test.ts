/**
 * What a reminder says and the China calendar days it counts in (pure functions, no cloud): WeChat's
 * keyword limits (`thing` ≤ 20 characters, `date` as 年月日) and day boundaries at UTC+8 midnight.
 */
import {
  chinaDateText,
  chinaDay,
  chinaDayStart,
  chinaDaysBetween,
} from '../../cloudfunctions/_shared/china-time';
import { messageData } from '../../cloudfunctions/circulation/src/reminder-messages';
import { thing, THING_MAX } from '../../cloudfunctions/_shared/reminders/message';

const FIELDS = { title: 'thing1', date: 'date2', note: 'thing3' };

describe('China calendar days', () => {
  it('changes day at midnight UTC+8 (16:00 UTC), whatever the host zone', () => {
    expect(chinaDay(new Date('2026-11-22T15:59:59.999Z'))).toBe('2026-11-22');
    expect(chinaDay(new Date('2026-11-22T16:00:00.000Z'))).toBe('2026-11-23');
    expect(chinaDayStart(new Date('2026-11-23T03:00:00Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(chinaDayStart(new Date('2026-11-22T17:00:00Z'), 2).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(chinaDayStart(new Date('2026-11-22T17:00:00Z'), -1).toISOString()).toBe(
      '2026-11-21T16:00:00.000Z',
    );
  });

  it('counts calendar days, not 24-hour spans', () => {
    // 23:30 on the 22nd to 00:30 on the 23rd (China): one day apart, one hour later
    expect(chinaDaysBetween(new Date('2026-11-22T15:30:00Z'), new Date('2026-11-22T16:30:00Z'))).toBe(1);
    expect(chinaDaysBetween(new Date('2026-11-22T16:30:00Z'), new Date('2026-11-23T15:30:00Z'))).toBe(0);
    expect(chinaDaysBetween(new Date('2026-11-25T01:00:00Z'), new Date('2026-11-22T01:00:00Z'))).toBe(-3);
  });

  it('writes dates the way a `date` keyword takes them, on the China day', () => {
    expect(chinaDateText(new Date('2026-12-31T16:30:00Z'))).toBe('2027年1月1日');
    expect(chinaDateText(new Date('2026-03-05T02:00:00Z'))).toBe('2026年3月5日');
  });
});

describe('`thing` values', () => {
  it('keeps at most 20 characters, cutting with an ellipsis, counting characters not UTF-16 units', () => {
    expect(thing('红岩')).toBe('红岩');
    const twenty = '一二三四五六七八九十一二三四五六七八九十';
    expect(thing(twenty)).toBe(twenty);
    const cut = thing(twenty + '多');
    expect(Array.from(cut)).toHaveLength(THING_MAX);
    expect(cut).toBe('一二三四五六七八九十一二三四五六七八九…');
    const astral = thing('𠀀'.repeat(25)); // characters outside the BMP are one character each
    expect(Array.from(astral)).toHaveLength(THING_MAX);
  });

  it('is one line and never empty (WeChat refuses an empty value)', () => {
    expect(thing('  党史\n学习  教育 ')).toBe('党史 学习 教育');
    expect(thing('   ')).toBe('—');
  });
});

describe('message data', () => {
  const now = new Date('2026-11-22T01:00:00Z'); // 09:00 on the 22nd, China

  it('dueSoon: the book, the due date, days left', () => {
    const due = new Date('2026-11-24T15:59:59.999Z'); // end of the 24th
    expect(messageData('dueSoon', { title: '共产党宣言', date: due }, FIELDS, now)).toEqual({
      thing1: { value: '共产党宣言' },
      date2: { value: '2026年11月24日' },
      thing3: { value: '还有2天到期，请按时归还或续借' },
    });
    const today = new Date('2026-11-22T15:59:59.999Z');
    expect(messageData('dueSoon', { title: 'x', date: today }, FIELDS, now).thing3?.value).toBe(
      '今天到期，请按时归还或续借',
    );
  });

  it('overdue: days late by calendar day', () => {
    const due = new Date('2026-11-19T15:59:59.999Z'); // end of the 19th
    expect(messageData('overdue', { title: 'x', date: due }, FIELDS, now).thing3?.value).toBe(
      '已逾期3天，请尽快归还',
    );
  });

  it('uses the template keyword names it is given', () => {
    const data = messageData(
      'holdReady',
      { title: '红岩', date: new Date('2026-11-25T15:59:59.999Z') },
      { title: 'thing2', date: 'time4', note: 'thing6' },
      now,
    );
    expect(Object.keys(data).sort()).toEqual(['thing2', 'thing6', 'time4']);
    expect(data.time4?.value).toBe('2026年11月25日');
  });

  it('every note fits a `thing` keyword', () => {
    const dates = [-40, -3, -1, 0, 1, 2].map((d) => new Date(chinaDayStart(now, d + 1).getTime() - 1));
    for (const kind of ['dueSoon', 'overdue', 'holdReady', 'holdExpiring'] as const) {
      for (const date of dates) {
        const note = messageData(kind, { title: 'x', date }, FIELDS, now).thing3?.value ?? '';
        expect(Array.from(note).length).toBeLessThanOrEqual(THING_MAX);
        expect(note.endsWith('…')).toBe(false);
      }
    }
  });
});
