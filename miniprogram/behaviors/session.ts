/**
 * For pages that show the session (首页, 我的): `state` / `loadError`, the page's view of the session kept
 * current through stores/session.ts, retry and pull-to-refresh. `view` turns a session into page data.
 */
import type { ApiResult } from '../../typings/index';
import { refresh, subscribe, type Session } from '../stores/session';

export type SessionLoadState = 'loading' | 'ready' | 'error';

export function sessionBehavior(view: (session: Session) => WechatMiniprogram.IAnyObject) {
  const unsubscribers = new WeakMap<object, () => void>();
  /** The session each page shows, so a login heard twice (answer and publication) renders once. */
  const shown = new WeakMap<object, Session>();
  function show(page: WechatMiniprogram.Component.TrivialInstance, session: Session): void {
    if (shown.get(page) === session) return;
    shown.set(page, session);
    page.setData({ state: 'ready', ...view(session) });
  }
  return Behavior({
    data: { state: 'loading' as SessionLoadState, loadError: '' },
    lifetimes: {
      attached() {
        unsubscribers.set(
          this,
          subscribe((session) => show(this, session)),
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
          show(this, res.data);
          return res.data;
        }
        this.setData({ state: 'error', loadError: res.error.message });
        return null;
      },
      reloadSession() {
        shown.delete(this);
        this.setData({ state: 'loading' });
        void this.showSession(refresh());
      },
      onPullDownRefresh() {
        void this.showSession(refresh()).then(() => wx.stopPullDownRefresh());
      },
    },
  });
}
