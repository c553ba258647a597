/**
 * Loan rules (借阅规则) and circulation settings: the `circulation` document of the `config` collection.
 * A member borrows under their category's own rule, else the default rule; nothing stored yet means
 * DEFAULT_LOAN_RULE for everyone and self-service borrowing on. Read on every call (no module cache:
 * another instance may have saved new rules).
 */
import { z } from 'zod';
import { DEFAULT_LOAN_RULE, type CirculationSettings, type LoanRule } from '../../../typings/entities';
import { logAudit } from '../../_shared/audit';
import type { Caller } from '../../_shared/caller';
import { collection } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { text } from '../../_shared/validation';

const SETTINGS_ID = 'circulation';

interface SettingsDoc extends CirculationSettings {
  _id: typeof SETTINGS_ID;
  updatedAt: Date;
}

export const DEFAULT_SETTINGS: CirculationSettings = {
  selfServiceBorrow: true,
  defaultRule: DEFAULT_LOAN_RULE,
  categoryRules: [],
};

/** The rule of a member category: its own, else the default. */
export function ruleFor(settings: CirculationSettings, category: string): LoanRule {
  return settings.categoryRules.find((r) => r.category === category)?.rule ?? settings.defaultRule;
}

/** A stored rule completed with the defaults (a field added later reads as its default). */
function completeRule(rule: Partial<LoanRule> | undefined): LoanRule {
  return { ...DEFAULT_LOAN_RULE, ...rule };
}

export async function readSettings(): Promise<CirculationSettings> {
  const doc = await findById<SettingsDoc>(COLLECTIONS.config.name, SETTINGS_ID);
  if (!doc) return DEFAULT_SETTINGS;
  return {
    selfServiceBorrow: doc.selfServiceBorrow ?? true,
    defaultRule: completeRule(doc.defaultRule),
    categoryRules: (doc.categoryRules ?? []).map((r) => ({
      category: r.category,
      rule: completeRule(r.rule),
    })),
  };
}

function whole(label: string, min: number, max: number) {
  return z
    .number({ error: `${label}必须是数字` })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });
}

export const loanRuleSchema = z.object(
  {
    maxLoans: whole('最多可借册数', 1, 50),
    loanDays: whole('借期天数', 1, 365),
    renewals: whole('可续借次数', 0, 10),
    renewalDays: whole('续借天数', 1, 180),
    noRenewalWhenHeld: z.boolean({ error: '“有人预约时不能续借”必须是是或否' }),
    pickupDays: whole('预约取书天数', 1, 30),
    overdueSuspensionDays: whole('逾期暂停借阅天数', 0, 365),
  },
  { error: '借阅规则格式不正确' },
);

/** At most this many categories with a rule of their own. */
const MAX_CATEGORY_RULES = 30;

export const settingsInput = z.object({
  selfServiceBorrow: z.boolean({ error: '“允许自助借阅”必须是是或否' }),
  defaultRule: loanRuleSchema,
  categoryRules: z
    .array(
      z.object({ category: text('人员类别', 20), rule: loanRuleSchema }, { error: '类别规则格式不正确' }),
      {
        error: '类别规则必须是列表',
      },
    )
    .max(MAX_CATEGORY_RULES, { error: `最多为 ${MAX_CATEGORY_RULES} 个人员类别单独设置规则` })
    .refine((rules) => new Set(rules.map((r) => r.category)).size === rules.length, {
      error: '同一人员类别只能有一条规则',
    }),
});

export async function saveSettings(input: CirculationSettings, caller: Caller): Promise<CirculationSettings> {
  const settings: CirculationSettings = {
    selfServiceBorrow: input.selfServiceBorrow,
    defaultRule: input.defaultRule,
    categoryRules: input.categoryRules,
  };
  await collection<SettingsDoc>(COLLECTIONS.config.name)
    .doc(SETTINGS_ID)
    .set({ data: { ...settings, updatedAt: now() } });
  await logAudit({
    actorOpenid: caller.openid,
    action: 'saveRules',
    targetId: SETTINGS_ID,
    detail: settings as unknown as Record<string, unknown>,
  });
  return settings;
}
