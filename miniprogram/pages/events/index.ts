/**
 * 活动 (tab): events by phase (即将开始 / 进行中 / 往期) and type, as cards with the caller's own standing
 * (我已报名 / 候补第 N 位 / 已签到, from `mine`), paged on reaching the bottom, pull to refresh. A tab page
 * stays alive: on every later show the caller's standing is asked again (a sign-up made on the event page).
 */
import type { ApiResult, EventPhase, EventType, MySignup } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { pagedData, pagedListBehavior, PAGE_SIZE, type RowsPage } from '../../utils/paging';
import { eventCard, EVENT_TYPE_FILTERS, type EventCard } from '../../utils/room-events';
import { go, ROUTES } from '../../utils/routes';

/** The caller's sign-ups by event id (empty for a visitor): the cards' 我已报名 tags. */
type MineMap = Record<string, MySignup>;

const EMPTY: Record<EventPhase, { title: string; message: string }> = {
  upcoming: { title: '近期还没有活动', message: '新活动发布后会显示在这里，也请留意支部群里的邀请。' },
  ongoing: { title: '现在没有进行中的活动', message: '可以看看即将开始的活动。' },
  past: { title: '还没有往期活动', message: '活动结束后会留在这里。' },
};

const mines = new WeakMap<object, Promise<MineMap>>();

/** The caller's sign-ups (upcoming ones come first in `mine`): one page is enough for the cards. */
async function fetchMine(): Promise<MineMap> {
  const res = await eventsApi.mine(1, 50);
  const map: MineMap = {};
  if (res.ok) for (const item of res.data.items) map[item._id] = item.mine;
  return map;
}

Component({
  behaviors: [pageBehavior, pagedListBehavior],
  data: {
    ...pagedData<EventCard>(),
    phase: 'upcoming' as EventPhase,
    type: '' as EventType | '',
    types: EVENT_TYPE_FILTERS,
    emptyTitle: EMPTY.upcoming.title,
    emptyMessage: EMPTY.upcoming.message,
  },
  methods: {
    onLoad() {
      void this.loadList(true);
    },

    /** The first show comes while loading; a later one asks for the caller's standing again. */
    onShow() {
      if (this.data.listState === 'ready') void this.refreshMine();
    },

    /** One page of the list (pagedListBehavior) as cards; the caller's sign-ups are fetched again with a first page. */
    async fetchPage(page: number): Promise<ApiResult<RowsPage<EventCard>>> {
      if (page === 1 || !mines.has(this)) mines.set(this, fetchMine());
      const { phase, type } = this.data;
      const [res, mine] = await Promise.all([
        eventsApi.list({ phase, ...(type ? { type } : {}), page, pageSize: PAGE_SIZE }),
        mines.get(this) as Promise<MineMap>,
      ]);
      if (!res.ok) return res;
      const items = res.data.items.map((summary) => eventCard(summary, mine[summary._id]));
      return { ok: true, data: { items, hasMore: res.data.hasMore } };
    },

    /** After a sign-up elsewhere: the cards' own tags again, by path. */
    async refreshMine() {
      const map = await fetchMine();
      mines.set(this, Promise.resolve(map));
      const update: Record<string, EventCard> = {};
      this.data.items.forEach((card, index) => {
        const mine = map[card._id] ?? { status: 'none' };
        if (mine.status !== card.mine.status || mine.position !== card.mine.position)
          update[`items[${index}]`] = eventCard(card, mine);
      });
      if (Object.keys(update).length) this.setData(update);
    },

    onPhase(e: ValueEvent<{ name: EventPhase }>) {
      const phase = e.detail.name;
      if (phase === this.data.phase) return;
      this.setData({ phase, emptyTitle: EMPTY[phase].title, emptyMessage: EMPTY[phase].message });
      void this.loadList(true);
    },

    onType(e: DatasetEvent<{ type: EventType | '' }>) {
      const type = e.currentTarget.dataset.type;
      if (type === this.data.type) return;
      this.setData({ type });
      void this.loadList(true);
    },

    allTypes() {
      this.setData({ type: '' });
      void this.loadList(true);
    },

    openEvent(e: DatasetEvent<{ id: string }>) {
      go(ROUTES.event, { id: e.currentTarget.dataset.id });
    },
  },
});
