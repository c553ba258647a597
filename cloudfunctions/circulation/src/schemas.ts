/** Input schemas of the circulation actions (zod): limits and Chinese messages in one place. */
import { z } from 'zod';
import { id, pageNumber, pageSize, requestId, text } from '../../_shared/validation';
import { barcode } from '../../catalogue/src/schemas';

/** A member code as 我的 shows it (M + 11 characters); scanners may send it in lower case. */
export const memberCode = z
  .string({ error: '读者码必须是文字' })
  .max(100, { error: '读者码格式不正确' })
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^[A-Z0-9]{4,32}$/.test(s), { error: '读者码格式不正确' });

export const borrowInput = z.object({ barcode, requestId: requestId.optional() });

export const lendInput = z.object({
  memberCode,
  barcode,
  requestId: requestId.optional(),
  override: text('超限借出原因', 100).optional(),
});

export const barcodeInput = z.object({ barcode });
export const renewInput = z.object({ loanId: id('借阅编号'), requestId: requestId.optional() });
export const bookIdInput = z.object({ bookId: id('图书编号') });
export const holdIdInput = z.object({ holdId: id('预约编号') });
export const memberCodeInput = z.object({ memberCode });
export const cancelHoldForInput = z.object({ holdId: id('预约编号'), reason: text('取消原因', 100) });
export const pageInput = z.object({ page: pageNumber(), pageSize: pageSize(50, 20) });
export const nothing = z.object({});
