/**
 * Sending one reminder (subscription message) at most once, whatever it reminds of: a loan, a hold, an
 * event sign-up (docs/reminders.md). The domain says which document carries the reminder, when it is
 * still due (the claim's filter), who receives it, the page it opens and what it says; the rule is here:
 *
 *   1. claim it on the target document: ONE conditional update that sets `reminders.<slot>` only where
 *      the domain's filter still matches (unclaimed, still due). Of two runs, one claims, the other updates
 *      nothing and stops: nothing can be sent twice. A claim is never released (at most once beats at
 *      least once);
 *   2. read the member (their openid is the recipient);
 *   3. use one of the member's consents for this kind: ONE conditional update `reminderConsents.<kind>`
 *      −1 where it is > 0 (WeChat: one accepted consent = one message, and no API tells how many remain,
 *      so we count them: `consent` adds them). None left: skipped, `noConsent`;
 *   4. `cloud.openapi.subscribeMessage.send`. WeChat's 43101 (the user refused / no consent left on
 *      WeChat's side) means our count was wrong: it is set to 0, skipped as `refused`. Another error:
 *      `failed` (the message may or may not have gone out: not retried);
 *   5. record the result on the target (`reminders.<slot>`: at, result, reason), so that staff see what
 *      happened and why.
 *
 * A kind without a configured template is neither claimed nor sent (`noTemplate`): configuring it later
 * lets the next timer run send what is still due. Never call it inside a transaction (a transaction may be
 * retried); call it after the change that makes the reminder due has committed.
 */
import type { ReminderKind } from '../../../typings/entities';
import { _, cloud, collection, type Filter } from '../cloud';
import { COLLECTIONS } from '../collections';
import { findById } from '../docs';
import type { MemberDoc } from '../members';
import type { ReminderConfig } from './config';
import type { FieldsOf, MessageData } from './message';

