/**
 * Reminders (subscription messages) for loans (dueSoon, overdue) and holds (holdReady, holdExpiring),
 * each sent at most once per loan or hold per kind, however many timer runs, instances or returns race.
 *
 * One reminder, in this order:
 *
 *   1. claim it on the loan / hold: ONE conditional update that sets `reminders.<kind>` only where it is
 *      missing and the loan / hold still needs it (active and not yet due / past due; ready and not past
 *      its pickup deadline). Of two runs, one claims, the other updates nothing and stops: nothing can be
 *      sent twice. A claim is never released: a reminder that was skipped or failed stays so (at most
 *      once beats at least once; staff can still `remind`);
 *   2. read the member (their openid is the recipient);
 *   3. use one of the member's consents for this kind: ONE conditional update `reminderConsents.<kind>`
 *      −1 where it is > 0 (WeChat: one accepted consent = one message, and no API tells how many remain,
 *      so we count them: `consent` adds them). None left: skipped, `noConsent`;
 *   4. `cloud.openapi.subscribeMessage.send`. WeChat's 43101 (the user refused / no consent left on
 *      WeChat's side) means our count was wrong: it is set to 0, skipped as `refused`. Another error:
 *      `failed` (the message may or may not have gone out: not retried);
 *   5. record the result on the loan / hold (`reminders.<kind>`: at, result, reason), so that staff see
 *      what happened and why.
 *
 * A kind without a configured template is neither claimed nor sent (`noTemplate`): configuring it later
 * lets the next timer run send what is still due.
 *
 * Staff's manual overdue reminder (`remind`) uses the slot `reminders.manual`: claimable once per China
 * calendar day per loan (again the same day only after a skip or failure).
 */
import type { ReminderKind } from '../../../typings/entities';
import { _, cloud, collection, type Filter } from '../../_shared/cloud';
import { now as clockNow } from '../../_shared/clock';
import { findById } from '../../_shared/docs';
import type { MemberDoc } from '../../_shared/members';
import { chinaDay } from './china-time';
import { HOLDS, LOANS, MEMBERS } from './docs';
import { readReminderConfig, type ReminderConfig } from './reminder-config';
import { messageData, REMINDER_PAGES } from './reminder-messages';

export type LoanReminderKind = Extract<ReminderKind, 'dueSoon' | 'overdue'>;
export type HoldReminderKind = Extract<ReminderKind, 'holdReady' | 'holdExpiring'>;

/** What a loan reminder needs of a loan document. */
export interface ReminderLoan {
  _id: string;
  memberId: string;
  title: string;
  dueAt: Date | string;
}

/** What a hold reminder needs of a hold document (a ready hold has its pickup deadline). */
export interface ReminderHold {
  _id: string;
  memberId: string;
  title: string;
  readyUntil?: Date | string;
}

