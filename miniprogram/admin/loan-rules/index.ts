/**
 * 借阅规则 (admins): self-service borrowing on or off, the default loan rule, and a rule of its own for any
 * member category (the registration categories of `user.branches`). Every number is checked here with a
 * message beside the field (the cloud checks again); saving asks first and shows what the cloud kept.
 */
import type { CirculationSettings, LoanRule, MemberCategory } from '../../../typings/index';
import { pageBehavior } from '../../behaviors/page';
import { circulationApi } from '../../services/circulation';
import { userApi } from '../../services/user';
import type { DatasetEvent, ValueEvent } from '../../utils/events';
import { adminAccess } from '../shared/access';
import { confirm } from '../shared/catalogue';

type LoadState = 'loading' | 'ready' | 'error';
type NumberKey = Exclude<keyof LoanRule, 'noRenewalWhenHeld'>;

interface FieldSpec {
  key: NumberKey;
  label: string;
  unit: string;
  min: number;
  max: number;
}

/** The numbers of a rule, in the order the form shows them, with the bounds the cloud accepts. */
const RULE_FIELDS: FieldSpec[] = [
  { key: 'maxLoans', label: '最多在借', unit: '本', min: 1, max: 50 },
  { key: 'loanDays', label: '借期', unit: '天', min: 1, max: 365 },
  { key: 'renewals', label: '可续借', unit: '次', min: 0, max: 10 },
  { key: 'renewalDays', label: '每次续借', unit: '天', min: 1, max: 180 },
  { key: 'pickupDays', label: '预约保留', unit: '天', min: 1, max: 30 },
  { key: 'overdueSuspensionDays', label: '逾期暂停借阅', unit: '天', min: 0, max: 365 },
];

/** One card of the form: the default rule, or one member category's. */
interface Section {
  /** '' for the default rule. */
  category: MemberCategory;
  title: string;
  /** A category with a rule of its own (always true for the default). */
  custom: boolean;
  /** Not offered at registration any more (kept from saved rules). */
  stale: boolean;
  values: Record<NumberKey, string>;
  errors: Record<NumberKey, string>;
  noRenewalWhenHeld: boolean;
}

function noErrors(): Record<NumberKey, string> {
  return {
    maxLoans: '',
    loanDays: '',
    renewals: '',
    renewalDays: '',
    pickupDays: '',
    overdueSuspensionDays: '',
  };
}

function values(rule: LoanRule): Record<NumberKey, string> {
  const out = noErrors();
  for (const f of RULE_FIELDS) out[f.key] = String(rule[f.key]);
  return out;
}

function section(category: MemberCategory, rule: LoanRule, custom: boolean, stale = false): Section {
  return {
    category,
    title: category || '默认规则',
    custom,
    stale,
    values: values(rule),
    errors: noErrors(),
    noRenewalWhenHeld: rule.noRenewalWhenHeld,
  };
}

/** The form's cards: the default first, then every registration category, then categories only rules name. */
function sections(settings: CirculationSettings, categories: MemberCategory[]): Section[] {
  const own = new Map(settings.categoryRules.map((r) => [r.category, r.rule]));
  const listed = categories.map((c) => section(c, own.get(c) ?? settings.defaultRule, own.has(c)));
  const extra = settings.categoryRules
    .filter((r) => !categories.includes(r.category))
    .map((r) => section(r.category, r.rule, true, true));
  return [section('', settings.defaultRule, true), ...listed, ...extra];
}

/** The field's message, '' when the text is a whole number within bounds. */
function fieldError(spec: FieldSpec, text: string): string {
  const t = text.trim();
  if (!t) return `请填写${spec.label}`;
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max)
    return `${spec.label}应为 ${spec.min}–${spec.max} 的整数（${spec.unit}）`;
  return '';
}

function ruleOf(s: Section): LoanRule {
  const rule = { noRenewalWhenHeld: s.noRenewalWhenHeld } as LoanRule;
  for (const f of RULE_FIELDS) rule[f.key] = Number(s.values[f.key].trim());
  return rule;
}

