/**
 * Shared by the circulation admin pages (借还台, 逾期, 预约, 借阅规则): dates as the desk reads
 * them, and the paged list the three lists use (first page, more on reaching the bottom, pull to refresh).
 */
import type { ApiResult, Page } from '../../../typings/index';
import { chinaDay, chinaTime } from '../../shared/china-time';
import { chineseDate } from '../../utils/circulation';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/**
 * "11月30日 周一": the China calendar day (as due dates are counted, shared/china-time.ts), with the year
 * when it is not this year's; '' for a missing or bad date.
 */
export function dayLabel(iso: string | undefined): string {
  const date = iso ? chineseDate(iso) : '';
  if (!date) return '';
  const weekday = new Date(`${chinaDay(new Date(iso as string))}T00:00:00Z`).getUTCDay();
  return `${date} ${WEEKDAYS[weekday]}`;
}

/** "11月30日 14:05" (China time), for when something happened. */
export function momentLabel(iso: string | undefined): string {
  const date = iso ? chineseDate(iso) : '';
  return date ? `${date} ${chinaTime(new Date(iso as string))}` : '';
}

export type ListState = 'loading' | 'ready' | 'error';

/** What a paged list keeps in its page data. */
export interface PagedData<Row> {
  listState: ListState;
  listError: string;
  items: Row[];
  page: number;
  hasMore: boolean;
  loadingMore: boolean;
}

export function pagedData<Row>(): PagedData<Row> {
  return { listState: 'loading', listError: '', items: [], page: 0, hasMore: false, loadingMore: false };
}

interface ListPage<Row> {
  data: PagedData<Row>;
  setData(data: Partial<PagedData<Row>>): void;
}

export const PAGE_SIZE = 20;

/**
 * Loads the first page (`reset`) or the next one into `items`, mapping each item with `toRow`. `isCurrent`
 * answers false when a newer load started meanwhile (a tab change): the stale answer is dropped.
 */
export async function loadPaged<Item, Row>(
  page: ListPage<Row>,
  reset: boolean,
  fetch: (pageNo: number) => Promise<ApiResult<Page<Item>>>,
  toRow: (item: Item) => Row,
  isCurrent: () => boolean = () => true,
): Promise<void> {
  const pageNo = reset ? 1 : page.data.page + 1;
  if (reset) page.setData({ listState: 'loading' });
  else page.setData({ loadingMore: true });
  const res = await fetch(pageNo);
  if (!isCurrent()) return;
  if (!res.ok) {
    if (reset) page.setData({ listState: 'error', listError: res.error.message });
    else {
      page.setData({ loadingMore: false });
      wx.showToast({ title: res.error.message, icon: 'none' });
    }
    return;
  }
  const rows = res.data.items.map(toRow);
  page.setData({
    listState: 'ready',
    loadingMore: false,
    page: pageNo,
    hasMore: res.data.hasMore,
    items: reset ? rows : page.data.items.concat(rows),
  });
}

/** Whether the bottom of the list may load the next page now. */
export function canLoadMore<Row>(data: PagedData<Row>): boolean {
  return data.hasMore && !data.loadingMore && data.listState === 'ready';
}

/** A copy label as the catalogue stores it (cloudfunctions/catalogue: 4–32 letters, digits or `-`). */
const BARCODE = /^[A-Z0-9-]{4,32}$/;

/** The scanned or typed label, normalised; `error` says what is wrong with it. */
export function readBarcode(raw: string): { barcode: string; error: string } {
  const barcode = raw.trim().toUpperCase();
  if (!barcode) return { barcode, error: '请输入图书条码' };
  if (!BARCODE.test(barcode))
    return { barcode, error: `“${raw.trim()}”不是图书条码（4–32 位字母、数字或短横线）` };
  return { barcode, error: '' };
}

/** The member code from 我的 (a QR code, or typed from the text under it), normalised. */
export function readMemberCode(raw: string): { memberCode: string; error: string } {
  const memberCode = raw.trim().toUpperCase();
  if (!memberCode) return { memberCode, error: '请扫描或输入读者的借书码' };
  if (!/^[A-Z0-9]{6,32}$/.test(memberCode))
    return { memberCode, error: `“${raw.trim()}”不是借书码，请扫描读者“我的”页面上的二维码` };
  return { memberCode, error: '' };
}
