/** 我的: the member card with the member code (QR), 字号调节, the admin entry, the local identity. */
import type { Member } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { sessionBehavior } from '../../behaviors/session';
import { config } from '../../config';
import { localOpenid, setLocalOpenid } from '../../services/local-identity';
import { isAdmin, isLibrarian, ready, type Session } from '../../stores/session';
import { roleLabels, STATUS_LABELS, STATUS_TAG_TYPES } from '../../utils/labels';
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
    roleNames: [] as string[],
    statusLabel: '',
    statusType: 'primary',
    qrSrc: '',
    textSizes: TEXT_SIZES,
    textSize: textSize(),
    localMode: config.transport === 'local',
    localOpenid: '',
  },
  methods: {
    onLoad() {
      if (this.data.localMode) this.setData({ localOpenid: localOpenid() });
      void this.showSession(ready());
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
