/**
 * Which subscription-message templates the reminders use, per cloud environment (docs/circulation.md,
 * "Reminders"): the `reminders` document of the `config` collection, else environment variables, else
 * none (a kind without a template is simply not sent, and not offered to members).
 *
 * ```json
 * { "_id": "reminders",
 *   "templates": { "dueSoon": "<template id>",
 *                  "overdue": { "templateId": "<id>", "fields": { "date": "time2" } } },
 *   "miniprogramState": "formal" }
 * ```
 *
 * `fields` renames the message's keywords when the template chosen in the console numbers them
 * differently from the defaults (reminder-messages.ts). Each kind needs a template of its own (a template
 * id already used by an earlier kind leaves the later kind unconfigured). Environment variables (one per kind):
 * REMINDER_TEMPLATE_DUE_SOON, REMINDER_TEMPLATE_OVERDUE, REMINDER_TEMPLATE_HOLD_READY,
 * REMINDER_TEMPLATE_HOLD_EXPIRING, and REMINDER_MINIPROGRAM_STATE.
 */
import { REMINDER_KINDS, type ReminderKind } from '../../../typings/entities';
import type { ReminderTemplates } from '../../../typings/functions/circulation';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { DEFAULT_FIELDS, type MessageField } from './reminder-messages';

/** Which version of the mini-program a message opens (subscribeMessage.send `miniprogramState`). */
export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];

export interface TemplateSetting {
  templateId: string;
  fields?: Partial<Record<MessageField, string>>;
}

export interface RemindersConfigDoc {
  _id: 'reminders';
  templates?: Partial<Record<ReminderKind, string | TemplateSetting>>;
  miniprogramState?: MiniprogramState;
}

export interface ReminderTemplate {
  templateId: string;
  /** The template's keyword for each part of the message. */
  fields: Record<MessageField, string>;
}

export interface ReminderConfig {
  /** Only the kinds with a template. */
  templates: Partial<Record<ReminderKind, ReminderTemplate>>;
  miniprogramState: MiniprogramState;
}

export const REMINDERS_CONFIG_ID = 'reminders';

const ENV_NAMES: Record<ReminderKind, string> = {
  dueSoon: 'REMINDER_TEMPLATE_DUE_SOON',
  overdue: 'REMINDER_TEMPLATE_OVERDUE',
  holdReady: 'REMINDER_TEMPLATE_HOLD_READY',
  holdExpiring: 'REMINDER_TEMPLATE_HOLD_EXPIRING',
};

/** A template keyword's name: its type and number, such as `thing1`, `date2`, `character_string3`. */
const KEYWORD = /^[a-z_]+[0-9]+$/;

function fromSetting(setting: string | TemplateSetting | undefined): ReminderTemplate | undefined {
  const templateId = (typeof setting === 'string' ? setting : setting?.templateId)?.trim();
  if (!templateId) return undefined;
  const fields = { ...DEFAULT_FIELDS };
  if (typeof setting === 'object') {
    for (const field of Object.keys(DEFAULT_FIELDS) as MessageField[]) {
      const keyword = setting.fields?.[field];
      if (typeof keyword === 'string' && KEYWORD.test(keyword)) fields[field] = keyword;
    }
  }
  return { templateId, fields };
}

function isState(value: unknown): value is MiniprogramState {
  return (MINIPROGRAM_STATES as readonly unknown[]).includes(value);
}

/** The environment's reminder configuration (one read of the `config` collection). */
export async function readReminderConfig(): Promise<ReminderConfig> {
  const doc = await findById<RemindersConfigDoc>(COLLECTIONS.config.name, REMINDERS_CONFIG_ID);
  const templates: ReminderConfig['templates'] = {};
  const used = new Set<string>();
  for (const kind of REMINDER_KINDS) {
    const template = fromSetting(doc?.templates?.[kind]) ?? fromSetting(process.env[ENV_NAMES[kind]]);
    if (!template) continue;
    // One accepted template is one message of that template, whatever we meant it for: with one template
    // for two kinds, each kind would count the same consent. The second kind stays unconfigured.
    if (used.has(template.templateId)) {
      console.warn(`[reminders] ${kind}: template ${template.templateId} is already used by another kind`);
      continue;
    }
    used.add(template.templateId);
    templates[kind] = template;
  }
  const envState = process.env.REMINDER_MINIPROGRAM_STATE;
  const miniprogramState = isState(doc?.miniprogramState)
    ? doc.miniprogramState
    : isState(envState)
      ? envState
      : 'formal';
  return { templates, miniprogramState };
}

/** Template ids by kind for `wx.requestSubscribeMessage` (empty string: not configured). */
export function templateIds(config: ReminderConfig): ReminderTemplates {
  const ids = {} as ReminderTemplates;
  for (const kind of REMINDER_KINDS) ids[kind] = config.templates[kind]?.templateId ?? '';
  return ids;
}
