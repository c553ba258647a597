/** 书目 (tab): a kind placeholder until its capability is built. */
import { pageBehavior } from '../../behaviors/page';
import { go, ROUTES } from '../../utils/routes';

Component({
  behaviors: [pageBehavior],
  methods: {
    goHome() {
      go(ROUTES.home);
    },
  },
});
