/**
 * The event form as the organiser fills it (pure: no wx): China dates and times as the pickers hold them,
 * capacity as typed (or 不限), the audience, the check-in window (following the start and end until the
 * organiser sets it) and the sign-up questions; to and from the `events` function's shapes, and what can be
 * checked before sending (the function checks again and its message is shown as it comes).
 */
import type { EventQuestion, EventType, RoomEvent, SaveEventRequest } from '../../../typings/index';
import { EVENT_TYPE_LABELS } from '../../utils/labels';
import { momentWithWeekday } from '../../utils/room-events';
import { chinaParts, isoFromChina, type ChinaDateTime } from '../shared/events';

const EVENT_TYPE_KEYS = Object.keys(EVENT_TYPE_LABELS) as EventType[];
export const EVENT_TYPE_NAMES = EVENT_TYPE_KEYS.map((key) => EVENT_TYPE_LABELS[key]);

/** As the function allows (cloudfunctions/events/src/schemas.ts). */
export const LIMITS = {
  title: 60,
  description: 5000,
  place: 100,
  questions: 10,
  label: 50,
  option: 30,
  options: 20,
};

/** By default check-in opens an hour before the start and closes at the end. */
const CHECKIN_LEAD_MS = 60 * 60 * 1000;

export interface QuestionForm {
  id: string;
  label: string;
  kind: 'text' | 'choice';
  /** The options as typed: one a line, or separated by commas / 、. */
  optionsText: string;
  required: boolean;
}

export interface EventForm {
  typeIndex: number;
  title: string;
  description: string;
  poster: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  place: string;
  onlineUrl: string;
  unlimited: boolean;
  capacity: string;
  /** false: the deadline is the start. */
  deadlineCustom: boolean;
  deadlineDate: string;
  deadlineTime: string;
  audience: 'all' | 'branches';
  branchIds: string[];
  /** false: the window follows the start and end (CHECKIN_LEAD_MS before the start until the end). */
  checkinCustom: boolean;
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  questions: QuestionForm[];
}

export type FormErrors = Record<
  'title' | 'start' | 'end' | 'capacity' | 'deadline' | 'audience' | 'checkin',
  string
> & { questions: string[] };

export function emptyErrors(): FormErrors {
  return {
    title: '',
    start: '',
    end: '',
    capacity: '',
    deadline: '',
    audience: '',
    checkin: '',
    questions: [],
  };
}

export function emptyForm(): EventForm {
  return {
    typeIndex: 0,
    title: '',
    description: '',
    poster: '',
    startDate: '',
    startTime: '',
    endDate: '',
    endTime: '',
    place: '',
    onlineUrl: '',
    unlimited: false,
    capacity: '50',
    deadlineCustom: false,
    deadlineDate: '',
    deadlineTime: '',
    audience: 'all',
    branchIds: [],
    checkinCustom: false,
    opensDate: '',
    opensTime: '',
    closesDate: '',
    closesTime: '',
    questions: [],
  };
}

const part = (date: string, time: string): ChinaDateTime => ({ date, time });

/** The form with the deadline and the check-in window that follow the start and end brought up to date. */
export function withDefaults(form: EventForm): EventForm {
  const next = { ...form };
  if (!next.deadlineCustom) {
    next.deadlineDate = form.startDate;
    next.deadlineTime = form.startTime;
  }
  if (!next.checkinCustom) {
    const start = isoFromChina(part(form.startDate, form.startTime));
    const opens = start
      ? chinaParts(new Date(Date.parse(start) - CHECKIN_LEAD_MS).toISOString())
      : part('', '');
    next.opensDate = opens.date;
    next.opensTime = opens.time;
    next.closesDate = form.endDate;
    next.closesTime = form.endTime;
  }
  return next;
}

/** "12月10日 周四 14:30" for a picked China date and time; '' when not picked yet. */
function whenLabel(date: string, time: string): string {
  const iso = isoFromChina(part(date, time));
  return iso ? momentWithWeekday(iso) : '';
}

