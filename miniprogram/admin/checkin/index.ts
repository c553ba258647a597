/**
 * 签到 screen (organisers, admins), shown at the door: the event's six-digit code, large, and its QR code
 * (`qrText`, drawn like the member code on 我的), a countdown to the next code (fetched again from
 * `checkinCode` at `refreshAt`: a photo sent to a chat soon stops working) and the live counts 已签到 /
 * 已报名, asked again every few seconds. The screen stays awake while open; every timer stops on hide and
 * unload.
 */
import { pageBehavior } from '../../behaviors/page';
import { eventsApi } from '../../services/events';
import { qrDataUri } from '../../utils/qrcode';
import { timeRange } from '../../utils/room-events';
import { organiserAccess } from '../shared/access';
import { EVENT_ROUTES } from '../shared/events';

/** How often the counts are asked for while the screen is open. */
const COUNTS_EVERY_MS = 5000;
/** Bounds for the wait until the next code, whatever the phone's clock says about `refreshAt`. */
const MIN_REFRESH_MS = 3000;
const MAX_REFRESH_MS = 5 * 60 * 1000;

type CodeState = 'loading' | 'ready' | 'error';

interface Timers {
  code?: ReturnType<typeof setTimeout>;
  tick?: ReturnType<typeof setInterval>;
  counts?: ReturnType<typeof setInterval>;
  /** When the current code is replaced, by the phone's clock. */
  refreshAt: number;
}

const timers = new WeakMap<object, Timers>();

/** "482 913": the code in two groups of three, easier to read out and type. */
function spaced(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

Component({
  behaviors: [pageBehavior, organiserAccess],
  data: {
    eventId: '',
    title: '',
    timeLabel: '',
    codeState: 'loading' as CodeState,
    codeError: '',
    code: '',
    /** What the QR code holds (the member's scan sends it as the code). */
    qrText: '',
    qrSrc: '',
    secondsLeft: 0,
    attended: -1,
    registered: -1,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ eventId: query.eventId ?? '' });
      if (!(await this.admit())) return;
      void this.loadEvent();
      this.start();
    },

    onShow() {
      // The first show comes before admit() answers; onLoad starts the screen then.
      if (this.data.allowed && !timers.get(this)) this.start();
    },

    onHide() {
      this.stop();
    },

    onUnload() {
      this.stop();
    },

    /** Starts the code, the countdown and the counts, and keeps the screen awake. */
    start() {
      this.stop();
      timers.set(this, { refreshAt: 0 });
      wx.setKeepScreenOn({ keepScreenOn: true });
      void this.refreshCode();
      void this.refreshCounts();
      const t = timers.get(this) as Timers;
      t.tick = setInterval(() => this.tick(), 1000);
      t.counts = setInterval(() => void this.refreshCounts(), COUNTS_EVERY_MS);
    },

    stop() {
      const t = timers.get(this);
      if (!t) return;
      if (t.code) clearTimeout(t.code);
      if (t.tick) clearInterval(t.tick);
      if (t.counts) clearInterval(t.counts);
      timers.delete(this);
      wx.setKeepScreenOn({ keepScreenOn: false });
    },

    async loadEvent() {
      const res = await eventsApi.detail(this.data.eventId);
      if (res.ok)
        this.setData({
          title: res.data.event.title,
          timeLabel: timeRange(res.data.event.startAt, res.data.event.endAt),
        });
    },

    async refreshCode() {
      const t = timers.get(this);
      if (!t) return;
      const res = await eventsApi.checkinCode(this.data.eventId);
      if (timers.get(this) !== t) return; // hidden (and maybe shown again) meanwhile: not this chain's turn
      if (!res.ok) {
        this.setData({ codeState: 'error', codeError: res.error.message });
        return;
      }
      const { code, qrText, refreshAt } = res.data;
      const wait = Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, Date.parse(refreshAt) - Date.now()));
      t.refreshAt = Date.now() + wait;
      if (t.code) clearTimeout(t.code);
      t.code = setTimeout(() => void this.refreshCode(), wait);
      this.setData({
        codeState: 'ready',
        codeError: '',
        code: spaced(code),
        qrText,
        qrSrc: qrDataUri(qrText, 10, 2),
        secondsLeft: Math.ceil(wait / 1000),
      });
    },

    tick() {
      const t = timers.get(this);
      if (!t || !t.refreshAt) return;
      const secondsLeft = Math.max(0, Math.ceil((t.refreshAt - Date.now()) / 1000));
      if (secondsLeft !== this.data.secondsLeft) this.setData({ secondsLeft });
    },

    async refreshCounts() {
      const t = timers.get(this);
      if (!t) return;
      const res = await eventsApi.attendees({ eventId: this.data.eventId, status: 'attended', pageSize: 1 });
      if (timers.get(this) !== t || !res.ok) return;
      const { attended, registered } = res.data.counts;
      if (attended !== this.data.attended || registered !== this.data.registered)
        this.setData({ attended, registered });
    },

    /** The error state's button: try again now. */
    retry() {
      this.setData({ codeState: 'loading' });
      this.start();
    },

    onAttendees() {
      wx.navigateTo({ url: `${EVENT_ROUTES.attendees}?eventId=${this.data.eventId}&tab=attended` });
    },
  },
});
