/**
 * 预约 (librarians, admins), two tabs: 待取书上架 — holds with a copy on the shelves to pull for the first in
 * line (the book, the member, the barcodes on the shelf) — and 待读者取书 — copies waiting on the hold shelf
 * (the member, the barcode, the pickup deadline; past deadlines marked). A copy taken from the shelf is
 * scanned here (`pull`): it goes on the hold shelf for the first in line, whose name the librarian reads.
 * Staff may cancel a hold with a reason (asked in a dialog, logged).
 */
import type { StaffHold } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { circulationApi } from '../../services/circulation';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { librarianAccess } from '../shared/access';
import { tell } from '../shared/catalogue';
import { canLoadMore, loadPaged, PAGE_SIZE, pagedData } from '../../utils/paging';
import { dayLabel, momentLabel } from '../../utils/circulation';
import { readBarcode } from '../shared/circulation';

type Tab = 'pull' | 'pickup';

/** A copy pulled and set aside at this page: for whom, until when. */
interface Pulled {
  holdId: string;
  title: string;
  barcode: string;
  memberName: string;
  untilLabel: string;
}

interface Row {
  _id: string;
  title: string;
  memberName: string;
  memberCode: string;
  placedLabel: string;
  barcodes: string;
  barcode: string;
  untilLabel: string;
  /** The pickup deadline has passed (the daily run will pass the copy on). */
  late: boolean;
}

function toRow(hold: StaffHold): Row {
  return {
    _id: hold._id,
    title: hold.title,
    memberName: hold.memberName,
    memberCode: hold.memberCode,
    placedLabel: momentLabel(hold.placedAt),
    barcodes: (hold.availableBarcodes ?? []).join('、'),
    barcode: hold.barcode ?? '',
    untilLabel: dayLabel(hold.readyUntil),
    late: !!hold.readyUntil && Date.parse(hold.readyUntil) < Date.now(),
  };
}

const FETCH: Record<Tab, (page: number) => ReturnType<typeof circulationApi.holdsToPull>> = {
  pull: (page) => circulationApi.holdsToPull(page, PAGE_SIZE),
  pickup: (page) => circulationApi.awaitingPickup(page, PAGE_SIZE),
};

/** Loads per page, so the answer for a tab left meanwhile is dropped. */
const loads = new WeakMap<object, number>();

Component({
  behaviors: [pageBehavior, librarianAccess],
  data: {
    ...pagedData<Row>(),
    tab: 'pull' as Tab,
    target: null as Row | null,
    targetIndex: -1,
    reason: '',
    reasonError: '',
    pulling: false,
    pulled: [] as Pulled[],
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'pickup') this.setData({ tab: 'pickup' });
      if (await this.admit()) await this.load();
    },

    load(reset = true) {
      const load = (loads.get(this) ?? 0) + 1;
      loads.set(this, load);
      return loadPaged(this, reset, FETCH[this.data.tab], toRow, () => load === loads.get(this));
    },

    onTab(e: ValueEvent<{ name: Tab }>) {
      if (e.detail.name === this.data.tab) return;
      this.setData({ tab: e.detail.name, items: [] });
      void this.load();
    },

    reload() {
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    onReachBottom() {
      if (canLoadMore(this.data)) void this.load(false);
    },

    /** Scans a copy taken from the shelf and sets it aside for the first in line of its book. */
    onScanPull() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['barCode', 'qrCode'],
        success: (res) => void this.pull(res.result),
        fail: (err) => {
          if (!/cancel/.test(err.errMsg)) wx.showToast({ title: '没有识别到条码，请重试', icon: 'none' });
        },
      });
    },

    async pull(raw: string) {
      const { barcode, error } = readBarcode(raw);
      if (error) {
        tell('不是图书条码', error);
        return;
      }
      this.setData({ pulling: true });
      const res = await circulationApi.pull(barcode);
      this.setData({ pulling: false });
      if (!res.ok) {
        tell(`${barcode} 没有放上预约架`, res.error.message);
        return;
      }
      const hold = res.data.hold;
      const pulled: Pulled = {
        holdId: hold._id,
        title: hold.title,
        barcode: hold.barcode ?? barcode,
        memberName: hold.memberName,
        untilLabel: dayLabel(hold.readyUntil),
      };
      this.setData({
        pulled: [pulled, ...this.data.pulled],
        items: this.data.items.filter((row) => row._id !== hold._id),
      });
    },

    onCancel(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      const target = this.data.items[index];
      if (target) this.setData({ target, targetIndex: index, reason: '', reasonError: '' });
    },

    onReason(e: ValueEvent<string>) {
      this.setData({ reason: e.detail, reasonError: '' });
    },

    /** van-dialog (async-close) turns its button to loading after the handler: end that on the next tick. */
    stopDialogLoading() {
      const dialog = this.selectComponent('#cancel-dialog') as { stopLoading?: () => void } | null;
      setTimeout(() => dialog?.stopLoading?.(), 0);
    },

    async confirmCancel() {
      const { target, targetIndex } = this.data;
      const reason = this.data.reason.trim();
      if (!target) return;
      if (reason.length < 2) {
        this.setData({ reasonError: '请写明取消的原因，如：读者来电不需要了' });
        this.stopDialogLoading();
        return;
      }
      const res = await circulationApi.cancelHoldFor(target._id, reason);
      if (!res.ok) {
        this.setData({ reasonError: res.error.message });
        this.stopDialogLoading();
        return;
      }
      this.closeCancel();
      this.setData({ items: this.data.items.filter((_row, i) => i !== targetIndex) });
      wx.showToast({ title: `已取消 ${target.memberName} 的预约`, icon: 'none' });
    },

    closeCancel() {
      this.setData({ target: null, targetIndex: -1 });
    },
  },
});
