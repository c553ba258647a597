/**
 * How loans and holds read to a member (我的借阅, 我的预约, the book page, 首页): dates in Chinese, days left
 * or days overdue in China calendar days (a due date is the end of a China day: shared/china-time.ts),
 * statuses in words. Pure functions of the item and `now`, so any moment can be shown (and tested) without
 * moving a clock.
 */
import type { HoldItem, HoldStatus, LoanItem } from '../../typings/index';
import { chinaDay, chinaDaysBetween, chinaTime, chinaWeekday } from '../shared/china-time';

/** ok: plenty of time; soon: due within DUE_SOON_DAYS (orange); overdue: past the due date (red). */
export type DueTone = 'ok' | 'soon' | 'overdue';

/** Due in this many days or fewer reads as "soon" (the due-soon reminder is sent two days before). */
export const DUE_SOON_DAYS = 3;

/** The instant of an ISO 8601 string; null for a bad one. */
export function validDate(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** China calendar days from `from` to `to` (positive when `to` is later). */
export function calendarDays(from: Date | string, to: Date | string): number {
  return chinaDaysBetween(new Date(from), new Date(to));
}

/** "11月22日" (China day), with the year when it is not this year ("2027年1月3日"); '' for a bad date. */
export function chineseDate(iso: string, now: Date = new Date()): string {
  const d = validDate(iso);
  if (!d) return '';
  const [year, month, day] = chinaDay(d).split('-').map(Number);
  const md = `${month}月${day}日`;
  return chinaDay(now).slice(0, 4) === String(year) ? md : `${year}年${md}`;
}

/**
 * "11月30日 周一": the China calendar day (as due dates are counted, shared/china-time.ts), with the year
 * when it is not this year's; '' for a missing or bad date.
 */
export function dayLabel(iso: string | undefined, now: Date = new Date()): string {
  const d = iso ? validDate(iso) : null;
  return d ? `${chineseDate(iso as string, now)} ${chinaWeekday(d)}` : '';
}

/** "11月30日 14:05" (China time), for when something happened; '' for a missing or bad date. */
export function momentLabel(iso: string | undefined, now: Date = new Date()): string {
  const d = iso ? validDate(iso) : null;
  return d ? `${chineseDate(iso as string, now)} ${chinaTime(d)}` : '';
}

export interface DueInfo {
  /** Calendar days until the due date (negative: overdue by that many). */
  daysLeft: number;
  overdue: boolean;
  tone: DueTone;
  /** 还剩 N 天 / 今天到期 / 逾期 N 天. */
  label: string;
}

/**
 * Where a due date stands at `now`. `overdue` is the server's word (it owns the clock of the rules): when it
 * says overdue while the phone's calendar still shows the due day, the loan reads 已逾期.
 */
export function dueInfo(dueAt: string, now: Date = new Date(), overdue?: boolean): DueInfo {
  const daysLeft = calendarDays(now, dueAt);
  const isOverdue = overdue ?? daysLeft < 0;
  if (isOverdue || daysLeft < 0) {
    return {
      daysLeft,
      overdue: true,
      tone: 'overdue',
      label: daysLeft < 0 ? `逾期 ${-daysLeft} 天` : '已逾期',
    };
  }
  return {
    daysLeft,
    overdue: false,
    tone: daysLeft <= DUE_SOON_DAYS ? 'soon' : 'ok',
    label: daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天`,
  };
}

export interface LoanView extends LoanItem {
  borrowedText: string;
  dueText: string;
  /** 还剩 N 天 / 今天到期 / 逾期 N 天 (current loans). */
  dueLabel: string;
  tone: DueTone;
  /** 未续借 / 已续借 N 次. */
  renewalsText: string;
  returnedText: string;
}

export function loanView(item: LoanItem, now: Date = new Date()): LoanView {
  const due = dueInfo(item.dueAt, now, item.status === 'active' ? item.overdue : false);
  return {
    ...item,
    borrowedText: chineseDate(item.borrowedAt, now),
    dueText: chineseDate(item.dueAt, now),
    dueLabel: item.status === 'active' ? due.label : '',
    tone: item.status === 'active' ? due.tone : 'ok',
    renewalsText: item.renewals > 0 ? `已续借 ${item.renewals} 次` : '未续借',
    returnedText: item.returnedAt ? chineseDate(item.returnedAt, now) : '',
  };
}

export const HOLD_STATUS_LABELS: Record<HoldStatus, string> = {
  waiting: '排队中',
  ready: '待取',
  fulfilled: '已借到',
  expired: '逾期未取',
  cancelled: '已取消',
};

/** Whether a hold is still open (in the queue, or a copy waiting on the hold shelf). */
export function isOpenHold(hold: Pick<HoldItem, 'status'>): boolean {
  return hold.status === 'waiting' || hold.status === 'ready';
}

export interface HoldView extends HoldItem {
  statusLabel: string;
  /** 排在第 N 位 (waiting). */
  positionText: string;
  /** 请于 X 前到书屋取书 (ready). */
  pickupText: string;
  placedText: string;
}

export function holdView(item: HoldItem, now: Date = new Date()): HoldView {
  return {
    ...item,
    statusLabel: HOLD_STATUS_LABELS[item.status],
    positionText: item.status === 'waiting' && item.position ? `排在第 ${item.position} 位` : '',
    pickupText:
      item.status === 'ready' && item.readyUntil
        ? `请于 ${chineseDate(item.readyUntil, now)}（含当天）前到书屋取书`
        : '',
    placedText: chineseDate(item.placedAt, now),
  };
}