Component({
  behaviors: [pageBehavior, adminAccess],
  data: {
    loadState: 'loading' as LoadState,
    loadError: '',
    fields: RULE_FIELDS,
    selfServiceBorrow: true,
    sections: [] as Section[],
    formError: '',
    saving: false,
  },
  methods: {
    async onLoad() {
      if (await this.admit()) await this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      if (this.data.loadState !== 'ready') this.setData({ loadState: 'loading' });
      const [rules, branches] = await Promise.all([circulationApi.rules(), userApi.branches()]);
      if (!rules.ok || !branches.ok) {
        const error = !rules.ok ? rules.error : !branches.ok ? branches.error : null;
        this.setData({ loadState: 'error', loadError: error ? error.message : '' });
        return;
      }
      this.show(rules.data, branches.data.categories);
    },

    show(settings: CirculationSettings, categories: MemberCategory[]) {
      this.setData({
        loadState: 'ready',
        selfServiceBorrow: settings.selfServiceBorrow,
        sections: sections(settings, categories),
        formError: '',
      });
    },

    onSelfService(e: ValueEvent<boolean>) {
      this.setData({ selfServiceBorrow: e.detail });
    },

    onField(e: ValueEvent<string> & DatasetEvent<{ section: number; field: NumberKey }>) {
      const { section: index, field } = e.currentTarget.dataset;
      const spec = RULE_FIELDS.find((f) => f.key === field);
      if (!spec || !this.data.sections[index]) return;
      const text = typeof e.detail === 'string' || typeof e.detail === 'number' ? String(e.detail) : '';
      this.setData({
        [`sections[${index}].values.${field}`]: text,
        [`sections[${index}].errors.${field}`]: text.trim() ? fieldError(spec, text) : '',
        formError: '',
      });
    },

    onNoRenewal(e: ValueEvent<boolean> & DatasetEvent<{ section: number }>) {
      this.setData({ [`sections[${e.currentTarget.dataset.section}].noRenewalWhenHeld`]: e.detail });
    },

    /** A category gets a rule of its own (starting from the default as it stands) or goes back to the default. */
    onCustom(e: ValueEvent<boolean> & DatasetEvent<{ section: number }>) {
      const index = e.currentTarget.dataset.section;
      const current = this.data.sections[index];
      const base = this.data.sections[0];
      if (!current || !base || index === 0) return;
      const next: Section = e.detail
        ? {
            ...current,
            custom: true,
            values: { ...base.values },
            errors: noErrors(),
            noRenewalWhenHeld: base.noRenewalWhenHeld,
          }
        : { ...current, custom: false, errors: noErrors() };
      this.setData({ [`sections[${index}]`]: next, formError: '' });
    },

    /** Checks every shown field; answers the settings to save, or null (messages shown) when one is wrong. */
    collect(): CirculationSettings | null {
      let wrong = 0;
      const checked = this.data.sections.map((s) => {
        if (!s.custom) return s;
        const errors = noErrors();
        for (const f of RULE_FIELDS) {
          errors[f.key] = fieldError(f, s.values[f.key]);
          if (errors[f.key]) wrong += 1;
        }
        return { ...s, errors };
      });
      this.setData({ sections: checked });
      const [base, ...categories] = checked;
      if (wrong || !base) {
        this.setData({ formError: `有 ${wrong} 处填写不正确，请按红字改正后再保存` });
        return null;
      }
      return {
        selfServiceBorrow: this.data.selfServiceBorrow,
        defaultRule: ruleOf(base),
        categoryRules: categories
          .filter((s) => s.custom)
          .map((s) => ({ category: s.category, rule: ruleOf(s) })),
      };
    },

    async onSave() {
      if (this.data.saving) return;
      const settings = this.collect();
      if (!settings) return;
      const own = settings.categoryRules.length;
      const ok = await confirm(
        '保存借阅规则？',
        `${settings.selfServiceBorrow ? '读者可以自助借书' : '只能在借还台借出'}；默认规则${own ? `和 ${own} 个类别的单独规则` : ''}将用于之后的借出、续借和预约，已借出的书应还日期不变。`,
        '保存',
      );
      if (!ok) return;
      this.setData({ saving: true });
      const res = await circulationApi.saveRules(settings);
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ formError: res.error.message });
        return;
      }
      const categories = this.data.sections
        .slice(1)
        .filter((s) => !s.stale)
        .map((s) => s.category);
      this.show(res.data, categories);
      wx.showToast({ title: '借阅规则已保存', icon: 'none' });
    },
  },
});
