/** 党支部管理 (admins): add, rename, remove (after a confirmation) the branches members register into. */
import type { BranchesResult } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { userApi } from '../../services/user';
import { adminAccess } from '../shared/access';
import { namedListBehavior } from '../shared/named-list';

/** The cloud function's limit for a branch name (cloudfunctions/user: text('党支部名称', 40)). */
const NAME_MAX = 40;

type Item = BranchesResult['items'][number];

const branchList = namedListBehavior<Item>({
  label: '党支部名称',
  list: () => userApi.branches(),
  save: (branchId, name) => userApi.saveBranch(branchId ? { branchId, name } : { name }),
  remove: (branchId) => userApi.removeBranch(branchId),
});

Component({
  behaviors: [pageBehavior, adminAccess, branchList],
  data: {
    nameMax: NAME_MAX,
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },
  },
});
