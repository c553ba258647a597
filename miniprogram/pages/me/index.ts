/**
 * 我的: the member card with the member code (QR), 我的借阅 / 我的预约 / 我的活动 with current counts (refreshed
 * on every show), 字号调节, the admin entry, the local identity.
 */
import type { Member } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { sessionBehavior } from '../../behaviors/session';
import { config } from '../../config';
import { circulationApi } from '../../services/circulation';
import { eventsApi } from '../../services/events';
import { localOpenid, setLocalOpenid } from '../../services/local-identity';
import { isAdmin, isLibrarian, isOrganiser, ready, type Session } from '../../stores/session';
import { roleLabels, STATUS_LABELS, STATUS_TAG_TYPES } from '../../utils/labels';
import { isOpenHold } from '../../utils/circulation';
import { qrDataUri } from '../../utils/qrcode';
import { go, ROUTES } from '../../utils/routes';
import { setTextSize, textSize, TEXT_SIZES, type TextSize } from '../../utils/text-size';
import type { DatasetEvent } from '../../utils/events';

/** What the page shows of a session. Roles are the effective ones (`member` once active). */
function view(session: Session) {
  const member = session.member;
  return {
    member,
    isAdmin: isAdmin(session),
    isLibrarian: isLibrarian(session),
    isOrganiser: isOrganiser(session),
    roleNames: roleLabels(session.roles),
    statusLabel: member ? STATUS_LABELS[member.status] : '',
    statusType: member ? STATUS_TAG_TYPES[member.status] : 'primary',
    qrSrc: member && member.status === 'active' ? qrDataUri(member.memberCode) : '',
  };
}

Component({
  behaviors: [pageBehavior, sessionBehavior(view)],
  data: {
    member: null as Member | null,
    isAdmin: false,
    isLibrarian: false,
    isOrganiser: false,
    roleNames: [] as string[],
    statusLabel: '',
    statusType: 'primary',
    qrSrc: '',
    textSizes: TEXT_SIZES,
    textSize: textSize(),
    localMode: config.transport === 'local',
    localOpenid: '',
    /** The values of the 我的借阅 / 我的预约 cells ('' until known), and a line when something needs doing. */
    loansValue: '',
    loansNote: '',
    holdsValue: '',
    holdsNote: '',
    /** 我的活动: N 个待参加, and N 个候补中 when the member waits for a seat. */
    eventsValue: '',
    eventsNote: '',
  },
  methods: {
    async onLoad() {
      if (this.data.localMode) this.setData({ localOpenid: localOpenid() });
      await this.showSession(ready());
      void this.loadCounts();
    },

    onShow() {
      if (this.data.state === 'ready') void this.loadCounts();
    },

    /** 在借 N 本 (N 本已逾期); N 个排队中 / N 本待取: for an active member. */
    async loadCounts() {
      const { member } = this.data;
      if (!member || member.status !== 'active') return;
      const [loans, holds, events] = await Promise.all([
        circulationApi.myLoans(1, 20),
        circulationApi.myHolds(),
        eventsApi.mine(1, 50),
      ]);
      const update: Record<string, string> = {};
      if (loans.ok) {
        const current = loans.data.items.filter((loan) => loan.status === 'active');
        const overdue = current.filter((loan) => loan.overdue).length;
        update.loansValue = current.length ? `在借 ${current.length} 本` : '没有在借';
        update.loansNote = overdue ? `${overdue} 本已逾期` : '';
      }
      if (holds.ok) {
        const open = holds.data.items.filter(isOpenHold);
        const readyCount = open.filter((hold) => hold.status === 'ready').length;
        update.holdsValue = readyCount
          ? `${readyCount} 本待取`
          : open.length
            ? `${open.length} 个排队中`
            : '没有预约';
        update.holdsNote = readyCount ? '书已到馆，请按时取' : '';
      }
      if (events.ok) {
        const coming = events.data.items.filter((e) => e.phase !== 'past' && e.status === 'published');
        const registered = coming.filter((e) => e.mine.status === 'registered').length;
        const waiting = coming.filter((e) => e.mine.status === 'waitlisted').length;
        update.eventsValue = registered ? `${registered} 个待参加` : '没有待参加';
        update.eventsNote = waiting ? `${waiting} 个候补中` : '';
      }
      this.setData(update);
    },

    goRegister() {
      go(ROUTES.register);
    },

    onTextSize(e: DatasetEvent<{ size: TextSize }>) {
      const size = e.currentTarget.dataset.size;
      setTextSize(size);
      this.setData({ textSize: size });
    },

    onChangeLocalIdentity() {
      wx.showModal({
        title: '切换本地调试身份',
        editable: true,
        placeholderText: '字母、数字、- 或 _',
        content: this.data.localOpenid,
        success: (res) => {
          if (!res.confirm || !res.content) return;
          if (!setLocalOpenid(res.content)) {
            wx.showToast({ title: '身份只能包含字母、数字、- 或 _', icon: 'none' });
            return;
          }
          this.setData({ localOpenid: localOpenid() });
          this.reloadSession();
        },
      });
    },
  },
});
