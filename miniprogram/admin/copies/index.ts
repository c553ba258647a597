/**
 * 复本管理 (librarians, admins) for one book: every copy with its barcode, status, location and source;
 * add copies by scanning labels one after another (a list builds up, duplicates refused) or by generating
 * N barcodes; change a copy's status (在架 / 维修 / 丢失 / 剔除 — loans and holds belong to circulation)
 * or location with a reason, asking first before 丢失 or 剔除.
 */
import type { Book, Copy, CopySource, CopyStatus, UpdateCopyRequest } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { catalogueApi } from '../../services/catalogue';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { COPY_SOURCE_LABELS, COPY_STATUS_LABELS, COPY_STATUS_TAG_TYPES } from '../../utils/labels';
import {
  catalogueAccess,
  confirm,
  newRequestId,
  recentLocations,
  rememberLocation,
} from '../shared/catalogue';

type LoadState = 'loading' | 'ready' | 'error';
type AddMode = 'scan' | 'count';
type SettableStatus = NonNullable<UpdateCopyRequest['status']>;

/** The server's limits (cloudfunctions/catalogue schemas: MAX_SCANNED_BARCODES, MAX_GENERATED_COPIES). */
const MAX_SCANNED = 100;
const MAX_GENERATED = 50;
const BARCODE = /^[A-Z0-9-]{4,32}$/;

const SETTABLE: SettableStatus[] = ['available', 'inRepair', 'lost', 'withdrawn'];
const SOURCES: CopySource[] = ['purchase', 'librarySelection', 'unitDonation', 'memberDonation'];
const DONATIONS: CopySource[] = ['unitDonation', 'memberDonation'];

type Row = Copy & { statusLabel: string; statusType: string; sourceLabel: string };

function toRow(copy: Copy): Row {
  return {
    ...copy,
    statusLabel: COPY_STATUS_LABELS[copy.status],
    statusType: COPY_STATUS_TAG_TYPES[copy.status],
    sourceLabel: COPY_SOURCE_LABELS[copy.source],
  };
}

/** Locations to offer: this device's recent ones first, then the book's own. */
function locationChoices(copies: Copy[]): string[] {
  return [...new Set([...recentLocations(), ...copies.map((c) => c.location)])].filter(Boolean).slice(0, 8);
}

