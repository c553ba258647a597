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

Component({
  behaviors: [pageBehavior, pagedListBehavior],
  data: {
    ...pagedData<EventCard>(),
    /** The cloud does not know the caller as a member yet. */
    unregistered: false,
  },
  methods: {
    onLoad() {
      void this.loadList(true);
    },

    /** The first show comes while loading; later ones refresh (and after 去登记, load for the member). */
    onShow() {
      if (this.data.listState === 'ready' || this.data.unregistered) void this.loadList(true, true);
    },

    /** One page of the list (pagedListBehavior); the 往期 heading goes above the first past event (WXML). */
    async fetchPage(page: number): Promise<ApiResult<RowsPage<EventCard>>> {
      const res = await eventsApi.mine(page, PAGE_SIZE);
      const unregistered = !res.ok && res.error.code === 'UNAUTHENTICATED';
      if (unregistered !== this.data.unregistered) this.setData({ unregistered });
      if (!res.ok) return res;
      const items = res.data.items.map((item) => eventCard(item, item.mine));
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
