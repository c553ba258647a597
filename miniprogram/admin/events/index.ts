/**
 * 活动管理 (organisers, admins): events by status (已发布 / 草稿 / 已结束 / 已取消), each with its time, place
 * and counts (报名 x/y · 候补 n · 签到 m), paged; 新建活动; each event opens its form, and a published one
 * its 报名名单 and 签到 screen. The `events` function checks the role again.
 */
import type { EventStatus, EventSummary } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { EVENT_TYPE_LABELS } from '../../utils/labels';
import { timeRange } from '../../utils/room-events';
import { organiserAccess } from '../shared/access';
import { countsLabel, EVENT_ROUTES, EVENT_STATUS_LABELS } from '../shared/events';
import { PAGE_SIZE, pagedListBehavior } from '../../utils/paging';

const TABS: EventStatus[] = ['published', 'draft', 'finished', 'cancelled'];

const PHASE_LABELS: Record<EventSummary['phase'], string> = {
  upcoming: '未开始',
  ongoing: '进行中',
  past: '已过',
};

interface Row {
  _id: string;
  title: string;
  typeLabel: string;
  timeLabel: string;
  place: string;
  counts: string;
  full: boolean;
  phaseLabel: string;
}

function toRow(event: EventSummary): Row {
  return {
    _id: event._id,
    title: event.title,
    typeLabel: EVENT_TYPE_LABELS[event.type],
    timeLabel: timeRange(event.startAt, event.endAt),
    place: event.place,
    counts: event.status === 'draft' ? '未发布，读者还看不到' : countsLabel(event),
    full: event.capacity > 0 && event.registered >= event.capacity,
    phaseLabel: event.status === 'published' ? PHASE_LABELS[event.phase] : '',
  };
}

Component({
  behaviors: [pageBehavior, organiserAccess, pagedListBehavior],
  data: {
    tabs: TABS.map((name) => ({ name, title: EVENT_STATUS_LABELS[name] })),
    status: 'published' as EventStatus,
    statusLabels: EVENT_STATUS_LABELS,
    items: [] as Row[],
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const status = TABS.find((tab) => tab === query.status);
      if (status) this.setData({ status });
      if (await this.admit()) await this.loadList(true);
    },

    /** Back from the form or the attendee list: counts and statuses may have changed. */
    onShow() {
      if (this.data.allowed && this.data.listState === 'ready') void this.loadList(true, true);
    },

    /** One page of the list (pagedListBehavior). */
    async fetchPage(page: number) {
      const res = await eventsApi.list({
        managed: true,
        status: this.data.status,
        page,
        pageSize: PAGE_SIZE,
      });
      return res.ok ? { ok: true as const, data: { ...res.data, items: res.data.items.map(toRow) } } : res;
    },

    onTab(e: ValueEvent<{ name: EventStatus }>) {
      if (e.detail.name === this.data.status) return;
      this.setData({ status: e.detail.name, items: [] });
      void this.loadList(true);
    },

    onAdd() {
      wx.navigateTo({ url: EVENT_ROUTES.edit });
    },

    onOpen(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${EVENT_ROUTES.edit}?eventId=${e.currentTarget.dataset.id}` });
    },

    onAttendees(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${EVENT_ROUTES.attendees}?eventId=${e.currentTarget.dataset.id}` });
    },

    onCheckin(e: DatasetEvent<{ id: string }>) {
      wx.navigateTo({ url: `${EVENT_ROUTES.checkin}?eventId=${e.currentTarget.dataset.id}` });
    },
  },
});
