/** The privacy popup every page carries (see utils/privacy.ts for how it is opened and answered). */
import {
  agree,
  attachPopup,
  detachPopup,
  disagree,
  reportExposure,
  type PrivacyPopup,
} from '../../utils/privacy';

const handles = new WeakMap<object, PrivacyPopup>();

Component({
  data: { show: false },
  lifetimes: {
    attached() {
      const handle: PrivacyPopup = {
        open: () => {
          this.setData({ show: true });
          reportExposure();
        },
        close: () => this.setData({ show: false }),
      };
      handles.set(this, handle);
      attachPopup(handle);
    },
    detached() {
      const handle = handles.get(this);
      if (handle) detachPopup(handle);
    },
  },
  pageLifetimes: {
    show() {
      // A page shown again (back navigation, tab switch) is on top: its popup answers from now on.
      const handle = handles.get(this);
      if (handle) attachPopup(handle);
    },
  },
  methods: {
    onAgree() {
      agree('agree-btn');
    },
    onDisagree() {
      disagree();
      wx.showToast({ title: '未同意隐私保护指引，部分功能无法使用', icon: 'none' });
    },
    onOpenContract() {
      if (typeof wx.openPrivacyContract === 'function') wx.openPrivacyContract({});
    },
  },
});
