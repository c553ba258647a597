/**
 * How events (活动) read to a member (活动 tab, the event page, 我的活动): times in China time with the
 * weekday, seats, status tags, the caller's standing, and the sign-up area of the event page in each
 * state. Pure functions of the event, the caller and `now`, so every state can be shown and tested
 * without moving a clock.
 */
import type { EventDetail, EventSummary, EventType, MySignup, ReminderKind } from '../../typings/index';
import { chinaDay, chinaTime } from '../shared/china-time';
import { dayLabel, validDate } from './circulation';
import { EVENT_TYPE_LABELS } from './labels';

/** Reminders asked for inside the sign-up tap: the day before, and a seat freed for a waitlisted member. */
export const EVENT_REMINDERS: ReminderKind[] = ['eventTomorrow', 'eventPromoted'];

/** The colour of an event's type: its tag and the placeholder when it has no poster. */
export const EVENT_TYPE_COLORS: Record<EventType, string> = {
  themeDay: '#b71c1c',
  lecture: '#1565c0',
  readingShare: '#2e7d32',
  speechContest: '#6a1b9a',
  essayContest: '#ad1457',
  visit: '#e65100',
  training: '#00695c',
  other: '#546e7a',
};

/** The type filter of the 活动 tab: 全部, then every type. */
export const EVENT_TYPE_FILTERS: { value: EventType | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...(Object.keys(EVENT_TYPE_LABELS) as EventType[]).map((value) => ({
    value,
    label: EVENT_TYPE_LABELS[value],
  })),
];

/** "12月5日 周六 14:30" (China time; the year when not this year's); '' for a bad date. */
export function momentWithWeekday(iso: string, now: Date = new Date()): string {
  const d = validDate(iso);
  return d ? `${dayLabel(iso, now)} ${chinaTime(d)}` : '';
}

/**
 * "12月5日 周六 14:30–16:30" within one China day, "12月5日 周六 14:30 – 12月6日 周日 11:00" across days.
 */
export function timeRange(startIso: string, endIso: string, now: Date = new Date()): string {
  const start = validDate(startIso);
  const end = validDate(endIso);
  if (!start) return '';
  const from = momentWithWeekday(startIso, now);
  if (!end) return from;
  if (chinaDay(start) === chinaDay(end)) return `${from}–${chinaTime(end)}`;
  return `${from} – ${momentWithWeekday(endIso, now)}`;
}

/** 已报名 12/50, or 已报名 12 人 · 不限名额 (capacity 0). */
export function seatsText(capacity: number, registered: number): string {
  return capacity > 0 ? `已报名 ${registered}/${capacity}` : `已报名 ${registered} 人 · 不限名额`;
}

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default';

export interface StatusTag {
  text: string;
  type: TagType;
}

/** 已报名 / 候补第 N 位 / 已签到 for the caller's standing; null for none. */
export function mineTag(mine: MySignup | undefined): StatusTag | null {
  if (!mine) return null;
  if (mine.status === 'registered') return { text: '我已报名', type: 'primary' };
  if (mine.status === 'attended') return { text: '已签到', type: 'success' };
  if (mine.status === 'waitlisted')
    return { text: mine.position ? `候补第 ${mine.position} 位` : '候补中', type: 'warning' };
  return null;
}

type Timing = Pick<EventSummary, 'status' | 'capacity' | 'registered' | 'signupDeadline' | 'phase'>;

/** Where sign-up stands for everyone: 报名中 / 已满·可候补 / 报名截止 / 已取消 / 已结束. */
export function eventStatusTag(event: Timing, now: Date = new Date()): StatusTag {
  if (event.status === 'cancelled') return { text: '已取消', type: 'danger' };
  if (event.status === 'finished' || event.phase === 'past') return { text: '已结束', type: 'default' };
  const deadline = validDate(event.signupDeadline);
  if (event.phase !== 'upcoming' || (deadline && now.getTime() > deadline.getTime()))
    return { text: '报名截止', type: 'default' };
  if (event.capacity > 0 && event.registered >= event.capacity)
    return { text: '已满·可候补', type: 'warning' };
  return { text: '报名中', type: 'success' };
}

export interface EventCard extends EventSummary {
  typeLabel: string;
  color: string;
  timeText: string;
  seatsText: string;
  /** 候补 N (when anyone waits). */
  waitText: string;
  tags: StatusTag[];
  mine: MySignup;
}

export function eventCard(
  summary: EventSummary,
  mine: MySignup = { status: 'none' },
  now: Date = new Date(),
): EventCard {
  // a cancelled event's sign-ups went with it
  const own = summary.status === 'cancelled' ? null : mineTag(mine);
  return {
    ...summary,
    typeLabel: EVENT_TYPE_LABELS[summary.type],
    color: EVENT_TYPE_COLORS[summary.type],
    timeText: timeRange(summary.startAt, summary.endAt, now),
    seatsText: seatsText(summary.capacity, summary.registered),
    waitText: summary.waitlisted > 0 ? `候补 ${summary.waitlisted}` : '',
    tags: own ? [eventStatusTag(summary, now), own] : [eventStatusTag(summary, now)],
    mine,
  };
}

