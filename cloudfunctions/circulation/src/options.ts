/**
 * `options` (any WeChat user): what the mini-program needs before it asks for anything: the template ids
 * to pass to `wx.requestSubscribeMessage`, for every reminder kind, events' too (an empty id: that
 * reminder is not configured, do not ask for it)
 * and whether self-service borrowing is on.
 */
import type { ReminderTemplates } from '../../../typings/functions/circulation';
import { readReminderConfig, templateIds } from '../../_shared/reminders/config';
import { readSettings } from './rules';

export async function options(): Promise<{ templates: ReminderTemplates; selfServiceBorrow: boolean }> {
  const [config, settings] = await Promise.all([readReminderConfig(), readSettings()]);
  return { templates: templateIds(config), selfServiceBorrow: settings.selfServiceBorrow };
}
