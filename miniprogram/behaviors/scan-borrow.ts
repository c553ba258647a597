/**
 * Scan to borrow, shared by 首页 (扫码借书) and the book page (扫码借阅): the camera reads a copy's barcode,
 * `catalogue.copy` shows which book it is, the member confirms, consent to the loan's reminders is asked
 * inside that tap, and `circulation.borrow` lends the copy with a requestId chosen once per scanned copy, so
 * a retry after a lost answer lends nothing twice. The page renders
 * `<borrow-confirm sheet="{{ borrowSheet }}" bind:confirm="onBorrowConfirm" bind:close="onBorrowClose"
 * bind:rescan="onBorrowRescan" bind:loans="onBorrowLoans" />` and may define `afterBorrow(loan)`.
 */
import type { LoanItem } from '../../typings/index';
import { catalogueApi } from '../services/catalogue';
import { circulationApi } from '../services/circulation';
import { askReminders, LOAN_REMINDERS, prepareReminders } from '../services/consent';
import { looksLikeIsbn } from '../shared/isbn';
import { chineseDate, dueInfo } from '../utils/circulation';
import { newRequestId } from '../utils/request-id';
import { go, ROUTES } from '../utils/routes';
import { scanBarcode } from '../utils/scan';

export type BorrowStep = 'finding' | 'confirm' | 'borrowing' | 'done' | 'failed';

/** What the sheet shows (components/borrow-confirm). */
export interface BorrowSheet {
  step: BorrowStep;
  barcode: string;
  title: string;
  author: string;
  location: string;
  /** The copy belongs to another book than the page's. */
  otherBook: boolean;
  dueText: string;
  dueLabel: string;
  /** Failed: the heading and the reason. */
  heading: string;
  message: string;
  /** Failed without an answer (network): 重试 sends the same request again. */
  canRetry: boolean;
}

function sheet(fields: Partial<BorrowSheet> & Pick<BorrowSheet, 'step' | 'barcode'>): BorrowSheet {
  return {
    title: '',
    author: '',
    location: '',
    otherBook: false,
    dueText: '',
    dueLabel: '',
    heading: '',
    message: '',
    canRetry: false,
    ...fields,
  };
}

/** One scanned copy: its barcode and the request key of its borrow. */
interface Attempt {
  barcode: string;
  requestId: string;
}

const attempts = new WeakMap<object, Attempt>();
/** The book the page is about, if any (a copy of another book is pointed out). */
const expectedBooks = new WeakMap<object, string>();

/** Why a scanned code opens no copy, in words that say what to scan instead. */
function notFoundMessage(code: string): string {
  if (looksLikeIsbn(code))
    return '扫到的是图书的 ISBN 条码。请扫描贴在书上的书屋馆藏条码（通常在封底或书名页），或到服务台借阅。';
  return `没有找到条码 ${code} 对应的图书。请扫描贴在书上的书屋馆藏条码，或到服务台借阅。`;
}

export const scanBorrowBehavior = Behavior({
  data: { borrowSheet: null as BorrowSheet | null },
  lifetimes: {
    attached() {
      prepareReminders();
    },
  },
  methods: {
    /** Opens the camera; `expectedBookId` is the book the page shows (a copy of another one is pointed out). */
    async scanToBorrow(expectedBookId = '') {
      expectedBooks.set(this, expectedBookId);
      const barcode = await scanBarcode();
      if (barcode) await this.showScannedCopy(barcode);
    },

    /** Looks the scanned copy up and asks the member to confirm. */
    async showScannedCopy(barcode: string) {
      const expectedBookId = expectedBooks.get(this) ?? '';
      attempts.delete(this);
      this.setData({ borrowSheet: sheet({ step: 'finding', barcode }) });
      const res = await catalogueApi.copy(barcode);
      if (!res.ok) {
        this.setData({
          borrowSheet: sheet({
            step: 'failed',
            barcode,
            heading: res.error.code === 'NOT_FOUND' ? '没有找到这本书' : '没有查到这本书',
            message: res.error.code === 'NOT_FOUND' ? notFoundMessage(barcode) : res.error.message,
          }),
        });
        return;
      }
      const { copy, book } = res.data;
      attempts.set(this, { barcode: copy.barcode, requestId: newRequestId() });
      this.setData({
        borrowSheet: sheet({
          step: 'confirm',
          barcode: copy.barcode,
          title: book.title,
          author: book.author,
          location: copy.location,
          otherBook: Boolean(expectedBookId) && copy.bookId !== expectedBookId,
        }),
      });
    },

    /** 确认借阅 (and 重试): consent first, inside the tap, then the borrow with the attempt's request key. */
    onBorrowConfirm() {
      const attempt = attempts.get(this);
      const current = this.data.borrowSheet;
      if (!attempt || !current || (current.step !== 'confirm' && !current.canRetry)) return;
      const asking = askReminders(LOAN_REMINDERS);
      this.setData({ borrowSheet: { ...current, step: 'borrowing', canRetry: false } });
      void asking.then(() => this.borrowCopy(attempt, current));
    },

    async borrowCopy(attempt: Attempt, shown: BorrowSheet) {
      const res = await circulationApi.borrow({ barcode: attempt.barcode, requestId: attempt.requestId });
      if (!res.ok) {
        const lost = res.error.code === 'INTERNAL';
        this.setData({
          borrowSheet: {
            ...shown,
            step: 'failed',
            heading: lost ? '借阅结果未确认' : '没有借成',
            message: lost ? `${res.error.message}。点“重试”不会重复借阅。` : res.error.message,
            canRetry: lost,
          },
        });
        return;
      }
      const loan: LoanItem = res.data.loan;
      const due = dueInfo(loan.dueAt, new Date(), loan.overdue);
      this.setData({
        borrowSheet: {
          ...shown,
          step: 'done',
          title: loan.title,
          dueText: chineseDate(loan.dueAt),
          dueLabel: due.label,
        },
      });
      wx.showToast({ title: '借阅成功', icon: 'success' });
      const page = this as unknown as { afterBorrow?: (loan: LoanItem) => void };
      page.afterBorrow?.(loan);
    },

    onBorrowClose() {
      const current = this.data.borrowSheet;
      if (current && current.step === 'borrowing') return; // the answer is on its way
      this.setData({ borrowSheet: null });
    },

    onBorrowRescan() {
      this.setData({ borrowSheet: null });
      void this.scanToBorrow(expectedBooks.get(this) ?? '');
    },

    onBorrowLoans() {
      this.setData({ borrowSheet: null });
      go(ROUTES.loans);
    },
  },
});
