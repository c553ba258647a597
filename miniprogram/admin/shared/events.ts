/**
 * Shared by the organiser pages (活动管理, 编辑活动, 报名名单, 签到): their routes, how statuses and counts
 * read, and China wall-clock dates and times (the pickers' values) ↔ ISO 8601 instants (what the `events`
 * function takes), whatever zone the phone is in. Event times read as on the member pages
 * (utils/room-events.ts `timeRange`).
 */
import type { EventStatus, EventSummary } from '../../../typings/index';
import { chinaDay, chinaTime } from '../../shared/china-time';
import { seatsText } from '../../utils/room-events';

export const EVENT_ROUTES = {
  events: '/admin/events/index',
  edit: '/admin/event-edit/index',
  attendees: '/admin/attendees/index',
  checkin: '/admin/checkin/index',
} as const;

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  draft: '草稿',
  published: '已发布',
  cancelled: '已取消',
  finished: '已结束',
};

export const EVENT_STATUS_TAG_TYPES: Record<EventStatus, 'primary' | 'success' | 'warning' | 'danger'> = {
  draft: 'warning',
  published: 'success',
  cancelled: 'danger',
  finished: 'primary',
};

/** A China wall-clock date and time, as the pickers hold them: `YYYY-MM-DD`, `HH:mm`. */
export interface ChinaDateTime {
  date: string;
  time: string;
}

/** The China date and time of an instant; empty parts for a missing or bad one. */
export function chinaParts(iso: string | undefined): ChinaDateTime {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return { date: '', time: '' };
  return { date: chinaDay(at), time: chinaTime(at) };
}

/** The instant of a China date and time, ISO 8601 (UTC); '' when either part is missing or malformed. */
export function isoFromChina(parts: ChinaDateTime): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(parts.date) || !/^\d{2}:\d{2}$/.test(parts.time)) return '';
  const at = new Date(`${parts.date}T${parts.time}:00+08:00`);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString();
}

/**
 * "已报名 12/50 · 候补 3 · 签到 9": the organiser's counts of an event, in the words members read on the
 * card (`seatsText`), with the waitlist and check-ins.
 */
export function countsLabel(
  event: Pick<EventSummary, 'registered' | 'capacity' | 'waitlisted'> & {
    attended?: number;
  },
): string {
  const parts = [seatsText(event.capacity, event.registered)];
  if (event.waitlisted > 0) parts.push(`候补 ${event.waitlisted}`);
  if (event.attended !== undefined) parts.push(`签到 ${event.attended}`);
  return parts.join(' · ');
}
