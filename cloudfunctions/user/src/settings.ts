/** Registration settings kept in the `config` collection (document `registration`). */
import type { RegistrationSettings } from '../../../typings/entities';
import { DEFAULT_MEMBER_CATEGORIES } from '../../../typings/entities';
import { collection } from '../../_shared/cloud';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';

const SETTINGS_ID = 'registration';

interface RegistrationConfigDoc extends Partial<RegistrationSettings> {
  _id: typeof SETTINGS_ID;
  categories?: string[];
}

const DEFAULTS: RegistrationSettings = { requireApproval: false };

export async function readSettings(): Promise<RegistrationSettings & { categories: string[] }> {
  const doc = await findById<RegistrationConfigDoc>(COLLECTIONS.config.name, SETTINGS_ID);
  return {
    requireApproval: doc?.requireApproval ?? DEFAULTS.requireApproval,
    categories: doc?.categories?.length ? doc.categories : [...DEFAULT_MEMBER_CATEGORIES],
  };
}

export async function saveSettings(settings: RegistrationSettings): Promise<RegistrationSettings> {
  await collection<RegistrationConfigDoc>(COLLECTIONS.config.name)
    .doc(SETTINGS_ID)
    .set({ data: { ...(await readRaw()), requireApproval: settings.requireApproval } });
  return { requireApproval: settings.requireApproval };
}

async function readRaw(): Promise<Omit<RegistrationConfigDoc, '_id'>> {
  const doc = await findById<RegistrationConfigDoc>(COLLECTIONS.config.name, SETTINGS_ID);
  if (!doc) return {};
  const { _id: _omit, ...rest } = doc;
  return rest;
}
