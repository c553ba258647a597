/** 首页: greeting, shortcuts, the member's reading at a glance. A new user is sent to registration once. */
import type { Member } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { sessionBehavior } from '../../behaviors/session';
import { ready } from '../../stores/session';
import { go, ROUTES, type Route } from '../../utils/routes';
import type { DatasetEvent } from '../../utils/events';

const SHORTCUTS: { label: string; hint: string; icon: string; route: Route }[] = [
  { label: '找书', hint: '馆藏检索', icon: 'search', route: ROUTES.catalogue },
  { label: '活动', hint: '报名签到', icon: 'calendar-o', route: ROUTES.events },
  { label: '借书码', hint: '服务台出示', icon: 'qr', route: ROUTES.me },
];

/** A new user lands on registration on their first visit of this launch, not every time. */
let sentToRegistration = false;

Component({
  behaviors: [pageBehavior, sessionBehavior((session) => ({ member: session.member }))],
  data: {
    member: null as Member | null,
    shortcuts: SHORTCUTS,
  },
  methods: {
    async onLoad() {
      const session = await this.showSession(ready());
      if (session && !session.member && !sentToRegistration) {
        sentToRegistration = true;
        go(ROUTES.register);
      }
    },

    goRegister() {
      go(ROUTES.register);
    },

    onShortcut(e: DatasetEvent<{ route: Route }>) {
      go(e.currentTarget.dataset.route);
    },
  },
});
