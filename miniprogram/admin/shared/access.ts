/**
 * Who may use an admin page. `accessBehavior(allowed)` gives the page `checking` / `allowed` for its
 * no-permission state, `admit()` to call first in onLoad (false: the page shows the refusal and does nothing
 * else) and `goBack()` for that state's button. The cloud functions check the role again.
 */
import type { ApiResult } from '../../../typings/index';
import { isAdmin, isLibrarian, isOrganiser, ready, type Session } from '../../stores/session';

export function accessBehavior(allowed: (session: Session) => boolean) {
  return Behavior({
    data: { checking: true, allowed: false },
    methods: {
      async admit(): Promise<boolean> {
        const session: ApiResult<Session> = await ready();
        const ok = session.ok && allowed(session.data);
        this.setData({ checking: false, allowed: ok });
        return ok;
      },
      goBack() {
        wx.navigateBack({ delta: 1 });
      },
    },
  });
}

/** Librarians and admins: the catalogue and the desk. */
export const librarianAccess = accessBehavior(isLibrarian);

/** Admins only: loan rules. */
export const adminAccess = accessBehavior(isAdmin);

/** Organisers and admins: 活动管理, the attendee list and the check-in screen. */
export const organiserAccess = accessBehavior(isOrganiser);
