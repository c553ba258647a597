/** 读者登记: name, branch and category, then `user.register`; on success the member goes to 我的. */
import type { BranchesResult } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { userApi } from '../../services/user';
import { ready, updateMember } from '../../stores/session';
import { requirePrivacyConsent } from '../../utils/privacy';
import { hasErrors, NAME_MAX, validateRegistration, type RegistrationErrors } from '../../utils/registration';
import { go, ROUTES } from '../../utils/routes';
import type { ValueEvent } from '../../utils/events';

type LoadState = 'loading' | 'ready' | 'empty' | 'error';

Component({
  behaviors: [pageBehavior],
  data: {
    state: 'loading' as LoadState,
    loadError: '',
    nameMax: NAME_MAX,
    name: '',
    branches: [] as BranchesResult['items'],
    branchNames: [] as string[],
    branchIndex: -1,
    categories: [] as string[],
    categoryIndex: -1,
    errors: {} as RegistrationErrors,
    submitting: false,
    submitError: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },

    async load() {
      this.setData({ state: 'loading' });
      const session = await ready();
      if (session.ok && session.data.member) {
        go(ROUTES.me); // already registered: the member card is on 我的
        return;
      }
      const res = await userApi.branches();
      if (!res.ok) {
        this.setData({ state: 'error', loadError: res.error.message });
        return;
      }
      const { items, categories } = res.data;
      this.setData({
        state: items.length ? 'ready' : 'empty',
        branches: items,
        branchNames: items.map((b) => b.name),
        categories,
      });
    },

    onNameChange(e: ValueEvent<string>) {
      this.setData({ name: e.detail, 'errors.name': '', submitError: '' });
    },

    onBranchChange(e: WechatMiniprogram.PickerChange) {
      this.setData({ branchIndex: Number(e.detail.value), 'errors.branchId': '', submitError: '' });
    },

    onCategoryChange(e: WechatMiniprogram.PickerChange) {
      this.setData({ categoryIndex: Number(e.detail.value), 'errors.category': '', submitError: '' });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const { name, branches, branchIndex, categories, categoryIndex } = this.data;
      const form = {
        name: name.trim(),
        branchId: branchIndex >= 0 ? branches[branchIndex]._id : '',
        category: categoryIndex >= 0 ? categories[categoryIndex] : '',
      };
      const errors = validateRegistration(form);
      this.setData({ errors, submitError: '' });
      if (hasErrors(errors)) return;

      if (!(await requirePrivacyConsent())) {
        this.setData({ submitError: '需要先同意隐私保护指引，才能登记为读者。' });
        return;
      }

      this.setData({ submitting: true });
      const res = await userApi.register(form);
      this.setData({ submitting: false });
      if (!res.ok) {
        this.setData({ submitError: res.error.message });
        return;
      }
      updateMember(res.data.member, res.data.roles);
      const pending = res.data.member.status === 'pending';
      wx.showToast({ title: pending ? '已提交，等待审核' : '登记成功', icon: 'success' });
      go(ROUTES.me);
    },
  },
});
