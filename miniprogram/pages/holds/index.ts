/**
 * 我的预约: open holds (waiting: 排在第 N 位; ready: 请于 X 前到书屋取书 with the barcode of the copy set
 * aside), cancel with a confirmation; the recent ended holds below. Pull-to-refresh.
 */
import { pageBehavior } from '../../behaviors/page';
import { reminderOfferBehavior } from '../../behaviors/reminder-offer';
import { HOLD_REMINDERS } from '../../services/consent';
import { circulationApi } from '../../services/circulation';
import { holdView, isOpenHold, type HoldView } from '../../utils/circulation';
import { confirm, tell } from '../../utils/dialogs';
import { go, ROUTES } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

type LoadState = 'loading' | 'ready' | 'error' | 'register';

Component({
  behaviors: [pageBehavior, reminderOfferBehavior(HOLD_REMINDERS)],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    open: [] as HoldView[],
    ended: [] as HoldView[],
    /** The hold being cancelled (its button shows a spinner). */
    cancelling: '',
  },
  methods: {
    onLoad() {
      void this.load(true);
    },

    onPullDownRefresh() {
      void this.load(this.data.state !== 'ready').then(() => wx.stopPullDownRefresh());
    },

    reload() {
      void this.load(true);
    },

    async load(showLoading: boolean) {
      if (showLoading) this.setData({ state: 'loading' });
      const res = await circulationApi.myHolds();
      if (!res.ok) {
        if (res.error.code === 'UNAUTHENTICATED') this.setData({ state: 'register' });
        else if (this.data.state === 'ready') wx.showToast({ title: res.error.message, icon: 'none' });
        else this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      const now = new Date();
      const views = res.data.items.map((item) => holdView(item, now));
      this.setData({
        state: 'ready',
        // ready first: a copy is waiting on the shelf for the member
        open: views
          .filter(isOpenHold)
          .sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready')),
        ended: views.filter((hold) => !isOpenHold(hold)),
      });
      if (views.some(isOpenHold)) void this.loadReminderOffer();
    },

    async onCancel(e: DatasetEvent<{ index: number }>) {
      const hold = this.data.open[Number(e.currentTarget.dataset.index)];
      if (!hold || this.data.cancelling) return;
      const ok = await confirm(
        '取消这个预约？',
        hold.status === 'ready'
          ? `为你留着的《${hold.title}》会让给下一位读者。`
          : `《${hold.title}》的排队位置会失去，再预约要重新排队。`,
        '取消预约',
      );
      if (!ok) return;
      this.setData({ cancelling: hold._id });
      const res = await circulationApi.cancelHold(hold._id);
      this.setData({ cancelling: '' });
      if (!res.ok) {
        tell('没有取消成功', res.error.message);
        return;
      }
      wx.showToast({ title: '已取消预约', icon: 'none' });
      await this.load(false);
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
