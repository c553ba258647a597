/**
 * For pages that show the session (首页, 我的): `state` / `loadError`, the page's view of the session kept
 * current through stores/session.ts, retry and pull-to-refresh. `view` turns a session into page data.
 */
import type { ApiResult } from '../../typings/index';
import { refresh, subscribe, type Session } from '../stores/session';

export type SessionLoadState = 'loading' | 'ready' | 'error';

export function sessionBehavior(view: (session: Session) => WechatMiniprogram.IAnyObject) {
  const unsubscribers = new WeakMap<object, () => void>();
  return Behavior({
    data: { state: 'loading' as SessionLoadState, loadError: '' },
    lifetimes: {
      attached() {
        unsubscribers.set(
          this,
          subscribe((session) => this.setData({ state: 'ready', ...view(session) })),
        );
      },
      detached() {
        unsubscribers.get(this)?.();
      },
    },
    methods: {
      /** Shows the session once `pending` answers; null (and the error state) when it failed. */
      async showSession(pending: Promise<ApiResult<Session>>): Promise<Session | null> {
        const res = await pending;
        if (res.ok) {
          this.setData({ state: 'ready', ...view(res.data) });
          return res.data;
        }
        this.setData({ state: 'error', loadError: res.error.message });
        return null;
      },
      reloadSession() {
        this.setData({ state: 'loading' });
        void this.showSession(refresh());
      },
      onPullDownRefresh() {
        void this.showSession(refresh()).then(() => wx.stopPullDownRefresh());
      },
    },
  });
}
