/**
 * 我的活动: the caller's sign-ups as event cards with their standing (我已报名 / 候补第 N 位 / 已签到),
 * upcoming and ongoing first, then 往期 (as `mine` orders them), paged on reaching the bottom, pull to
 * refresh; refreshed when shown again (back from an event page where something changed).
 */
import type { ApiResult } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import type { DatasetEvent } from '../../utils/events';
import { pagedData, pagedListBehavior, PAGE_SIZE, type RowsPage } from '../../utils/paging';
import { eventCard, type EventCard } from '../../utils/room-events';
import { go, ROUTES } from '../../utils/routes';

interface MyEventRow extends EventCard {
  /** The first past event of the list: the 往期 heading goes above it. */
  pastHead: boolean;
}

Component({
  behaviors: [pageBehavior, pagedListBehavior],
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
      if (this.data.shown && this.data.listState === 'ready') void this.loadList(true, true);
      this.setData({ shown: true });
    },

    /** One page of the list (pagedListBehavior); the first past event carries the 往期 heading. */
    async fetchPage(page: number): Promise<ApiResult<RowsPage<MyEventRow>>> {
      const res = await eventsApi.mine(page, PAGE_SIZE);
      if (!res.ok) {
        if (res.error.code === 'UNAUTHENTICATED') this.setData({ unregistered: true });
        return res;
      }
      let pastSeen = page > 1 && this.data.items.some((row) => row.phase === 'past');
      const items = res.data.items.map((item): MyEventRow => {
        const pastHead = item.phase === 'past' && !pastSeen;
        if (item.phase === 'past') pastSeen = true;
        return { ...eventCard(item, item.mine), pastHead };
      });
      return { ok: true, data: { items, hasMore: res.data.hasMore } };
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
