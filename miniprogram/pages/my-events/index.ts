/**
 * 我的活动: the caller's sign-ups as event cards with their standing (我已报名 / 候补第 N 位 / 已签到),
 * upcoming and ongoing first, then 往期 (as `mine` orders them), paged on reaching the bottom, pull to
 * refresh; refreshed when shown again (back from an event page where something changed).
 */
import type { EventSummary, MySignup } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import type { DatasetEvent } from '../../utils/events';
import { canLoadMore, listPage, loadPaged, pagedData, PAGE_SIZE } from '../../utils/paging';
import { eventCard, type EventCard } from '../../utils/room-events';
import { go, ROUTES } from '../../utils/routes';

interface MyEventRow extends EventCard {
  /** The first past event of the list: the 往期 heading goes above it. */
  pastHead: boolean;
}

const loads = new WeakMap<object, number>();

Component({
  behaviors: [pageBehavior],
  data: {
    ...pagedData<MyEventRow>(),
    /** The cloud does not know the caller as a member yet. */
    unregistered: false,
    shown: false,
  },
  methods: {
    onLoad() {
      void this.loadList(true);
    },

    onShow() {
      if (this.data.shown && this.data.listState === 'ready') void this.loadList(true, false);
      this.setData({ shown: true });
    },

    onPullDownRefresh() {
      void this.loadList(true, false).then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (canLoadMore(this.data)) void this.loadList(false);
    },

    reload() {
      void this.loadList(true);
    },

    loadList(reset: boolean, showLoading = true): Promise<void> {
      const load = (loads.get(this) ?? 0) + 1;
      loads.set(this, load);
      let pastSeen = !reset && this.data.items.some((row) => row.phase === 'past');
      return loadPaged(
        listPage<MyEventRow>(this, !showLoading),
        reset,
        async (pageNo) => {
          const res = await eventsApi.mine(pageNo, PAGE_SIZE);
          if (!res.ok && res.error.code === 'UNAUTHENTICATED') this.setData({ unregistered: true });
          return res;
        },
        (item: EventSummary & { mine: MySignup }): MyEventRow => {
          const pastHead = item.phase === 'past' && !pastSeen;
          if (item.phase === 'past') pastSeen = true;
          return { ...eventCard(item, item.mine), pastHead };
        },
        () => loads.get(this) === load,
      );
    },

    openEvent(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.event, { id: e.currentTarget.dataset.id });
    },

    goEvents() {
      go(ROUTES.events);
    },

    goRegister() {
      go(ROUTES.register);
    },
  },
});