export const SKIP_REASONS = {
  noTemplate: '未配置此类订阅消息模板',
  noMember: '读者不存在',
  noConsent: '读者未订阅此类提醒，或订阅次数已用完',
  refused: '读者已拒收此类提醒',
  notDue: '借阅或预约已不需要此提醒',
  alreadyToday: '今天已提醒过',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/** A reminder slot on a loan / hold: one per kind, plus staff's manual overdue reminder. */
export type ReminderSlot = ReminderKind | 'manual';

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

/** The `reminders` field of a loan or hold document. */
export type ReminderRecords = Partial<Record<ReminderSlot, ReminderRecord>>;

/** The `reminderConsents` field of a member document: messages of each kind the member accepted. */
export type ReminderConsents = Partial<Record<ReminderKind, number>>;

export interface ReminderOutcome {
  kind: ReminderKind;
  /** `claimed`: another run already took this reminder (or the loan / hold no longer needs it). */
  result: 'sent' | 'skipped' | 'failed' | 'claimed';
  reason?: SkipReason;
  errCode?: number;
}

export interface ReminderOptions {
  /** The configuration read once by the caller (the timer job); read here when absent. */
  config?: ReminderConfig;
  now?: Date;
}

/** The outcome in one Chinese sentence (staff's remind action, logs). */
export function describeOutcome(outcome: ReminderOutcome): string {
  if (outcome.result === 'sent') return '已发送';
  if (outcome.reason) return SKIP_REASONS[outcome.reason];
  if (outcome.result === 'failed') return `发送失败（${outcome.errCode ?? '未知错误'}）`;
  return '已由其他操作处理';
}

/** When a reminder of a loan was last sent (automatic overdue or manual), for staff's overdue list. */
export function lastOverdueReminder(reminders: ReminderRecords | undefined): Date | undefined {
  const sent = [reminders?.overdue, reminders?.manual]
    .filter((r): r is ReminderRecord => r?.result === 'sent')
    .map((r) => new Date(r.at));
  return sent.length ? new Date(Math.max(...sent.map((d) => d.getTime()))) : undefined;
}

/** The loan / hold still needs a reminder of this kind at `at` (part of the claim's condition). */
function stillDue(kind: ReminderKind, at: Date): Filter {
  switch (kind) {
    case 'dueSoon':
      return { status: 'active', dueAt: _.gte(at) };
    case 'overdue':
      return { status: 'active', dueAt: _.lt(at) };
    case 'holdReady':
    case 'holdExpiring':
      return { status: 'ready', readyUntil: _.gte(at) };
  }
}

type FinalOutcome = ReminderOutcome & { result: 'sent' | 'skipped' | 'failed' };

interface Delivery {
  kind: ReminderKind;
  slot: ReminderSlot;
  collectionName: string;
  targetId: string;
  memberId: string;
  title: string;
  date: Date;
  /** Matches the target only while this reminder is still due and unclaimed. */
  claimFilter: Filter;
  /** Extra fields of the claim record (manual: day, by). */
  claimExtra?: Partial<ReminderRecord>;
  config: ReminderConfig;
  now: Date;
}

/**
 * Sends one reminder of a loan (dueSoon, overdue) or a hold (holdReady, holdExpiring) unless it was
 * already sent (or claimed) for it. Call it after the change that makes it due has committed, never inside
 * a transaction (it may be retried). It never throws: a failure is logged and answered as `failed`.
 */
export async function sendReminder(
  kind: LoanReminderKind,
  loan: ReminderLoan,
  options?: ReminderOptions,
): Promise<ReminderOutcome>;
export async function sendReminder(
  kind: HoldReminderKind,
  hold: ReminderHold,
  options?: ReminderOptions,
): Promise<ReminderOutcome>;
export async function sendReminder(
  kind: ReminderKind,
  target: ReminderLoan | ReminderHold,
  options: ReminderOptions = {},
): Promise<ReminderOutcome> {
  try {
    const config = options.config ?? (await readReminderConfig());
    const at = options.now ?? clockNow();
    const isLoan = kind === 'dueSoon' || kind === 'overdue';
    const date = isLoan ? (target as ReminderLoan).dueAt : (target as ReminderHold).readyUntil;
    if (date === undefined) return { kind, result: 'skipped', reason: 'notDue' };
    return await deliver({
      kind,
      slot: kind,
      collectionName: isLoan ? LOANS : HOLDS,
      targetId: target._id,
      memberId: target.memberId,
      title: target.title,
      date: new Date(date),
      claimFilter: {
        _id: target._id,
        ...stillDue(kind, at),
        [`reminders.${kind}`]: _.exists(false),
      },
      config,
      now: at,
    });
  } catch (error) {
    console.error(`[reminder] ${kind} ${target._id}: failed`, error);
    return { kind, result: 'failed' };
  }
}

/**
 * Staff's overdue reminder for one loan, now: at most one sent per loan per China calendar day (a skipped
 * or failed attempt may be repeated). The loan must be active and past due.
 */
export async function sendManualOverdueReminder(
  loan: ReminderLoan,
  staffOpenid: string,
  options: ReminderOptions = {},
): Promise<ReminderOutcome> {
  const config = options.config ?? (await readReminderConfig());
  const at = options.now ?? clockNow();
  const day = chinaDay(at);
  const due = { _id: loan._id, status: 'active', dueAt: _.lt(at) };
  return deliver({
    kind: 'overdue',
    slot: 'manual',
    collectionName: LOANS,
    targetId: loan._id,
    memberId: loan.memberId,
    title: loan.title,
    date: new Date(loan.dueAt),
    // the SDK types a logic command apart from plain filters
    claimFilter: _.or([
      { ...due, 'reminders.manual.day': _.neq(day) },
      { ...due, 'reminders.manual.result': _.in(['skipped', 'failed']) },
    ]) as unknown as Filter,
    claimExtra: { day, by: staffOpenid },
    config,
    now: at,
  });
}

async function deliver(d: Delivery): Promise<ReminderOutcome> {
  const template = d.config.templates[d.kind];
  if (!template) return { kind: d.kind, result: 'skipped', reason: 'noTemplate' };

  const slotPath = `reminders.${d.slot}`;
  const target = collection<{ _id: string }>(d.collectionName);
  const claimed = await target.where(d.claimFilter).update({
    data: { [slotPath]: _.set({ ...d.claimExtra, at: d.now, result: 'sending' }) },
  });
  if (claimed.stats.updated !== 1) {
    return { kind: d.kind, result: d.slot === 'manual' ? 'skipped' : 'claimed', ...manualRefusal(d) };
  }

  const finish = async (outcome: FinalOutcome): Promise<ReminderOutcome> => {
    const record: ReminderRecord = { ...d.claimExtra, at: d.now, result: outcome.result };
    if (outcome.reason) record.reason = outcome.reason;
    if (outcome.errCode !== undefined) record.errCode = outcome.errCode;
    await target.doc(d.targetId).update({ data: { [slotPath]: _.set(record) } });
    console.log(
      `[reminder] ${d.kind}${d.slot === 'manual' ? ' (manual)' : ''} ${d.collectionName}/${d.targetId}: ` +
        `${outcome.result}${outcome.reason ? ` (${outcome.reason})` : ''}` +
        `${outcome.errCode !== undefined ? ` errCode ${outcome.errCode}` : ''}`,
    );
    return outcome;
  };

  const member = await findById<MemberDoc & { reminderConsents?: ReminderConsents }>(MEMBERS, d.memberId);
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
      page: REMINDER_PAGES[d.kind],
      data: messageData(d.kind, { title: d.title, date: d.date }, template.fields, d.now),
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

/** WeChat's errCode when the user has not accepted (or has used up) this template's messages. */
const REFUSED = 43101;

function manualRefusal(d: Delivery): { reason?: SkipReason } {
  return d.slot === 'manual' ? { reason: 'alreadyToday' } : {};
}
