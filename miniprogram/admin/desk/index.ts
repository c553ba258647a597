/**
 * 借还台 (librarians, admins): two modes.
 * 借出: scan (or type) the member code from the member's 我的 page, see the member (rule, loans, holds waiting
 * for them, suspension), then scan copies one after another; each result joins the list. A copy scanned once
 * carries one requestId, so a retry never lends twice. Over the limit (or in a borrowing suspension) the
 * librarian may lend anyway with a reason (`override`, logged with who).
 * 归还: scan copies one after another; each shows the book, the member, days late, a suspension earned, and
 * — highlighted, and the camera stops — the member whose hold the copy now fills.
 */
import type { ApiError, DeskMember, LendRequest, LoanItem, ReturnResult } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { circulationApi } from '../../services/circulation';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { STATUS_LABELS, STATUS_TAG_TYPES } from '../../utils/labels';
import { librarianAccess } from '../shared/access';
import { newRequestId } from '../shared/catalogue';
import { dayLabel } from '../../utils/circulation';
import { readBarcode, readMemberCode } from '../shared/circulation';

type Mode = 'lend' | 'return';
type RowStatus = 'pending' | 'ok' | 'error';

/** Pause between two scans, so the librarian sees the result before the camera opens again. */
const NEXT_SCAN_MS = 600;

interface LoanRow {
  _id: string;
  title: string;
  barcode: string;
  dueLabel: string;
  overdue: boolean;
}

interface MemberView {
  name: string;
  branchName: string;
  category: string;
  status: string;
  statusLabel: string;
  statusType: string;
  ruleLabel: string;
  countLabel: string;
  atLimit: boolean;
  loans: LoanRow[];
  readyHolds: { _id: string; title: string; barcode: string; untilLabel: string }[];
  suspendedLabel: string;
}

/** One scanned copy at the desk and what came of it. */
interface Row {
  key: number;
  barcode: string;
  status: RowStatus;
  title: string;
  /** 借出: the request key sent with every try of this scan. */
  requestId: string;
  dueLabel: string;
  message: string;
  /** 借出 refused for the limit or a suspension: 超限借出 is offered. */
  canOverride: boolean;
  overrideReason: string;
  /** A transport failure: the same request may be sent again. */
  canRetry: boolean;
  // 归还
  memberName: string;
  daysLate: number;
  suspendedLabel: string;
  holdFor: string;
  holdUntilLabel: string;
}

function newRow(key: number, barcode: string): Row {
  return {
    key,
    barcode,
    status: 'pending',
    title: '',
    requestId: newRequestId(),
    dueLabel: '',
    message: '',
    canOverride: false,
    overrideReason: '',
    canRetry: false,
    memberName: '',
    daysLate: 0,
    suspendedLabel: '',
    holdFor: '',
    holdUntilLabel: '',
  };
}

function loanRow(loan: LoanItem): LoanRow {
  return {
    _id: loan._id,
    title: loan.title,
    barcode: loan.barcode,
    dueLabel: dayLabel(loan.dueAt),
    overdue: loan.overdue,
  };
}

function memberView(m: DeskMember): MemberView {
  const status = m.status as keyof typeof STATUS_LABELS;
  return {
    name: m.name,
    branchName: m.branchName,
    category: m.category,
    status: m.status,
    statusLabel: STATUS_LABELS[status] ?? m.status,
    statusType: STATUS_TAG_TYPES[status] ?? 'primary',
    ruleLabel: `可借 ${m.rule.maxLoans} 本 · 借期 ${m.rule.loanDays} 天 · 可续借 ${m.rule.renewals} 次`,
    countLabel: `在借 ${m.loans.length} / ${m.rule.maxLoans} 本`,
    atLimit: m.loans.length >= m.rule.maxLoans,
    loans: m.loans.map(loanRow),
    readyHolds: m.readyHolds.map((h) => ({
      _id: h._id,
      title: h.title,
      barcode: h.barcode ?? '',
      untilLabel: dayLabel(h.readyUntil),
    })),
    suspendedLabel: m.borrowingSuspendedUntil ? dayLabel(m.borrowingSuspendedUntil) : '',
  };
}

function lentRow(row: Row, loan: LoanItem): Row {
  return {
    ...row,
    status: 'ok',
    title: loan.title,
    dueLabel: dayLabel(loan.dueAt),
    message: '',
    canOverride: false,
    canRetry: false,
  };
}

function returnedRow(row: Row, res: ReturnResult): Row {
  return {
    ...row,
    status: 'ok',
    title: res.loan.title,
    memberName: res.loan.memberName,
    daysLate: res.daysLate,
    suspendedLabel: res.suspendedUntil ? dayLabel(res.suspendedUntil) : '',
    holdFor: res.hold ? res.hold.memberName : '',
    holdUntilLabel: res.hold ? dayLabel(res.hold.readyUntil) : '',
    message: '',
    canRetry: false,
  };
}