Component({
  behaviors: [pageBehavior, catalogueAccess],
  data: {
    loadState: 'loading' as LoadState,
    loadError: '',
    bookId: '',
    book: null as Book | null,
    copies: [] as Row[],
    // adding
    mode: 'scan' as AddMode,
    scanned: [] as string[],
    typed: '',
    typedError: '',
    count: 1,
    maxGenerated: MAX_GENERATED,
    location: '',
    locationError: '',
    locations: [] as string[],
    source: 'purchase' as CopySource,
    sources: SOURCES.map((name) => ({ name, label: COPY_SOURCE_LABELS[name] })),
    isDonation: false,
    donor: '',
    adding: false,
    addError: '',
    requestId: '',
    // changing one copy
    target: null as Row | null,
    statuses: SETTABLE.map((name) => ({ name, label: COPY_STATUS_LABELS[name] })),
    newStatus: 'available' as CopyStatus,
    /** On loan or on the hold shelf: circulation decides the status, only the location changes here. */
    targetLocked: false,
    newLocation: '',
    reason: '',
    changeError: '',
    changing: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ bookId: query.bookId ?? '', requestId: newRequestId() });
      if (await this.admit()) await this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      if (!this.data.bookId) {
        this.setData({ loadState: 'error', loadError: '没有指定图书，请从图书页进入。' });
        return;
      }
      if (this.data.loadState !== 'ready') this.setData({ loadState: 'loading' });
      const res = await catalogueApi.book(this.data.bookId);
      if (!res.ok) {
        this.setData({ loadState: 'error', loadError: res.error.message });
        return;
      }
      const locations = locationChoices(res.data.copies);
      this.setData({
        loadState: 'ready',
        book: res.data.book,
        copies: res.data.copies.map(toRow),
        locations,
        location: this.data.location || locations[0] || '',
      });
    },

    // ——— adding copies ———

    onMode(e: ValueEvent<{ name: AddMode }>) {
      this.setData({ mode: e.detail.name, addError: '' });
    },

    /** Adds one label to the list: normalised as the server stores it, refused when already known. */
    addBarcode(raw: string): boolean {
      const code = raw.trim().toUpperCase();
      let error = '';
      if (!BARCODE.test(code)) error = `“${raw.trim()}”不是有效条码（4–32 位字母、数字或短横线）`;
      else if (this.data.scanned.includes(code)) error = `条码 ${code} 已在列表中`;
      else if (this.data.copies.some((c) => c.barcode === code)) error = `条码 ${code} 已是这本书的复本`;
      else if (this.data.scanned.length >= MAX_SCANNED) error = `一次最多添加 ${MAX_SCANNED} 个条码`;
      if (error) {
        this.setData({ typedError: error });
        wx.showToast({ title: error, icon: 'none' });
        return false;
      }
      this.setData({ scanned: this.data.scanned.concat(code), typedError: '', addError: '' });
      return true;
    },

    /** Scans labels one after another until the librarian cancels the camera. */
    onScan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['barCode', 'qrCode'],
        success: (res) => {
          if (this.addBarcode(res.result)) setTimeout(() => this.onScan(), 600);
        },
        fail: (err) => {
          if (!/cancel/.test(err.errMsg)) wx.showToast({ title: '没有识别到条码，请重试', icon: 'none' });
        },
      });
    },

    onTyped(e: ValueEvent<string>) {
      this.setData({ typed: e.detail, typedError: '' });
    },

    onAddTyped() {
      if (!this.data.typed.trim()) {
        this.setData({ typedError: '请输入条码' });
        return;
      }
      if (this.addBarcode(this.data.typed)) this.setData({ typed: '' });
    },

    onRemoveScanned(e: DatasetEvent<{ index: number }>) {
      const index = e.currentTarget.dataset.index;
      this.setData({ scanned: this.data.scanned.filter((_c, i) => i !== index) });
    },

    onCount(e: ValueEvent<number>) {
      this.setData({ count: Number(e.detail), addError: '' });
    },

    onLocation(e: ValueEvent<string>) {
      this.setData({ location: e.detail, locationError: '' });
    },

    onPickLocation(e: DatasetEvent<{ location: string }>) {
      this.setData({ location: e.currentTarget.dataset.location, locationError: '' });
    },

    onSource(e: ValueEvent<CopySource>) {
      this.setData({ source: e.detail, isDonation: DONATIONS.includes(e.detail) });
    },

    onDonor(e: ValueEvent<string>) {
      this.setData({ donor: e.detail });
    },

    async onAddCopies() {
      const { mode, scanned, count, source, bookId, requestId } = this.data;
      const location = this.data.location.trim();
      if (!location) {
        this.setData({ locationError: '请填写馆藏地点，如：一楼党史专架' });
        return;
      }
      if (mode === 'scan' && !scanned.length) {
        this.setData({ addError: '请先扫描或输入至少一个条码' });
        return;
      }
      this.setData({ adding: true, addError: '' });
      const res = await catalogueApi.addCopies({
        bookId,
        requestId,
        location,
        source,
        ...(DONATIONS.includes(source) && this.data.donor.trim() ? { donor: this.data.donor.trim() } : {}),
        ...(mode === 'scan' ? { barcodes: scanned } : { count }),
      });
      this.setData({ adding: false });
      if (!res.ok) {
        this.setData({ addError: res.error.message });
        return;
      }
      const added = res.data.copies;
      this.setData({ locations: rememberLocation(location), scanned: [], requestId: newRequestId() });
      wx.showToast({ title: `已添加 ${added.length} 个复本`, icon: 'none' });
      await this.load();
    },

    // ——— changing one copy ———

    onChange(e: DatasetEvent<{ index: number }>) {
      const target = this.data.copies[e.currentTarget.dataset.index];
      if (!target) return;
      this.setData({
        target,
        newStatus: target.status,
        targetLocked: !(SETTABLE as CopyStatus[]).includes(target.status),
        newLocation: target.location,
        reason: '',
        changeError: '',
      });
    },

    onNewStatus(e: ValueEvent<CopyStatus>) {
      this.setData({ newStatus: e.detail, changeError: '' });
    },

    onNewLocation(e: ValueEvent<string>) {
      this.setData({ newLocation: e.detail, changeError: '' });
    },

    onReason(e: ValueEvent<string>) {
      this.setData({ reason: e.detail });
    },

    /** van-dialog (async-close) turns its button to loading after the handler: end that on the next tick. */
    stopDialogLoading() {
      const dialog = this.selectComponent('#change-dialog') as { stopLoading?: () => void } | null;
      setTimeout(() => dialog?.stopLoading?.(), 0);
    },

    async confirmChange() {
      const { target, newStatus, reason } = this.data;
      if (!target) return;
      const location = this.data.newLocation.trim();
      const req: UpdateCopyRequest = { copyId: target._id };
      if (newStatus !== target.status) req.status = newStatus as SettableStatus;
      if (location && location !== target.location) req.location = location;
      if (!location) {
        this.setData({ changeError: '馆藏地点不能为空' });
        this.stopDialogLoading();
        return;
      }
      if (!req.status && !req.location) {
        this.closeChange();
        return;
      }
      if (req.status === 'lost' || req.status === 'withdrawn') {
        const word = COPY_STATUS_LABELS[req.status];
        const ok = await confirm(
          `确认标记为“${word}”？`,
          `条码 ${target.barcode} 将不再计入馆藏，读者也借不到它。找回后可改回“在架”。`,
          `标记为${word}`,
        );
        if (!ok) {
          this.stopDialogLoading();
          return;
        }
      }
      if (reason.trim()) req.reason = reason.trim();
      const res = await catalogueApi.updateCopy(req);
      if (!res.ok) {
        this.setData({ changeError: res.error.message });
        this.stopDialogLoading();
        return;
      }
      this.closeChange();
      wx.showToast({ title: `${target.barcode} 已更新`, icon: 'none' });
      await this.load();
    },

    closeChange() {
      this.setData({ target: null });
    },
  },
});
