/**
 * Shared by the circulation admin pages (借还台, 逾期, 预约, 借阅规则); their dates are utils/circulation.ts'
 * (`dayLabel`, `momentLabel`), their lists utils/paging.ts.
 */

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