/** What the deadline and check-in rows say while they follow the start and end. */
export function defaultLabels(form: EventForm): { deadlineLabel: string; checkinLabel: string } {
  const filled = withDefaults(form);
  const opens = whenLabel(filled.opensDate, filled.opensTime);
  const closes = whenLabel(filled.closesDate, filled.closesTime);
  return {
    deadlineLabel: whenLabel(filled.deadlineDate, filled.deadlineTime),
    checkinLabel: opens && closes ? `${opens} 至 ${closes}` : '',
  };
}

let questionSerial = 0;

/** A new question's id: stable within the event (answers are keyed by it). */
function newQuestionId(now = Date.now()): string {
  questionSerial += 1;
  return `q${now.toString(36)}${questionSerial}`;
}

export function newQuestion(): QuestionForm {
  return { id: newQuestionId(), label: '', kind: 'text', optionsText: '', required: false };
}

/** Options as typed: one a line, or separated by commas (either width), 、 or semicolons; duplicates dropped. */
export function splitOptions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,，、;；]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

/** The form of a saved event. The deadline and window count as set by hand unless they are the defaults. */
export function formOf(event: RoomEvent): EventForm {
  const start = chinaParts(event.startAt);
  const end = chinaParts(event.endAt);
  const deadline = chinaParts(event.signupDeadline);
  const opens = chinaParts(event.checkinOpensAt);
  const closes = chinaParts(event.checkinClosesAt);
  const defaultOpens = new Date(Date.parse(event.startAt) - CHECKIN_LEAD_MS).toISOString();
  return {
    typeIndex: Math.max(0, EVENT_TYPE_KEYS.indexOf(event.type)),
    title: event.title,
    description: event.description,
    poster: event.poster,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    place: event.place,
    onlineUrl: event.onlineUrl,
    unlimited: event.capacity === 0,
    capacity: event.capacity > 0 ? String(event.capacity) : '',
    deadlineCustom: !sameInstant(event.signupDeadline, event.startAt),
    deadlineDate: deadline.date,
    deadlineTime: deadline.time,
    audience: event.audienceBranchIds.length ? 'branches' : 'all',
    branchIds: event.audienceBranchIds.slice(),
    checkinCustom:
      !sameInstant(event.checkinOpensAt, defaultOpens) || !sameInstant(event.checkinClosesAt, event.endAt),
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    questions: event.questions.map((q) => ({
      id: q.id,
      label: q.label,
      kind: q.kind,
      optionsText: q.options.join('\n'),
      required: q.required,
    })),
  };
}

function questionOf(q: QuestionForm): EventQuestion {
  return {
    id: q.id,
    label: q.label.trim(),
    kind: q.kind,
    options: q.kind === 'choice' ? splitOptions(q.optionsText) : [],
    required: q.required,
  };
}

/** The capacity typed: a whole number of seats ≥ 1; NaN otherwise. */
function seatsOf(form: Pick<EventForm, 'unlimited' | 'capacity'>): number {
  if (form.unlimited) return 0;
  const text = form.capacity.trim();
  return /^\d{1,6}$/.test(text) && Number(text) >= 1 ? Number(text) : Number.NaN;
}

/**
 * What can be checked here, in the organiser's words, by the rules `save` applies to every save (a draft
 * too): a title, the start and end, a deadline not after the start, a capacity, the audience, the window.
 */
