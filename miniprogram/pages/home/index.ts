/**
 * 首页: greeting, 扫码借书 (behaviors/scan-borrow.ts: scan a copy, see the book, confirm), shortcuts, the
 * member's current loans at a glance (refreshed on every show). A new user is sent to registration once.
 */
import type { Member } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { scanBorrowBehavior } from '../../behaviors/scan-borrow';
import { sessionBehavior } from '../../behaviors/session';
import { circulationApi } from '../../services/circulation';
import { circulationOptions } from '../../services/consent';
import { ready } from '../../stores/session';
import { loanView, type LoanView } from '../../utils/circulation';
import { tell } from '../../utils/dialogs';
import { go, ROUTES, type Route } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

const SHORTCUTS: { label: string; hint: string; icon: string; route: Route }[] = [
  { label: '找书', hint: '馆藏检索', icon: 'search', route: ROUTES.catalogue },
  { label: '活动', hint: '报名签到', icon: 'calendar-o', route: ROUTES.events },
  { label: '借书码', hint: '服务台出示', icon: 'qr', route: ROUTES.me },
];

/** A new user lands on registration on their first visit of this launch, not every time. */
let sentToRegistration = false;

/** The loans 我的阅读 sums up: how many, and the one due first. */
interface ReadingSummary {
  state: 'loading' | 'ready' | 'error';
  count: number;
  /** More than one page of current loans (the count is a lower bound). */
  more: boolean;
  next: LoanView | null;
}

const READING_LOADING: ReadingSummary = { state: 'loading', count: 0, more: false, next: null };

Component({
  behaviors: [pageBehavior, scanBorrowBehavior, sessionBehavior((session) => ({ member: session.member }))],
  data: {
    member: null as Member | null,
    shortcuts: SHORTCUTS,
    reading: READING_LOADING,
  },
  methods: {
    async onLoad() {
      const session = await this.showSession(ready());
      if (session && !session.member && !sentToRegistration) {
        sentToRegistration = true;
        go(ROUTES.register);
      }
      void this.loadReading();
    },

    onShow() {
      if (this.data.state === 'ready') void this.loadReading();
    },

    /** 我的阅读: the active member's current loans (myLoans answers them first). */
    async loadReading() {
      const { member } = this.data;
      if (!member || member.status !== 'active') return;
      const res = await circulationApi.myLoans(1, 20);
      if (!res.ok) {
        this.setData({ 'reading.state': 'error' });
        return;
      }
      const now = new Date();
      const current = res.data.items.filter((loan) => loan.status === 'active');
      const first = current.reduce<(typeof current)[number] | null>(
        (soonest, loan) => (!soonest || loan.dueAt < soonest.dueAt ? loan : soonest),
        null,
      );
      const reading: ReadingSummary = {
        state: 'ready',
        count: current.length,
        more: res.data.hasMore && current.length === res.data.items.length,
        next: first ? loanView(first, now) : null,
      };
      this.setData({ reading });
    },

    /** 扫码借书: the camera, unless the reading room lends at the desk only. */
    async onScanBorrow() {
      const options = await circulationOptions();
      if (options && !options.selfServiceBorrow) {
        tell('请到服务台借书', '书屋暂未开放自助借书。请带上“我的”页的借书码，到服务台借阅。');
        return;
      }
      await this.scanToBorrow();
    },

    afterBorrow() {
      void this.loadReading();
    },

    goLoans() {
      go(ROUTES.loans);
    },

    goRegister() {
      go(ROUTES.register);
    },

    onShortcut(e: DatasetEvent<{ route: Route }>) {
      go(e.currentTarget.dataset.route);
    },
  },
});