function failedRow(row: Row, error: ApiError, overridable: boolean): Row {
  return {
    ...row,
    status: 'error',
    message: error.message,
    canOverride: overridable,
    canRetry: error.code === 'INTERNAL',
  };
}

Component({
  behaviors: [pageBehavior, librarianAccess],
  data: {
    mode: 'lend' as Mode,
    nextKey: 1,
    // 借出: the member
    typedMember: '',
    memberError: '',
    memberLoading: false,
    memberCode: '',
    member: null as MemberView | null,
    typedLend: '',
    lendError: '',
    lendRows: [] as Row[],
    lentCount: 0,
    // 超限借出
    overrideKey: 0,
    overrideTitle: '',
    /** The refusal being overridden, as the cloud worded it. */
    overrideMessage: '',
    overrideReason: '',
    overrideError: '',
    overrideRequestId: '',
    // 归还
    typedReturn: '',
    returnError: '',
    returnRows: [] as Row[],
    returnedCount: 0,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      if (query.mode === 'return') this.setData({ mode: 'return' });
      await this.admit();
    },

    onMode(e: DatasetEvent<{ mode: Mode }>) {
      this.setData({ mode: e.currentTarget.dataset.mode });
    },

    /** Opens the camera; `onCode` gets what it read. A cancel says nothing, a failure asks to retry. */
    scan(onCode: (code: string) => void) {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode', 'barCode'],
        success: (res) => onCode(res.result),
        fail: (err) => {
          if (!/cancel/.test(err.errMsg)) wx.showToast({ title: '没有识别到，请对准后重试', icon: 'none' });
        },
      });
    },

    // ——— 借出: the member ———

    onScanMember() {
      this.scan((code) => void this.findMember(code));
    },

    onTypedMember(e: ValueEvent<string>) {
      this.setData({ typedMember: e.detail, memberError: '' });
    },

    onFindTypedMember() {
      void this.findMember(this.data.typedMember);
    },

    async findMember(raw: string) {
      const { memberCode, error } = readMemberCode(raw);
      if (error) {
        this.setData({ memberError: error });
        return;
      }
      this.setData({ memberLoading: true, memberError: '' });
      const res = await circulationApi.deskMember(memberCode);
      this.setData({ memberLoading: false });
      if (!res.ok) {
        this.setData({ memberError: res.error.message });
        return;
      }
      this.setData({
        memberCode,
        member: memberView(res.data),
        typedMember: '',
        lendRows: [],
        lentCount: 0,
      });
    },

    /** After a loan: the member's loans and count as the cloud now has them. */
    async refreshMember() {
      const { memberCode } = this.data;
      if (!memberCode) return;
      const res = await circulationApi.deskMember(memberCode);
      if (res.ok && this.data.memberCode === memberCode) this.setData({ member: memberView(res.data) });
    },

    onChangeMember() {
      this.setData({
        member: null,
        memberCode: '',
        lendRows: [],
        lentCount: 0,
        memberError: '',
        lendError: '',
      });
    },

    // ——— 借出: the copies ———

    onScanLend() {
      this.scan((code) => {
        void this.lendBarcode(code).then((lent) => {
          if (lent) setTimeout(() => this.onScanLend(), NEXT_SCAN_MS);
        });
      });
    },

    onTypedLend(e: ValueEvent<string>) {
      this.setData({ typedLend: e.detail, lendError: '' });
    },

    /** The typed label is sent and the field cleared for the next (the result row keeps the label). */
    async onLendTyped() {
      const typed = this.data.typedLend;
      if (!readBarcode(typed).error) this.setData({ typedLend: '' });
      await this.lendBarcode(typed);
    },

    /** Lends one scanned copy to the member on screen; answers whether it was lent. */
    async lendBarcode(raw: string): Promise<boolean> {
      const { barcode, error } = readBarcode(raw);
      if (error) {
        this.setData({ lendError: error });
        return false;
      }
      const key = this.data.nextKey;
      this.setData({
        nextKey: key + 1,
        lendError: '',
        lendRows: [newRow(key, barcode), ...this.data.lendRows],
      });
      return this.sendLend(key);
    },

    rowIndex(list: 'lendRows' | 'returnRows', key: number): number {
      return this.data[list].findIndex((r) => r.key === key);
    },

    putRow(list: 'lendRows' | 'returnRows', row: Row) {
      const index = this.rowIndex(list, row.key);
      if (index >= 0) this.setData({ [`${list}[${index}]`]: row });
    },

    /** Sends the row's lend (again, on retry, with the same requestId); `override` only with a reason. */
    async sendLend(key: number, override?: { reason: string; requestId: string }): Promise<boolean> {
      const row = this.data.lendRows[this.rowIndex('lendRows', key)];
      if (!row) return false;
      const pending: Row = { ...row, status: 'pending', message: '', canOverride: false, canRetry: false };
      if (override) {
        pending.requestId = override.requestId;
        pending.overrideReason = override.reason;
      }
      this.putRow('lendRows', pending);
      const req: LendRequest = {
        memberCode: this.data.memberCode,
        barcode: row.barcode,
        requestId: pending.requestId,
      };
      if (pending.overrideReason) req.override = pending.overrideReason;
      const res = await circulationApi.lend(req);
      if (!res.ok) {
        const member = this.data.member;
        const overridable =
          !pending.overrideReason &&
          (res.error.code === 'RESOURCE_EXHAUSTED' ||
            (res.error.code === 'FORBIDDEN' &&
              !!member &&
              member.status === 'active' &&
              !!member.suspendedLabel));
        this.putRow('lendRows', failedRow(pending, res.error, overridable));
        return false;
      }
      this.putRow('lendRows', lentRow(pending, res.data.loan));
      this.setData({ lentCount: this.data.lentCount + 1 });
      void this.refreshMember();
      return true;
    },

    onRetryLend(e: DatasetEvent<{ key: number }>) {
      void this.sendLend(e.currentTarget.dataset.key);
    },

    onOverride(e: DatasetEvent<{ key: number }>) {
      const row = this.data.lendRows[this.rowIndex('lendRows', e.currentTarget.dataset.key)];
      if (!row) return;
      this.setData({
        overrideKey: row.key,
        overrideTitle: row.barcode,
        overrideMessage: row.message,
        overrideReason: '',
        overrideError: '',
        overrideRequestId: newRequestId(),
      });
    },

    onOverrideReason(e: ValueEvent<string>) {
      this.setData({ overrideReason: e.detail, overrideError: '' });
    },

    /** van-dialog (async-close) turns its button to loading after the handler: end that on the next tick. */
    stopDialogLoading() {
      const dialog = this.selectComponent('#override-dialog') as { stopLoading?: () => void } | null;
      setTimeout(() => dialog?.stopLoading?.(), 0);
    },

    async confirmOverride() {
      const reason = this.data.overrideReason.trim();
      if (reason.length < 2) {
        this.setData({ overrideError: '请写明超限借出的原因，如：主题党日集中学习用书' });
        this.stopDialogLoading();
        return;
      }
      const { overrideKey, overrideRequestId } = this.data;
      this.closeOverride();
      await this.sendLend(overrideKey, { reason, requestId: overrideRequestId });
    },

    closeOverride() {
      this.setData({ overrideKey: 0 });
    },

    // ——— 归还 ———

    onScanReturn() {
      this.scan((code) => {
        void this.returnBarcode(code).then((next) => {
          if (next) setTimeout(() => this.onScanReturn(), NEXT_SCAN_MS);
        });
      });
    },

    onTypedReturn(e: ValueEvent<string>) {
      this.setData({ typedReturn: e.detail, returnError: '' });
    },

    async onReturnTyped() {
      const typed = this.data.typedReturn;
      if (!readBarcode(typed).error) this.setData({ typedReturn: '' });
      await this.returnBarcode(typed);
    },

    /**
     * Returns one scanned copy; answers whether the next scan may follow at once (not after an error, nor
     * when the copy must go to the hold shelf: the librarian reads that first).
     */
    async returnBarcode(raw: string): Promise<boolean> {
      const { barcode, error } = readBarcode(raw);
      if (error) {
        this.setData({ returnError: error });
        return false;
      }
      const key = this.data.nextKey;
      this.setData({
        nextKey: key + 1,
        returnError: '',
        returnRows: [newRow(key, barcode), ...this.data.returnRows],
      });
      return this.sendReturn(key);
    },

    async sendReturn(key: number): Promise<boolean> {
      const row = this.data.returnRows[this.rowIndex('returnRows', key)];
      if (!row) return false;
      const pending: Row = { ...row, status: 'pending', message: '', canRetry: false };
      this.putRow('returnRows', pending);
      const res = await circulationApi.return(row.barcode);
      if (!res.ok) {
        this.putRow('returnRows', failedRow(pending, res.error, false));
        return false;
      }
      this.putRow('returnRows', returnedRow(pending, res.data));
      this.setData({ returnedCount: this.data.returnedCount + 1 });
      return !res.data.hold;
    },

    onRetryReturn(e: DatasetEvent<{ key: number }>) {
      void this.sendReturn(e.currentTarget.dataset.key);
    },
  },
});
