/**
 * 活动详情: poster, type, title, time, place or online link, organiser, audience, description, seats, and
 * the sign-up area in the caller's state (utils/room-events.ts signupArea): 立即报名 / 候补报名 / 已报名
 * (取消报名 after a confirmation) / 候补中·第 N 位 (取消候补) / 已签到 / 报名已截止 / 活动已取消 / 仅限… /
 * 请先登记; 扫码签到 and 输入签到码 while check-in is open for the caller.
 *
 * Opened by id (`?id=…&inviter=<member id>` from a share card) or by a poster's code (`?scene=…`, resolved
 * by `resolveScene`); the inviter goes to `detail`, which records who invited the caller. The share card and
 * the Moments share carry the caller's own member id as inviter. Questions asked at sign-up are answered in
 * a popup; reminder consent is asked inside the tap that signs up.
 */
import type { EventDetail, EventQuestion } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { askReminders, prepareReminders } from '../../services/consent';
import { eventsApi } from '../../services/events';
import { ready } from '../../stores/session';
import { confirm, tell } from '../../utils/dialogs';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import {
  cleanInviter,
  eventCard,
  EVENT_REMINDERS,
  momentWithWeekday,
  signupArea,
  type SignupArea,
} from '../../utils/room-events';
import { go, queryParam, ROUTES, withQuery } from '../../utils/routes';
import { scanBarcode } from '../../utils/scan';

type LoadState = 'loading' | 'ready' | 'error' | 'missing';

/** What the page shows of `detail`: the event's card (labels, tags, seats as the list shows them) and more. */
function view(detail: EventDetail, now = new Date()) {
  const { event } = detail;
  const card = eventCard({ ...event, phase: detail.phase }, detail.mine, now);
  return {
    event,
    typeLabel: card.typeLabel,
    color: card.color,
    statusTag: card.tags[0],
    timeText: card.timeText,
    deadlineText: momentWithWeekday(event.signupDeadline, now),
    seatsText: card.seatsText,
    waitText: card.waitText,
    audienceText: detail.audienceNames.length ? detail.audienceNames.join('、') : '全体读者',
    canManage: detail.canManage,
    area: signupArea(detail, now),
  };
}

/** The page's query: the event and the inviter, straight or behind a poster's scene. */
interface Opened {
  eventId: string;
  inviter: string;
}
const opened = new WeakMap<object, Opened>();
const loads = new WeakMap<object, number>();

/** What the page holds before the event arrives (the view's shape). */
const BLANK: EventDetail = {
  event: {
    _id: '',
    type: 'other',
    title: '',
    description: '',
    poster: '',
    startAt: '',
    endAt: '',
    place: '',
    onlineUrl: '',
    capacity: 0,
    signupDeadline: '',
    audienceBranchIds: [],
    organiserId: '',
    organiserName: '',
    status: 'published',
    checkinOpensAt: '',
    checkinClosesAt: '',
    questions: [],
    registered: 0,
    waitlisted: 0,
    createdAt: '',
    updatedAt: '',
  },
  phase: 'upcoming',
  mine: { status: 'none' },
  canSignup: false,
  canCheckin: false,
  canManage: false,
  audienceNames: [],
};