/**
 * The sign-up area's state: open (立即报名), full (候补报名), registered (已报名, 取消报名), waitlisted
 * (候补中·第 N 位, 取消候补), attended (已签到), closed (报名已截止), cancelled (活动已取消), ended (活动已结束),
 * audience (仅限…), register (请先登记), refused (the cloud's reason).
 */
export type SignupKind =
  | 'open'
  | 'full'
  | 'registered'
  | 'waitlisted'
  | 'attended'
  | 'closed'
  | 'cancelled'
  | 'ended'
  | 'audience'
  | 'register'
  | 'refused';

/** What the sign-up area's button does. */
export type SignupAction = 'signup' | 'cancel' | 'register' | '';

export interface SignupArea {
  kind: SignupKind;
  /** The headline (立即报名 / 已报名 / 候补中 · 第 3 位 / 报名已截止 …). */
  status: string;
  /** A line under it: seats left, what happens next, or why not. */
  note: string;
  action: SignupAction;
  actionText: string;
  /** 扫码签到 / 输入签到码 are offered (registered, inside the window). */
  canCheckin: boolean;
  tone: 'open' | 'done' | 'wait' | 'off';
}

function area(
  kind: SignupKind,
  status: string,
  note: string,
  tone: SignupArea['tone'],
  action: SignupAction = '',
  actionText = '',
  canCheckin = false,
): SignupArea {
  return { kind, status, note, action, actionText, canCheckin, tone };
}

/** The event page's sign-up area for `member` (null: not registered yet) at `now`. */
export function signupArea(detail: EventDetail, now: Date = new Date()): SignupArea {
  const { event, mine, phase } = detail;
  const upcoming = phase === 'upcoming' && event.status === 'published';
  if (event.status === 'cancelled')
    return area(
      'cancelled',
      '活动已取消',
      mine.status === 'none' ? '组织者已取消本次活动。' : '组织者已取消本次活动，你的报名随之取消。',
      'off',
    );
  if (mine.status === 'attended') return area('attended', '已签到', '感谢参加本次活动。', 'done');
  if (event.status === 'finished' || phase === 'past')
    return area(
      'ended',
      '活动已结束',
      mine.status === 'registered' ? '你报名了本次活动，没有签到记录。' : '',
      'off',
    );
  if (mine.status === 'registered') {
    const note = detail.canCheckin
      ? '签到已开放：到场后扫描现场的签到码，或输入组织者手机上的 6 位签到码。'
      : `请按时参加。签到在 ${momentWithWeekday(event.checkinOpensAt, now)} 开放。`;
    return area(
      'registered',
      '已报名',
      note,
      'done',
      upcoming ? 'cancel' : '',
      upcoming ? '取消报名' : '',
      detail.canCheckin,
    );
  }
  if (mine.status === 'waitlisted') {
    return area(
      'waitlisted',
      mine.position ? `候补中 · 第 ${mine.position} 位` : '候补中',
      '有人取消报名时，按候补顺序自动递补，递补成功会通知你。',
      'wait',
      upcoming ? 'cancel' : '',
      upcoming ? '取消候补' : '',
    );
  }
  if (detail.canSignup) {
    const full = event.capacity > 0 && event.registered >= event.capacity;
    if (full)
      return area(
        'full',
        '名额已满',
        `现在报名进入候补（已有 ${event.waitlisted} 人候补），有人取消时按顺序递补。`,
        'wait',
        'signup',
        '候补报名',
      );
    const left = event.capacity > 0 ? `还剩 ${event.capacity - event.registered} 个名额，` : '不限名额，';
    return area(
      'open',
      '报名中',
      `${left}报名截止 ${momentWithWeekday(event.signupDeadline, now)}。`,
      'open',
      'signup',
      '立即报名',
    );
  }
  // why not is the server's answer (its kinds, in its order): the area is chosen here, worded for the page
  // where it says more than the server's message (which the API answers to anyone)
  const refusal = detail.signupRefusal;
  switch (refusal?.kind) {
    case 'register':
      return area('register', '请先登记', '登记成为书屋读者后就能报名活动。', 'off', 'register', '去登记');
    case 'closed':
      return area(
        'closed',
        refusal.message,
        event.status === 'published' ? `报名在 ${momentWithWeekday(event.signupDeadline, now)} 截止。` : '',
        'off',
      );
    case 'audience':
      return area(
        'audience',
        `仅限${detail.audienceNames.join('、') || '部分党支部'}`,
        '本次活动只面向以上党支部的成员。',
        'off',
      );
    case 'pending':
      return area('refused', '暂不能报名', '你的登记正在审核，审核通过后就能报名。', 'off');
    case 'suspended':
      return area('refused', '暂不能报名', '你的账号已停用，如有疑问请联系书屋管理员。', 'off');
    default:
      return area('refused', '暂不能报名', refusal?.message ?? '', 'off');
  }
}

/** A poster's code scene or a share path's inviter: the member id when it looks like one, else ''. */
export function cleanInviter(raw: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : '';
}