export function validate(form: EventForm): FormErrors {
  const errors = emptyErrors();
  if (!form.title.trim()) errors.title = '请填写活动名称';
  else if (form.title.trim().length > LIMITS.title) errors.title = `活动名称不能超过 ${LIMITS.title} 个字`;
  const start = isoFromChina(part(form.startDate, form.startTime));
  const end = isoFromChina(part(form.endDate, form.endTime));
  const deadline = isoFromChina(part(form.deadlineDate, form.deadlineTime));
  if (!start) errors.start = '请选择开始的日期和时间';
  if (!end) errors.end = '请选择结束的日期和时间';
  else if (start && Date.parse(end) <= Date.parse(start)) errors.end = '结束时间要晚于开始时间';
  if (start && form.deadlineCustom) {
    if (!deadline) errors.deadline = '请选择报名截止的日期和时间';
    else if (Date.parse(deadline) > Date.parse(start)) errors.deadline = '报名截止不能晚于活动开始';
  }
  if (Number.isNaN(seatsOf(form))) errors.capacity = '名额请填 1 以上的整数，或选“不限”';
  if (form.audience === 'branches' && !form.branchIds.length) errors.audience = '请至少选择一个党支部';
  if (form.checkinCustom) {
    const opens = isoFromChina(part(form.opensDate, form.opensTime));
    const closes = isoFromChina(part(form.closesDate, form.closesTime));
    if (!opens || !closes) errors.checkin = '请选择签到开始和结束的日期和时间';
    else if (Date.parse(closes) <= Date.parse(opens)) errors.checkin = '签到结束要晚于签到开始';
  }
  errors.questions = form.questions.map((q) => {
    if (!q.label.trim()) return '请填写问题，或删除这一项';
    if (q.label.trim().length > LIMITS.label) return `问题不能超过 ${LIMITS.label} 个字`;
    if (q.kind !== 'choice') return '';
    const options = splitOptions(q.optionsText);
    if (options.length < 2) return '选择题至少要有两个选项';
    if (options.length > LIMITS.options) return `选项不能超过 ${LIMITS.options} 个`;
    if (options.some((o) => o.length > LIMITS.option)) return `每个选项不能超过 ${LIMITS.option} 个字`;
    return '';
  });
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  const { questions, ...fields } = errors;
  return Object.values(fields).some(Boolean) || questions.some(Boolean);
}

/** The `save` request of the form (times as ISO 8601); fields left empty are not sent. */
export function requestOf(form: EventForm, eventId: string): SaveEventRequest {
  const filled = withDefaults(form);
  const req: SaveEventRequest = {
    type: EVENT_TYPE_KEYS[form.typeIndex] ?? 'other',
    title: form.title.trim(),
    description: form.description.trim(),
    poster: form.poster,
    place: form.place.trim(),
    onlineUrl: form.onlineUrl.trim(),
    audienceBranchIds: form.audience === 'branches' ? form.branchIds.slice() : [],
    questions: form.questions.map(questionOf),
  };
  if (eventId) req.eventId = eventId;
  const seats = seatsOf(form);
  if (!Number.isNaN(seats)) req.capacity = seats;
  const times: [keyof SaveEventRequest, string, string][] = [
    ['startAt', filled.startDate, filled.startTime],
    ['endAt', filled.endDate, filled.endTime],
    ['signupDeadline', filled.deadlineDate, filled.deadlineTime],
    ['checkinOpensAt', filled.opensDate, filled.opensTime],
    ['checkinClosesAt', filled.closesDate, filled.closesTime],
  ];
  for (const [key, date, time] of times) {
    const iso = isoFromChina(part(date, time));
    if (iso) (req as Record<string, unknown>)[key] = iso;
  }
  return req;
}

/**
 * What changing the capacity of a saved event will do, for the hint under the field: raising it promotes
 * the waitlist in order; lowering it below the registered count removes nobody.
 */
export function capacityNote(
  event: Pick<RoomEvent, 'capacity' | 'registered' | 'waitlisted'> | null,
  form: Pick<EventForm, 'unlimited' | 'capacity'>,
): { text: string; warn: boolean } {
  if (!event) return { text: '', warn: false };
  const seats = seatsOf(form);
  if (Number.isNaN(seats)) return { text: '', warn: false };
  const freeBefore = event.capacity === 0 ? Infinity : Math.max(0, event.capacity - event.registered);
  const freeAfter = seats === 0 ? Infinity : Math.max(0, seats - event.registered);
  if (seats !== 0 && seats < event.registered)
    return {
      text: `已有 ${event.registered} 人报名，多于 ${seats} 个名额：不会移出任何人，只是不再有空位，候补的人也不会转正。`,
      warn: true,
    };
  if (event.waitlisted > 0 && freeAfter > freeBefore) {
    const promoted = Math.min(event.waitlisted, freeAfter);
    return {
      text: `保存后，候补中排在前面的 ${promoted} 人会按顺序自动转为已报名，并收到通知。`,
      warn: false,
    };
  }
  return { text: '', warn: false };
}
