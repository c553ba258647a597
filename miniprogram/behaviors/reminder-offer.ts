/**
 * "开启提醒" on 我的借阅 / 我的预约: a member lent a book at the desk had no phone in hand to accept reminders,
 * so these pages offer it on the next visit. `circulation.myReminders` says which kinds lack a consent for
 * the loans / holds that may still get them; the offer shows the page's kinds among those, and its button
 * asks for them inside the tap (services/consent.ts). Shown once per visit: after a tap it goes away.
 */
import type { ReminderKind } from '../../typings/index';
import { circulationApi } from '../services/circulation';
import { askReminders, prepareReminders } from '../services/consent';

export function reminderOfferBehavior(kinds: ReminderKind[]) {
  return Behavior({
    data: { reminderOffer: [] as ReminderKind[] },
    lifetimes: {
      attached() {
        prepareReminders();
      },
    },
    methods: {
      /** Asks the function which of the page's kinds to offer (quietly nothing on an error). */
      async loadReminderOffer() {
        const res = await circulationApi.myReminders();
        if (!res.ok) return;
        this.setData({ reminderOffer: kinds.filter((kind) => res.data.wanted.includes(kind)) });
      },

      onEnableReminders() {
        const offer = this.data.reminderOffer;
        if (!offer.length) return;
        const asking = askReminders(offer); // first, inside the tap
        this.setData({ reminderOffer: [] });
        void asking.then((accepted) => {
          if (accepted.length) wx.showToast({ title: '已开启提醒', icon: 'success' });
        });
      },
    },
  });
}
