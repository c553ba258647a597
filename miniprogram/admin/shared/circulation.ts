/**
 * Shared by the circulation admin pages (借还台, 逾期, 预约, 借阅规则): dates as the desk reads
 * them, and the paged list the three lists use (first page, more on reaching the bottom, pull to refresh).
 */
import { chinaTime, chinaWeekday } from '../../shared/china-time';
import { chineseDate } from '../../utils/circulation';

/**
 * "11月30日 周一": the China calendar day (as due dates are counted, shared/china-time.ts), with the year
 * when it is not this year's; '' for a missing or bad date.
 */
export function dayLabel(iso: string | undefined): string {
  const date = iso ? chineseDate(iso) : '';
  if (!date) return '';
  return `${date} ${chinaWeekday(new Date(iso as string))}`;
}

/** "11月30日 14:05" (China time), for when something happened. */
export function momentLabel(iso: string | undefined): string {
  const date = iso ? chineseDate(iso) : '';
  return date ? `${date} ${chinaTime(new Date(iso as string))}` : '';
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