Component({
  behaviors: [pageBehavior],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    ...view(BLANK),
    /** The caller's member id ('' before registering): the inviter of the cards they share. */
    memberId: '',
    posterFailed: false,
    busy: false,
    /** The questions popup. */
    asking: false,
    answers: {} as Record<string, string>,
    answerErrors: {} as Record<string, string>,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      wx.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage', 'shareTimeline'] });
      prepareReminders();
      const scene = queryParam(query, 'scene');
      if (scene && !queryParam(query, 'id')) {
        const res = await eventsApi.resolveScene(scene);
        if (!res.ok) {
          this.setData({ state: 'missing' });
          return;
        }
        opened.set(this, { eventId: res.data.eventId, inviter: cleanInviter(res.data.inviter ?? '') });
      } else {
        opened.set(this, {
          eventId: queryParam(query, 'id'),
          inviter: cleanInviter(queryParam(query, 'inviter')),
        });
      }
      await this.load(true);
    },

    /** Back from 去登记, the organiser's page or a share: the standing may have changed. */
    onShow() {
      if (this.data.state === 'ready') void this.load(false);
    },

    onPullDownRefresh() {
      void this.load(this.data.state !== 'ready').then(() => wx.stopPullDownRefresh());
    },

    reload() {
      void this.load(true);
    },

    /** The event and the caller's standing (the inviter recorded on the way: the first invite counts). */
    async load(showLoading: boolean) {
      const { eventId, inviter } = opened.get(this) ?? { eventId: '', inviter: '' };
      if (!eventId) {
        this.setData({ state: 'missing' });
        return;
      }
      const request = (loads.get(this) ?? 0) + 1;
      loads.set(this, request);
      if (showLoading) this.setData({ state: 'loading' });
      const [res, session] = await Promise.all([eventsApi.detail(eventId, inviter || undefined), ready()]);
      if (loads.get(this) !== request) return;
      if (!res.ok) {
        if (res.error.code === 'NOT_FOUND') this.setData({ state: 'missing' });
        else if (this.data.state === 'ready') wx.showToast({ title: res.error.message, icon: 'none' });
        else this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      // the invite is recorded by the first answer: later loads do not send it again
      if (inviter) opened.set(this, { eventId, inviter: '' });
      const member = session.ok ? session.data.member : null;
      wx.setNavigationBarTitle({ title: res.data.event.title });
      this.setData({
        state: 'ready',
        memberId: member ? member._id : '',
        ...view(res.data),
      });
    },

    /** The sign-up area's button. */
    onAction() {
      const { area, event, busy } = this.data as {
        area: SignupArea;
        event: EventDetail['event'];
        busy: boolean;
      };
      if (busy) return;
      if (area.action === 'register') go(ROUTES.register);
      else if (area.action === 'cancel') void this.onCancel();
      else if (area.action === 'signup') {
        if (event.questions.length) this.setData({ asking: true, answerErrors: {} });
        else void this.signup({});
      }
    },

    /** Signs up; the reminder consent is asked first, inside the tap. */
    async signup(answers: Record<string, string>) {
      const consent = askReminders(EVENT_REMINDERS);
      await consent;
      this.setData({ busy: true });
      const res = await eventsApi.signup({ eventId: this.data.event._id, answers });
      this.setData({ busy: false });
      if (!res.ok) {
        tell('没有报名成功', res.error.message);
        void this.load(false);
        return;
      }
      this.setData({ asking: false });
      const { mine } = res.data;
      wx.showToast({
        title:
          mine.status === 'waitlisted'
            ? `名额已满，已进入候补第 ${mine.position ?? ''} 位`
            : mine.status === 'attended'
              ? '你已签到'
              : '报名成功',
        icon: 'none',
      });
      await this.load(false);
    },

    async onCancel() {
      const waitlisted = this.data.area.kind === 'waitlisted';
      const ok = await confirm(
        waitlisted ? '取消候补？' : '取消报名？',
        waitlisted
          ? `取消后你将离开「${this.data.event.title}」的候补名单，再报名要重新排队。`
          : `取消后你的名额会让给候补的人；名额满时再报名只能候补。`,
        waitlisted ? '取消候补' : '取消报名',
      );
      if (!ok) return;
      this.setData({ busy: true });
      const res = await eventsApi.cancel(this.data.event._id);
      this.setData({ busy: false });
      if (!res.ok) {
        tell('没有取消成功', res.error.message);
        return;
      }
      wx.showToast({ title: waitlisted ? '已取消候补' : '已取消报名', icon: 'none' });
      await this.load(false);
    },

    // ——— questions asked at sign-up ———

    onAnswer(e: ValueEvent<string> & DatasetEvent<{ id: string }>) {
      const id = e.currentTarget.dataset.id;
      this.setData({ [`answers.${id}`]: e.detail, [`answerErrors.${id}`]: '' });
    },

    closeQuestions() {
      this.setData({ asking: false });
    },

    /** 提交报名 in the popup: required answers checked here, then the sign-up (consent inside this tap). */
    submitAnswers() {
      const questions: EventQuestion[] = this.data.event.questions;
      const answers: Record<string, string> = {};
      const errors: Record<string, string> = {};
      for (const question of questions) {
        const answer = (this.data.answers[question.id] ?? '').trim();
        if (answer) answers[question.id] = answer;
        else if (question.required)
          errors[question.id] = question.kind === 'choice' ? '请选择一项' : '请填写';
      }
      if (Object.keys(errors).length) {
        this.setData({ answerErrors: errors });
        return;
      }
      void this.signup(answers);
    },

    // ——— check-in ———

    async onScanCheckin() {
      const text = await scanBarcode();
      if (text) await this.checkin(text);
    },

    onTypeCheckin() {
      wx.showModal({
        title: '输入签到码',
        editable: true,
        placeholderText: '组织者手机上的 6 位数字',
        success: (res) => {
          if (!res.confirm) return;
          const code = (res.content ?? '').replace(/\s/g, '');
          if (!/^\d{6}$/.test(code)) {
            tell('签到码不对', '签到码是 6 位数字，请看组织者手机上的签到页面。');
            return;
          }
          void this.checkin(code);
        },
      });
    },

    async checkin(code: string) {
      this.setData({ busy: true });
      const res = await eventsApi.checkin(this.data.event._id, code);
      this.setData({ busy: false });
      if (!res.ok) {
        tell('签到没有成功', res.error.message);
        return;
      }
      wx.showToast({ title: '签到成功', icon: 'success' });
      await this.load(false);
    },

    // ——— links and sharing ———

    copyLink() {
      wx.setClipboardData({ data: this.data.event.onlineUrl });
    },

    onPosterError() {
      this.setData({ posterFailed: true });
    },

    openPoster() {
      go(ROUTES.eventPoster, { id: this.data.event._id });
    },

    /** The organiser's page of this event (报名名单, 签到 and 导出 are one tap from there). */
    manage() {
      go(ROUTES.adminEventEdit, { eventId: this.data.event._id });
    },

    /** The share card: the event, with the caller as inviter. */
    onShareAppMessage() {
      const { event, memberId } = this.data;
      return {
        title: event.title,
        path: withQuery(ROUTES.event, { id: event._id, inviter: memberId }),
        ...(event.poster ? { imageUrl: event.poster } : {}),
      };
    },

    onShareTimeline() {
      const { event, memberId } = this.data;
      return {
        title: event.title,
        query: withQuery(ROUTES.event, { id: event._id, inviter: memberId }).split('?')[1] ?? '',
        ...(event.poster ? { imageUrl: event.poster } : {}),
      };
    },
  },
});
