/**
 * Which subscription-message templates the reminders use, per cloud environment (docs/reminders.md,
 * "Configuration"): the `reminders` document of the `config` collection, else environment variables, else
 * none (a kind without a template is simply not sent, and not offered to members). Shared by every
 * function that sends reminders (circulation, events).
 *
 * ```json
 * { "_id": "reminders",
 *   "templates": { "dueSoon": "<template id>",
 *                  "overdue": { "templateId": "<id>", "fields": { "date": "time2" } } },
 *   "miniprogramState": "formal" }
 * ```
 *
 * `fields` renames the message's keywords when the template chosen in the console numbers them
 * differently from the defaults (message.ts). Each kind needs a template of its own (a template id
 * already used by an earlier kind leaves the later kind unconfigured). Environment variables (one per
 * kind): REMINDER_TEMPLATE_DUE_SOON, REMINDER_TEMPLATE_OVERDUE, REMINDER_TEMPLATE_HOLD_READY,
 * REMINDER_TEMPLATE_HOLD_EXPIRING, REMINDER_TEMPLATE_EVENT_TOMORROW, REMINDER_TEMPLATE_EVENT_PROMOTED,
 * and REMINDER_MINIPROGRAM_STATE.
 */
import { REMINDER_KINDS, type ReminderKind } from '../../../typings/entities';
import type { ReminderTemplates } from '../../../typings/functions/circulation';
import { COLLECTIONS } from '../collections';
import { findById } from '../docs';
import { DEFAULT_FIELDS, type FieldsOf } from './message';

/** Which version of the mini-program a message opens (subscribeMessage.send `miniprogramState`). */
export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];

export interface TemplateSetting {
  templateId: string;
  fields?: Record<string, string>;
}

export interface RemindersConfigDoc {
  _id: 'reminders';
  templates?: Partial<Record<ReminderKind, string | TemplateSetting>>;
  miniprogramState?: MiniprogramState;
}

export interface ReminderTemplate<K extends ReminderKind = ReminderKind> {
  templateId: string;
  /** The template's keyword for each part of the message. */
  fields: FieldsOf<K>;
}

export interface ReminderConfig {
  /** Only the kinds with a template. */
  templates: { [K in ReminderKind]?: ReminderTemplate<K> };
  miniprogramState: MiniprogramState;
}

export const REMINDERS_CONFIG_ID = 'reminders';

const ENV_NAMES: Record<ReminderKind, string> = {
  dueSoon: 'REMINDER_TEMPLATE_DUE_SOON',
  overdue: 'REMINDER_TEMPLATE_OVERDUE',
  holdReady: 'REMINDER_TEMPLATE_HOLD_READY',
  holdExpiring: 'REMINDER_TEMPLATE_HOLD_EXPIRING',
  eventTomorrow: 'REMINDER_TEMPLATE_EVENT_TOMORROW',
  eventPromoted: 'REMINDER_TEMPLATE_EVENT_PROMOTED',
};

/** A template keyword's name: its type and number, such as `thing1`, `date2`, `character_string3`. */
const KEYWORD = /^[a-z_]+[0-9]+$/;

function fromSetting<K extends ReminderKind>(
  kind: K,
  setting: string | TemplateSetting | undefined,
): ReminderTemplate<K> | undefined {
  const templateId = (typeof setting === 'string' ? setting : setting?.templateId)?.trim();
  if (!templateId) return undefined;
  const fields: Record<string, string> = { ...DEFAULT_FIELDS[kind] };
  if (typeof setting === 'object') {
    for (const part of Object.keys(fields)) {
      const keyword = setting.fields?.[part];
      if (typeof keyword === 'string' && KEYWORD.test(keyword)) fields[part] = keyword;
    }
  }
  return { templateId, fields: fields as FieldsOf<K> };
}

function isState(value: unknown): value is MiniprogramState {
  return (MINIPROGRAM_STATES as readonly unknown[]).includes(value);
}

/** The environment's reminder configuration (one read of the `config` collection). */
export async function readReminderConfig(): Promise<ReminderConfig> {
  const doc = await findById<RemindersConfigDoc>(COLLECTIONS.config.name, REMINDERS_CONFIG_ID);
  const templates: Partial<Record<ReminderKind, ReminderTemplate>> = {};
  const used = new Set<string>();
  for (const kind of REMINDER_KINDS) {
    const template =
      fromSetting(kind, doc?.templates?.[kind]) ?? fromSetting(kind, process.env[ENV_NAMES[kind]]);
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
  return { templates: templates as ReminderConfig['templates'], miniprogramState };
}

/** Template ids by kind for `wx.requestSubscribeMessage` (empty string: not configured). */
export function templateIds(config: ReminderConfig): ReminderTemplates {
  const ids = {} as ReminderTemplates;
  for (const kind of REMINDER_KINDS) ids[kind] = config.templates[kind]?.templateId ?? '';
  return ids;
}
