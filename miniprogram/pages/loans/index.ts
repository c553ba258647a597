/**
 * 我的借阅: current loans (due date and days left, 逾期 N 天 in red, renewals used, 续借 when the rules
 * allow it, else why not), then the history, paged on reaching the bottom; pull-to-refresh. `myLoans`
 * answers current loans first, so each page splits into the two lists.
 */
import type { LoanItem } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { reminderOfferBehavior } from '../../behaviors/reminder-offer';
import { LOAN_REMINDERS } from '../../services/consent';
import { circulationApi } from '../../services/circulation';
import { loanView, type LoanView } from '../../utils/circulation';
import { confirm, tell } from '../../utils/dialogs';
import { newRequestId } from '../../utils/request-id';
import { go, ROUTES } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

const PAGE_SIZE = 20;

/** register: the cloud does not know this WeChat user as a member yet. */
type LoadState = 'loading' | 'ready' | 'error' | 'register';

/** Number of the latest first-page load per page: an older answer arriving late is dropped. */
const loads = new WeakMap<object, number>();

/**
 * One request id per renewal the member asks for (the loan as they saw it: its id and renewals so far),
 * kept until an answer comes: a 续借 tapped again after a lost answer renews nothing twice.
 */
const renewRequests = new Map<string, string>();

const renewKey = (loan: { _id: string; renewals: number }) => `${loan._id}:${loan.renewals}`;

function renewRequestId(loan: { _id: string; renewals: number }): string {
  const id = renewRequests.get(renewKey(loan)) ?? newRequestId();
  renewRequests.set(renewKey(loan), id);
  return id;
}

Component({
  behaviors: [pageBehavior, reminderOfferBehavior(LOAN_REMINDERS)],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    current: [] as LoanView[],
    history: [] as LoanView[],
    page: 1,
    hasMore: false,
    loadingMore: false,
    moreError: false,
    /** The loan being renewed (its button shows a spinner). */
    renewing: '',
  },
  methods: {
    onLoad() {
      void this.load(true);
    },

    onPullDownRefresh() {
      void this.load(this.data.state !== 'ready').then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      const { hasMore, loadingMore, state } = this.data;
      if (hasMore && !loadingMore && state === 'ready') void this.loadMore();
    },

    reload() {
      void this.load(true);
    },

    /** The first page; with `showLoading` false the lists stay until the answer (pull-down). */
    async load(showLoading: boolean) {
      const request = (loads.get(this) ?? 0) + 1;
      loads.set(this, request);
      if (showLoading) this.setData({ state: 'loading' });
      const res = await circulationApi.myLoans(1, PAGE_SIZE);
      if (loads.get(this) !== request) return;
      if (!res.ok) {
        if (res.error.code === 'UNAUTHENTICATED') this.setData({ state: 'register' });
        else if (this.data.state === 'ready') wx.showToast({ title: res.error.message, icon: 'none' });
        else this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      const now = new Date();
      const views = res.data.items.map((item) => loanView(item, now));
      this.setData({
        state: 'ready',
        current: views.filter((loan) => loan.status === 'active'),
        history: views.filter((loan) => loan.status !== 'active'),
        page: 1,
        hasMore: res.data.hasMore,
        loadingMore: false,
        moreError: false,
      });
      if (views.some((loan) => loan.status === 'active')) void this.loadReminderOffer();
    },

    /** The next page: appended by path, so only the new rows travel to the view. */
    async loadMore() {
      const request = loads.get(this) ?? 0;
      const page = this.data.page + 1;
      this.setData({ loadingMore: true, moreError: false });
      const res = await circulationApi.myLoans(page, PAGE_SIZE);
      if (loads.get(this) !== request) return;
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: true });
        return;
      }
      const now = new Date();
      const known = new Set(this.data.current.concat(this.data.history).map((loan) => loan._id));
      const update: Record<string, unknown> = { page, hasMore: res.data.hasMore, loadingMore: false };
      let current = this.data.current.length;
      let history = this.data.history.length;
      for (const item of res.data.items) {
        if (known.has(item._id)) continue; // a loan returned meanwhile moved down a page
        const view = loanView(item, now);
        if (view.status === 'active') update[`current[${current++}]`] = view;
        else update[`history[${history++}]`] = view;
      }
      this.setData(update);
    },

    retryMore() {
      void this.loadMore();
    },

    async onRenew(e: DatasetEvent<{ index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      const loan = this.data.current[index];
      if (!loan || this.data.renewing) return;
      const ok = await confirm(
        '续借这本书？',
        `《${loan.title}》现在应还 ${loan.dueText}。续借后应还日期会延后，续借次数用一次。`,
        '续借',
        false,
      );
      if (!ok) return;
      this.setData({ renewing: loan._id });
      const requestId = renewRequestId(loan);
      const res = await circulationApi.renew(loan._id, requestId);
      this.setData({ renewing: '' });
      // kept only when no answer came (the renewal may have happened): the next tap sends the same id
      if (res.ok || res.error.code !== 'INTERNAL') renewRequests.delete(renewKey(loan));
      if (!res.ok) {
        tell('没有续借成功', res.error.message);
        void this.refreshLoan(index, loan._id);
        return;
      }
      const renewed = loanView(res.data.loan);
      if (this.data.current[index]?._id === loan._id) this.setData({ [`current[${index}]`]: renewed });
      wx.showToast({ title: `续借成功，应还 ${renewed.dueText}`, icon: 'none' });
    },

    /** After a refused renewal: the row shows the server's view of the loan (the reason, the count). */
    async refreshLoan(index: number, loanId: string) {
      const res = await circulationApi.myLoans(1, PAGE_SIZE);
      if (!res.ok) return;
      const item: LoanItem | undefined = res.data.items.find((loan) => loan._id === loanId);
      if (item && this.data.current[index]?._id === loanId)
        this.setData({ [`current[${index}]`]: loanView(item) });
    },

    openBook(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.book, { id: e.currentTarget.dataset.id });
    },

    goCatalogue() {
      go(ROUTES.catalogue);
    },

    goRegister() {
      go(ROUTES.register);
    },
  },
});
