/**
 * 报名名单 (organisers, admins): tabs 已报名 / 候补 / 已签到 / 已取消 with counts; each row the member's name,
 * branch, when they signed up, who invited them (邀请人), their answers, the place in line for the waitlist
 * and when they checked in. 标记到场 marks attendance by hand (取消签到 asks first). 导出 Excel opens the
 * list in WeChat's viewer (forward or save from its menu); 导出 CSV offers to send the file to a chat.
 */
import type { Attendee, AttendeesResult, EventQuestion, SignupStatus } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import { downloadStoredFile, openSpreadsheet, shareFile } from '../../services/storage';
import { confirm, tell } from '../../utils/dialogs';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { timeRange } from '../../utils/room-events';
import { organiserAccess } from '../shared/access';
import { momentLabel } from '../../utils/circulation';
import { pagedListBehavior } from '../../utils/paging';

type Tab = SignupStatus | 'attended';

const TABS: { name: Tab; title: string }[] = [
  { name: 'registered', title: '已报名' },
  { name: 'waitlisted', title: '候补' },
  { name: 'attended', title: '已签到' },
  { name: 'cancelled', title: '已取消' },
];

const PAGE_SIZE = 50;

interface Row {
  memberId: string;
  memberName: string;
  branchName: string;
  signedUpLabel: string;
  invitedByName: string;
  answers: { label: string; value: string }[];
  position: number;
  attended: boolean;
  attendedLabel: string;
  cancelledLabel: string;
  /** A registered member: attendance can be marked. */
  markable: boolean;
}

function toRow(attendee: Attendee, questions: EventQuestion[]): Row {
  return {
    memberId: attendee.memberId,
    memberName: attendee.memberName,
    branchName: attendee.branchName,
    signedUpLabel: momentLabel(attendee.signedUpAt),
    invitedByName: attendee.invitedByName ?? '',
    answers: questions
      .filter((q) => attendee.answers[q.id])
      .map((q) => ({ label: q.label, value: attendee.answers[q.id] as string })),
    position: attendee.position ?? 0,
    attended: !!attendee.attendedAt,
    attendedLabel: momentLabel(attendee.attendedAt),
    cancelledLabel: momentLabel(attendee.cancelledAt),
    markable: attendee.status === 'registered',
  };
}

type Counts = AttendeesResult['counts'];

Component({
  behaviors: [pageBehavior, organiserAccess, pagedListBehavior],
  data: {
    eventId: '',
    title: '',
    timeLabel: '',
    questions: [] as EventQuestion[],
    tabs: TABS,
    tab: 'registered' as Tab,
    counts: null as Counts | null,
    items: [] as Row[],
    marking: '',
    exporting: '' as '' | 'xlsx' | 'csv',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const tab = TABS.find((t) => t.name === query.tab);
      this.setData({ eventId: query.eventId ?? '', ...(tab ? { tab: tab.name } : {}) });
      if (!(await this.admit())) return;
      await this.loadList(true);
    },

    /**
     * One page of the list (pagedListBehavior); the event's title and questions are read once, before the
     * first page (the answers are shown under their questions; a tab change or a pull-down keeps them).
     */
    async fetchPage(page: number) {
      const { eventId, tab } = this.data;
      if (!this.data.title) {
        const detail = await eventsApi.detail(eventId);
        if (!detail.ok) return detail;
        const event = detail.data.event;
        this.setData({
          title: event.title,
          timeLabel: timeRange(event.startAt, event.endAt),
          questions: event.questions,
        });
      }
      const res = await eventsApi.attendees({ eventId, status: tab, page, pageSize: PAGE_SIZE });
      if (!res.ok) return res;
      this.setData({ counts: res.data.counts });
      const questions = this.data.questions;
      return {
        ok: true as const,
        data: { hasMore: res.data.hasMore, items: res.data.items.map((a) => toRow(a, questions)) },
      };
    },

    onTab(e: ValueEvent<{ name: Tab }>) {
      if (e.detail.name === this.data.tab) return;
      this.setData({ tab: e.detail.name, items: [] });
      void this.loadList(true);
    },

    /** Marks a registered member present (or, after a confirmation, not present). */
    async onMark(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const row = this.data.items[index];
      if (!row || this.data.marking) return;
      const attended = !row.attended;
      if (
        !attended &&
        !(await confirm(
          `取消 ${row.memberName} 的签到？`,
          '这会把他（她）记为未到场。如果是误点，请选“不取消”。',
          '取消签到',
        ))
      )
        return;
      this.setData({ marking: row.memberId });
      const res = await eventsApi.markAttendance(this.data.eventId, row.memberId, attended);
      this.setData({ marking: '' });
      if (!res.ok) {
        tell('没有改成', res.error.message);
        return;
      }
      const updated = toRow(res.data.attendee, this.data.questions);
      const counts = this.data.counts;
      const patch: Record<string, unknown> = {};
      if (this.data.tab === 'attended' && !updated.attended)
        patch.items = this.data.items.filter((_r, i) => i !== index);
      else patch[`items[${index}]`] = updated;
      if (counts && updated.attended !== row.attended)
        patch['counts.attended'] = counts.attended + (updated.attended ? 1 : -1);
      this.setData(patch);
      wx.showToast({ title: updated.attended ? `${row.memberName} 已签到` : '已取消签到', icon: 'none' });
    },

    async onExport(e: DatasetEvent<{ format: 'xlsx' | 'csv' }>) {
      const format = e.currentTarget.dataset.format;
      if (this.data.exporting) return;
      this.setData({ exporting: format });
      const res = await eventsApi.export(this.data.eventId, format);
      const file = res.ok ? await downloadStoredFile(res.data.fileID) : res;
      this.setData({ exporting: '' });
      if (!res.ok || !file.ok) {
        tell('导出没有成功', !res.ok ? res.error.message : !file.ok ? file.error.message : '');
        return;
      }
      const { fileName, rows } = res.data;
      if (format === 'xlsx') {
        const opened = await openSpreadsheet(file.data);
        if (!opened.ok) tell('导出没有成功', opened.error.message);
        return;
      }
      // WeChat's viewer does not open CSV: offer to send it to a chat (inside the tap on 发送).
      wx.showModal({
        title: `已导出 ${rows} 人`,
        content: `${fileName}，可以发送到聊天，在电脑上用 Excel 或 WPS 打开。`,
        confirmText: '发送',
        cancelText: '关闭',
        success: (answer) => {
          if (answer.confirm) void shareFile(file.data, fileName);
        },
      });
    },
  },
});
