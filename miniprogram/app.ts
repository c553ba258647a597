/** The app: cloud init, the privacy handler, and the login every page waits for (stores/session.ts). */
import { config } from './config';
import { refresh } from './stores/session';
import { installPrivacyHandler } from './utils/privacy';

App({
  onLaunch() {
    if (config.transport === 'cloud') {
      wx.cloud.init({ env: config.envId, traceUser: true });
    }
    installPrivacyHandler();
    void refresh();
  },
});
