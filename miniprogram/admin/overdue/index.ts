/**
 * 逾期 (librarians, admins): loans past their due date, most days late first as the cloud orders them, with
 * the member, the book, the barcode and the last reminder; 提醒 sends an overdue reminder after asking,
 * and says whether it went out or why not (no consent from the member, already reminded today …).
 */
import type { OverdueLoan } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { circulationApi } from '../../services/circulation';
import type { DatasetEvent } from '../../utils/events';
import { librarianAccess } from '../shared/access';
import { confirm, tell } from '../shared/catalogue';
import { canLoadMore, loadPaged, PAGE_SIZE, pagedData } from '../../utils/paging';
import { dayLabel, momentLabel } from '../../utils/circulation';

interface Row {
  _id: string;
  title: string;
  barcode: string;
  memberName: string;
  memberCode: string;
  daysLate: number;
  dueLabel: string;
  remindedLabel: string;
  /** What the last 提醒 on this page answered. */
  remindNote: string;
  remindSent: boolean;
  reminding: boolean;
}

function toRow(loan: OverdueLoan): Row {
  return {
    _id: loan._id,
    title: loan.title,
    barcode: loan.barcode,
    memberName: loan.memberName,
    memberCode: loan.memberCode,
    daysLate: loan.daysLate,
    dueLabel: dayLabel(loan.dueAt),
    remindedLabel: momentLabel(loan.remindedAt),
    remindNote: '',
    remindSent: false,
    reminding: false,
  };
}

Component({
  behaviors: [pageBehavior, librarianAccess],
  data: pagedData<Row>(),
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },

    load() {
      return loadPaged(this, true, (page) => circulationApi.overdue(page, PAGE_SIZE), toRow);
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (canLoadMore(this.data))
        void loadPaged(this, false, (page) => circulationApi.overdue(page, PAGE_SIZE), toRow);
    },

    patchRow(index: number, patch: Partial<Row>) {
      const row = this.data.items[index];
      if (row) this.setData({ [`items[${index}]`]: { ...row, ...patch } });
    },

    async onRemind(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const row = this.data.items[index];
      if (!row || row.reminding) return;
      const ok = await confirm(
        `提醒 ${row.memberName} 还书？`,
        `《${row.title}》已逾期 ${row.daysLate} 天。将向读者发送一条逾期提醒（微信订阅消息）。`,
        '发送提醒',
      );
      if (!ok) return;
      this.patchRow(index, { reminding: true });
      const res = await circulationApi.remind(row._id);
      if (!res.ok) {
        this.patchRow(index, {
          reminding: false,
          remindNote: `没有发送：${res.error.message}`,
          remindSent: false,
        });
        tell('提醒没有发送', res.error.message);
        return;
      }
      if (res.data.sent) {
        this.patchRow(index, { reminding: false, remindSent: true, remindNote: '刚刚已发送提醒' });
        wx.showToast({ title: `已提醒 ${row.memberName}`, icon: 'none' });
        return;
      }
      const reason = res.data.reason ?? '读者没有订阅提醒';
      this.patchRow(index, { reminding: false, remindSent: false, remindNote: `没有发送：${reason}` });
      tell('提醒没有发送', `${reason}。可以电话或当面提醒读者。`);
    },
  },
});
