/**
 * The event form's rules (admin/event-edit/form.ts), pure: China dates and times ↔ ISO instants whatever the
 * zone, the deadline and check-in window following the start and end until set by hand, what is checked
 * before sending (what save checks on every save), the request sent, and the capacity hint.
 */
import type { RoomEvent } from '../../typings';
import {
  capacityNote,
  defaultLabels,
  emptyForm,
  formOf,
  hasErrors,
  requestOf,
  splitOptions,
  validate,
  withDefaults,
  type EventForm,
} from '../../miniprogram/admin/event-edit/form';
import { chinaParts, isoFromChina } from '../../miniprogram/admin/shared/events';

function filled(patch: Partial<EventForm> = {}): EventForm {
  return withDefaults({
    ...emptyForm(),
    title: '读书分享会',
    startDate: '2026-12-31',
    startTime: '23:30',
    endDate: '2027-01-01',
    endTime: '01:00',
    ...patch,
  });
}

describe('China wall-clock times', () => {
  it('turn into the UTC instant and back, across the China midnight', () => {
    expect(isoFromChina({ date: '2026-12-31', time: '23:30' })).toBe('2026-12-31T15:30:00.000Z');
    expect(isoFromChina({ date: '2027-01-01', time: '07:59' })).toBe('2026-12-31T23:59:00.000Z');
    expect(chinaParts('2026-12-31T16:05:00.000Z')).toEqual({ date: '2027-01-01', time: '00:05' });
    expect(isoFromChina({ date: '2026-12-31', time: '' })).toBe('');
    expect(chinaParts('not a date')).toEqual({ date: '', time: '' });
  });
});

describe('defaults that follow the start and end', () => {
  it('the deadline is the start and check-in opens an hour before it, until the end', () => {
    const form = filled();
    expect([form.deadlineDate, form.deadlineTime]).toEqual(['2026-12-31', '23:30']);
    expect([form.opensDate, form.opensTime, form.closesDate, form.closesTime]).toEqual([
      '2026-12-31',
      '22:30',
      '2027-01-01',
      '01:00',
    ]);
    expect(defaultLabels(form).checkinLabel).toMatch(/12月31日 周四 22:30 至 (2027年)?1月1日 周五 01:00/);
  });

  it('set by hand, they stay', () => {
    const form = filled({ deadlineCustom: true, deadlineDate: '2026-12-30', deadlineTime: '18:00' });
    expect(withDefaults({ ...form, startTime: '20:00' }).deadlineTime).toBe('18:00');
    expect(withDefaults({ ...form, startTime: '20:00' }).opensTime).toBe('19:00');
  });
});

describe('validate', () => {
  it('every save needs the times, a draft too (save refuses an event without them)', () => {
    const errors = validate({ ...emptyForm(), title: '草稿' });
    expect(errors.start).toBe('请选择开始的日期和时间');
    expect(errors.end).toBe('请选择结束的日期和时间');
    expect(hasErrors(validate(filled({ title: '草稿' })))).toBe(false);
  });

  it('the sign-up deadline may not be after the start (as save checks)', () => {
    const form = filled({
      ...{ startDate: '2027-01-01', startTime: '14:00', endDate: '2027-01-01', endTime: '16:00' },
      ...{ deadlineCustom: true, deadlineDate: '2027-01-01', deadlineTime: '14:30' },
    });
    expect(validate(form).deadline).toBe('报名截止不能晚于活动开始');
    expect(validate({ ...form, deadlineTime: '14:00' }).deadline).toBe('');
  });

  it('says what is wrong, field by field', () => {
    const errors = validate(
      filled({
        title: ' ',
        endDate: '2026-12-31',
        endTime: '23:00',
        capacity: '0',
        audience: 'branches',
        branchIds: [],
        questions: [
          { id: 'a', label: '', kind: 'text', optionsText: '', required: false },
          { id: 'b', label: '书目', kind: 'choice', optionsText: '只有一项', required: false },
          { id: 'c', label: '单位', kind: 'text', optionsText: '', required: true },
        ],
      }),
    );
    expect(errors).toMatchObject({
      title: '请填写活动名称',
      end: '结束时间要晚于开始时间',
      capacity: '名额请填 1 以上的整数，或选“不限”',
      audience: '请至少选择一个党支部',
      questions: ['请填写问题，或删除这一项', '选择题至少要有两个选项', ''],
    });
  });

  it('a window set by hand must close after it opens', () => {
    const form = filled({
      checkinCustom: true,
      opensDate: '2027-01-01',
      opensTime: '02:00',
      closesDate: '2027-01-01',
      closesTime: '01:00',
    });
    expect(validate(form).checkin).toBe('签到结束要晚于签到开始');
  });
});

describe('requestOf', () => {
  it('sends ISO times, seats (0 = 不限), the audience and the questions with their options', () => {
    const req = requestOf(
      filled({
        typeIndex: 1,
        unlimited: true,
        audience: 'branches',
        branchIds: ['b1'],
        questions: [
          {
            id: 'q1',
            label: ' 书目 ',
            kind: 'choice',
            optionsText: '自带书目\n由书屋提供，自带书目',
            required: true,
          },
          { id: 'q2', label: '单位', kind: 'text', optionsText: 'ignored', required: false },
        ],
      }),
      'e1',
    );
    expect(req).toMatchObject({
      eventId: 'e1',
      type: 'lecture',
      capacity: 0,
      startAt: '2026-12-31T15:30:00.000Z',
      endAt: '2026-12-31T17:00:00.000Z',
      signupDeadline: '2026-12-31T15:30:00.000Z',
      checkinOpensAt: '2026-12-31T14:30:00.000Z',
      checkinClosesAt: '2026-12-31T17:00:00.000Z',
      audienceBranchIds: ['b1'],
      questions: [
        { id: 'q1', label: '书目', kind: 'choice', options: ['自带书目', '由书屋提供'], required: true },
        { id: 'q2', label: '单位', kind: 'text', options: [], required: false },
      ],
    });
  });

  it('a saved event comes back as the same form', () => {
    const req = requestOf(filled({ capacity: '50', place: '书屋' }), '');
    const event = {
      ...req,
      _id: 'e',
      audienceBranchIds: [],
      registered: 0,
      waitlisted: 0,
    } as unknown as RoomEvent;
    const form = formOf(event);
    expect(form).toMatchObject({
      startDate: '2026-12-31',
      startTime: '23:30',
      capacity: '50',
      place: '书屋',
    });
    expect(form.deadlineCustom).toBe(false);
    expect(form.checkinCustom).toBe(false);
  });

  it('splits options by line, comma or 顿号', () => {
    expect(splitOptions('甲\n乙，丙、丁;甲')).toEqual(['甲', '乙', '丙', '丁']);
  });
});

describe('capacityNote', () => {
  const event = { capacity: 2, registered: 2, waitlisted: 3 };
  it('raising the capacity promotes as many as the new seats, in order', () => {
    expect(capacityNote(event, { unlimited: false, capacity: '4' }).text).toContain('前面的 2 人');
    expect(capacityNote(event, { unlimited: true, capacity: '' }).text).toContain('前面的 3 人');
  });
  it('lowering below the registered count warns and removes nobody', () => {
    const note = capacityNote(event, { unlimited: false, capacity: '1' });
    expect(note).toEqual({ text: expect.stringContaining('不会移出任何人') as string, warn: true });
  });
  it('says nothing for a new event or an unchanged capacity', () => {
    expect(capacityNote(null, { unlimited: false, capacity: '9' }).text).toBe('');
    expect(capacityNote(event, { unlimited: false, capacity: '2' }).text).toBe('');
  });
});
