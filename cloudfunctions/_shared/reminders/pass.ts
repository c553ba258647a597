/**
 * A timer job's pass over the documents that may need one kind of reminder (circulation's loans and
 * holds, events' sign-ups): read page by page in index order, resuming after the last document read
 * (a `(date, _id)` keyset, never `skip`), a few reminders at a time, counting the outcomes. Each reminder
 * is claimed on its document (deliver.ts), so a second run, or two instances at once, send nothing new.
 */
import type { ReminderKind } from '../../../typings/entities';
import { _, collection, type Filter } from '../cloud';
import type { ReminderConfig } from './config';
import type { ReminderOutcome, SkipReason } from './deliver';

/** Documents read per page. */
const PAGE_SIZE = 100;
/** Reminders sent at the same time within a page. */
const CONCURRENCY = 8;

export interface KindCounts {
  sent: number;
  /** Skipped, by reason (no consent, no member, refused by WeChat …). */
  skipped: Partial<Record<SkipReason, number>>;
  failed: number;
  /** Taken by another run or instance meanwhile (or no longer due). */
  claimed: number;
  /** No template configured for this kind: nothing was looked at. */
  notConfigured?: true;
}

export function emptyCounts(): KindCounts {
  return { sent: 0, skipped: {}, failed: 0, claimed: 0 };
}

export function tally(counts: KindCounts, outcome: ReminderOutcome): void {
  if (outcome.result === 'sent') counts.sent += 1;
  else if (outcome.result === 'failed') counts.failed += 1;
  else if (outcome.result === 'claimed') counts.claimed += 1;
  else if (outcome.reason) counts.skipped[outcome.reason] = (counts.skipped[outcome.reason] ?? 0) + 1;
}

export interface Pass<T> {
  kind: ReminderKind;
  collectionName: string;
  filter: Filter;
  /** The indexed field the pass reads in order (ties by `_id`). */
  orderField: keyof T & string;
  remind: (doc: T) => Promise<ReminderOutcome>;
}

// The SDK types logic commands apart from plain filters.
function anyOf(filters: Filter[]): Filter {
  return _.or(filters) as unknown as Filter;
}

function allOf(filters: Filter[]): Filter {
  return _.and(filters) as unknown as Filter;
}

/**
 * Reads every document matching `filter` in (orderField, _id) order, a page at a time, resuming after the
 * last document read, and hands each page to `onPage` before reading the next.
 */
export async function readPages<T extends { _id: string }>(
  collectionName: string,
  filter: Filter,
  orderField: keyof T & string,
  onPage: (docs: T[]) => Promise<void>,
): Promise<void> {
  let last: T | undefined;
  for (;;) {
    // after the last document read: the filter AND (a later value, or the same value and a later _id)
    const where: Filter = last
      ? allOf([
          filter,
          anyOf([
            { [orderField]: _.gt(last[orderField]) },
            { [orderField]: last[orderField], _id: _.gt(last._id) },
          ]),
        ])
      : filter;
    const { data } = await collection<T>(collectionName)
      .where(where)
      .orderBy(orderField, 'asc')
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE)
      .get();
    await onPage(data);
    if (data.length < PAGE_SIZE) return;
    last = data[data.length - 1];
  }
}

/** Reminds each of `targets`, CONCURRENCY at a time (a timer's page, a batch of promotions). */
export async function remindEach<T>(
  targets: T[],
  remind: (target: T) => Promise<ReminderOutcome>,
): Promise<ReminderOutcome[]> {
  const outcomes: ReminderOutcome[] = [];
  for (let i = 0; i < targets.length; i += CONCURRENCY) {
    outcomes.push(...(await Promise.all(targets.slice(i, i + CONCURRENCY).map(remind))));
  }
  return outcomes;
}

/** Reads every document of a pass in order and reminds each, a few at a time. */
export async function runPass<T extends { _id: string }>(pass: Pass<T>, counts: KindCounts): Promise<void> {
  await readPages<T>(pass.collectionName, pass.filter, pass.orderField, async (docs) => {
    for (const outcome of await remindEach(docs, pass.remind)) tally(counts, outcome);
  });
}

/**
 * Runs each pass whose kind has a template (the others are marked `notConfigured`); a pass that fails is
 * logged and named in `failed`, and the others still run (the next run picks up what it left).
 */
export async function runPasses<K extends ReminderKind, T extends { _id: string }>(
  kinds: readonly K[],
  passes: (Pass<T> & { kind: K })[],
  config: ReminderConfig,
  failed: string[],
): Promise<Record<K, KindCounts>> {
  const counts = Object.fromEntries(kinds.map((k) => [k, emptyCounts()])) as Record<K, KindCounts>;
  for (const pass of passes) {
    const kindCounts = counts[pass.kind];
    if (!config.templates[pass.kind]) {
      kindCounts.notConfigured = true;
      continue;
    }
    try {
      await runPass(pass, kindCounts);
    } catch (error) {
      console.error(`[daily] ${pass.kind} failed`, error);
      failed.push(pass.kind);
    }
  }
  return counts;
}