export const SKIP_REASONS = {
  noTemplate: '未配置此类订阅消息模板',
  noMember: '读者不存在',
  noConsent: '读者未订阅此类提醒，或订阅次数已用完',
  refused: '读者已拒收此类提醒',
  notDue: '已不需要此提醒',
  alreadyToday: '今天已提醒过',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export interface ReminderRecord {
  at: Date;
  /** `sending`: claimed, not finished (a crash in between leaves it so: never sent twice). */
  result: 'sending' | 'sent' | 'skipped' | 'failed';
  reason?: SkipReason;
  /** WeChat's errCode of a failed send. */
  errCode?: number;
  /** Manual reminders: the China day (YYYY-MM-DD) and the staff member's openid. */
  day?: string;
  by?: string;
}

/** The `reminders` field of a document that receives reminders: one record per slot (a kind, or more). */
export type ReminderRecords<Slot extends string = ReminderKind> = Partial<Record<Slot, ReminderRecord>>;

/** The `reminderConsents` field of a member document: messages of each kind the member accepted. */
export type ReminderConsents = Partial<Record<ReminderKind, number>>;

export interface ReminderOutcome {
  kind: ReminderKind;
  /** `claimed`: another run already took this reminder (or the target no longer needs it). */
  result: 'sent' | 'skipped' | 'failed' | 'claimed';
  reason?: SkipReason;
  errCode?: number;
}

/** The outcome in one Chinese sentence (staff's answers, logs). */
export function describeOutcome(outcome: ReminderOutcome): string {
  if (outcome.result === 'sent') return '已发送';
  if (outcome.reason) return SKIP_REASONS[outcome.reason];
  if (outcome.result === 'failed') return `发送失败（${outcome.errCode ?? '未知错误'}）`;
  return '已由其他操作处理';
}

export interface Delivery<K extends ReminderKind> {
  kind: K;
  /** The record's key under `reminders` on the target (usually the kind). */
  slot: string;
  collectionName: string;
  targetId: string;
  /** The member's document id (members collection). */
  memberId: string;
  /** The page the message opens, with its query (`pages/event/index?id=…`). */
  page: string;
  /** The message's data for the template's keywords. */
  message: (fields: FieldsOf<K>) => MessageData;
  /** Matches the target only while this reminder is still due and unclaimed. */
  claimFilter: Filter;
  /** Extra fields of the claim record (manual: day, by). */
  claimExtra?: Partial<ReminderRecord>;
  /** The answer when the claim matches nothing (default: `claimed`). */
  unclaimed?: Pick<ReminderOutcome, 'result' | 'reason'>;
  config: ReminderConfig;
  now: Date;
}

type FinalOutcome = ReminderOutcome & { result: 'sent' | 'skipped' | 'failed' };

/** WeChat's errCode when the user has not accepted (or has used up) this template's messages. */
const REFUSED = 43101;

const MEMBERS = COLLECTIONS.members.name;

/**
 * `deliver` for callers that must not fail (a timer's pass, the hook after a committed change): the
 * delivery is prepared (reading the config, say) and sent; any error is logged with `what` and answered as
 * `failed`.
 */
export async function deliverOrFail<K extends ReminderKind>(
  kind: K,
  what: string,
  prepare: () => Promise<Delivery<K>> | Delivery<K>,
): Promise<ReminderOutcome> {
  try {
    return await deliver(await prepare());
  } catch (error) {
    console.error(`[reminder] ${kind} ${what}: failed`, error);
    return { kind, result: 'failed' };
  }
}

/** Claims, sends and records one reminder (above). Throws only when the database does. */
export async function deliver<K extends ReminderKind>(d: Delivery<K>): Promise<ReminderOutcome> {
  const template = d.config.templates[d.kind];
  if (!template) return { kind: d.kind, result: 'skipped', reason: 'noTemplate' };

  const slotPath = `reminders.${d.slot}`;
  const target = collection<{ _id: string }>(d.collectionName);
  const claimed = await target.where(d.claimFilter).update({
    data: { [slotPath]: _.set({ ...d.claimExtra, at: d.now, result: 'sending' }) },
  });
  if (claimed.stats.updated !== 1) return { kind: d.kind, ...(d.unclaimed ?? { result: 'claimed' }) };

  const finish = async (outcome: FinalOutcome): Promise<ReminderOutcome> => {
    const record: ReminderRecord = { ...d.claimExtra, at: d.now, result: outcome.result };
    if (outcome.reason) record.reason = outcome.reason;
    if (outcome.errCode !== undefined) record.errCode = outcome.errCode;
    await target.doc(d.targetId).update({ data: { [slotPath]: _.set(record) } });
    console.log(
      `[reminder] ${d.kind}${d.slot === d.kind ? '' : ` (${d.slot})`} ${d.collectionName}/${d.targetId}: ` +
        `${outcome.result}${outcome.reason ? ` (${outcome.reason})` : ''}` +
        `${outcome.errCode !== undefined ? ` errCode ${outcome.errCode}` : ''}`,
    );
    return outcome;
  };

  const member = await findById<MemberDoc>(MEMBERS, d.memberId);
  if (!member?.openid) return finish({ kind: d.kind, result: 'skipped', reason: 'noMember' });

  const consentPath = `reminderConsents.${d.kind}`;
  const used = await collection<MemberDoc>(MEMBERS)
    .where({ _id: d.memberId, [consentPath]: _.gt(0) })
    .update({ data: { [consentPath]: _.inc(-1) } });
  if (used.stats.updated !== 1) return finish({ kind: d.kind, result: 'skipped', reason: 'noConsent' });

  try {
    await cloud.openapi.subscribeMessage.send({
      touser: member.openid,
      templateId: template.templateId,
      page: d.page,
      data: d.message(template.fields as FieldsOf<K>),
      miniprogramState: d.config.miniprogramState,
      lang: 'zh_CN',
    });
  } catch (error) {
    const errCode = Number((error as { errCode?: unknown } | null)?.errCode);
    if (errCode === REFUSED) {
      await collection<MemberDoc>(MEMBERS)
        .doc(d.memberId)
        .update({ data: { [consentPath]: 0 } });
      return finish({ kind: d.kind, result: 'skipped', reason: 'refused', errCode });
    }
    console.error(`[reminder] ${d.kind} ${d.collectionName}/${d.targetId}: send failed`, error);
    return finish({ kind: d.kind, result: 'failed', ...(Number.isFinite(errCode) ? { errCode } : {}) });
  }
  return finish({ kind: d.kind, result: 'sent' });
}
