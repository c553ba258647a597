/** The audit log: who changed what and why, for every staff action that changes someone else's data. */
import { collection } from './cloud';
import { now } from './clock';
import { COLLECTIONS } from './collections';

export interface AuditEntry {
  actorOpenid: string;
  action: string;
  targetId: string;
  detail?: Record<string, unknown>;
  reason?: string;
}

export async function logAudit(entry: AuditEntry): Promise<void> {
  await collection<AuditEntry & { at: Date }>(COLLECTIONS.auditLog.name).add({
    data: { ...entry, at: now() },
  });
}
