/**
 * Timer triggers, as the platform runs them: each function folder's config.json may declare
 * `{ "triggers": [{ "name": "daily", "type": "timer", "config": "0 0 9 * * * *" }] }` (seven fields:
 * second minute hour day month weekday year, in UTC+8). When a trigger's time comes on the movable clock
 * (clock.ts), the function is invoked with `{ Type: 'Timer', TriggerName, Time, Message: '' }` and no
 * caller (no OPENID, no userInfo).
 *
 * - The scheduler looks every `pollMs` (1 s) and right after each clock move, re-reading the configs
 *   (a changed config.json takes effect without a restart).
 * - A trigger is scheduled from the moment the scheduler first sees it (a start, a new config): missed
 *   times while the local cloud was down are not made up.
 * - When the clock has passed one or more of a trigger's times, it fires ONCE, with `Time` the latest of
 *   them (a jump of a week fires `daily` once, not seven times), then waits for the next time after now.
 * - Each firing is claimed in the data directory (`meta.timer:<function>/<trigger>`), so two servers on
 *   one data directory do not both fire the same occurrence.
 *
 * Cron expressions are evaluated by croner (7-part mode, Asia/Shanghai). Accepted, as WeChat documents
 * it: numbers, `*`, lists `a,b`, ranges `a-b`, steps `*\/n` and `a/n`, month names JAN-DEC, weekday names
 * SUN-SAT (weekday 0 = Sunday), years 1970-2099. croner's extensions (L, W, #, ?, +) are refused, so a
 * config that runs here is one WeChat accepts. When both day and weekday are restricted, either matches.
 */
import { Cron } from 'croner';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { InvokeResult } from './runner';

export interface TimerTrigger {
  functionName: string;
  name: string;
  /** The cron expression. */
  config: string;
}

/** One firing, as the clock move that caused it reports it. */
export interface FiredTimer {
  function: string;
  trigger: string;
  /** The event's `Time`. */
  time: string;
  /** HTTP-like status of the invocation (200: it returned). */
  status: number;
  /** What the function answered (or the error body). */
  result: unknown;
}

export interface SchedulerDeps {
  functionsDir: string;
  /** The movable clock (ms). */
  now: () => number;
  /** Claims an occurrence (ms) of `<function>/<trigger>`; false if it was fired already. */
  claim: (key: string, occurrence: number) => boolean;
  /** Invokes the function with the event and no caller. */
  invoke: (functionName: string, event: TimerEvent) => Promise<InvokeResult>;
  log: (line: string) => void;
  /** How often to look (ms). Default 1000. */
  pollMs?: number;
}

export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

/** The event the platform sends for a timer (Tencent SCF's shape: `Time` in UTC without milliseconds). */
export function timerEvent(trigger: string, time: Date): TimerEvent {
  return {
    Type: 'Timer',
    TriggerName: trigger,
    Time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: '',
  };
}

const FIELD_ITEM = /^(\*|\d{1,4}|[A-Za-z]{3})(-(\d{1,4}|[A-Za-z]{3}))?(\/\d{1,4})?$/;
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
/** The largest value of each field (second minute hour day month weekday year). */
const FIELD_MAX = [59, 59, 23, 31, 12, 6, 2099];

/** A trigger's schedule (croner, 7 fields, UTC+8); throws with a readable message for what WeChat refuses. */
export function parseTimerConfig(config: string): Cron {
  const fields = config.trim().split(/\s+/);
  if (fields.length !== 7) {
    throw new Error(
      `"${config}" has ${fields.length} fields; a timer needs 7 (second minute hour day month weekday year)`,
    );
  }
  const translated = fields.map((field, i) => {
    const items = field.split(',');
    if (!items.every((item) => FIELD_ITEM.test(item))) {
      throw new Error(
        `"${config}": "${field}" is not a WeChat cron field (numbers, *, a,b, a-b, */n, names)`,
      );
    }
    // WeChat's `a/n` (from a, every n) is croner's `a-<max>/n`.
    return items.map((item) => item.replace(/^(\d+)\/(\d+)$/, `$1-${FIELD_MAX[i]}/$2`)).join(',');
  });
  return new Cron(translated.join(' '), { mode: '7-part', timezone: 'Asia/Shanghai' });
}

interface FunctionConfig {
  triggers?: unknown;
}

/** The timer triggers declared by the functions of `functionsDir` (folders with index.js). */
export function readTimerTriggers(functionsDir: string): { triggers: TimerTrigger[]; problems: string[] } {
  const triggers: TimerTrigger[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = readdirSync(functionsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch {
    return { triggers, problems };
  }
  for (const functionName of names.sort()) {
    const dir = path.join(functionsDir, functionName);
    const file = path.join(dir, 'config.json');
    if (!existsSync(path.join(dir, 'index.js')) || !existsSync(file)) continue;
    let config: FunctionConfig;
    try {
      config = JSON.parse(readFileSync(file, 'utf8')) as FunctionConfig;
    } catch (error) {
      problems.push(`${functionName}/config.json: ${(error as Error).message}`);
      continue;
    }
    if (config.triggers === undefined) continue;
    if (!Array.isArray(config.triggers)) {
      problems.push(`${functionName}/config.json: triggers must be an array`);
      continue;
    }
    if (config.triggers.length > 1) problems.push(`${functionName}: WeChat allows one trigger per function`);
    for (const raw of config.triggers as unknown[]) {
      const { name, type, config: cron } = (raw ?? {}) as Record<string, unknown>;
      if (type !== 'timer') continue;
      if (typeof name !== 'string' || !TRIGGER_NAME.test(name) || typeof cron !== 'string') {
        problems.push(
          `${functionName}: a timer trigger needs a name (a letter, then up to 59 of A-Z a-z 0-9 _ -) and a config`,
        );
        continue;
      }
      triggers.push({ functionName, name, config: cron });
    }
  }
  return { triggers, problems };
}

interface Scheduled {
  config: string;
  cron: Cron;
  /** The next occurrence to fire (ms; Infinity when there is none). */
  next: number;
}

export class TimerScheduler {
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly reported = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private interval: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Schedules the triggers from now and starts looking every pollMs. */
  start(): void {
    const look = () => {
      this.tick().catch((error: unknown) =>
        this.deps.log(`timers: ${(error as Error).stack ?? String(error)}`),
      );
    };
    look();
    this.interval = setInterval(look, this.deps.pollMs ?? 1000);
    this.interval.unref();
  }

  /**
   * Runs `before` (a clock move), then fires what is due, one tick at a time (ticks never overlap, so
   * the firings a move caused are the ones it reports).
   */
  tick<T>(before?: () => T): Promise<{ before: T | undefined; fired: FiredTimer[] }> {
    const run = this.queue.then(async () => {
      const result = before?.();
      return { before: result, fired: this.stopped ? [] : await this.fireDue() };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Fires `<functionName>/<trigger>` now, as the platform would (no caller), outside the schedule.
   * Undefined if the function does not declare that timer trigger.
   */
  async fireNow(functionName: string, trigger: string): Promise<FiredTimer | undefined> {
    const declared = readTimerTriggers(this.deps.functionsDir).triggers.find(
      (t) => t.functionName === functionName && t.name === trigger,
    );
    return declared ? this.fire(declared, new Date(this.deps.now())) : undefined;
  }

  /** Stops looking; waits for the firing in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    await this.queue;
  }

  private async fireDue(): Promise<FiredTimer[]> {
    const now = this.deps.now();
    const { triggers, problems } = readTimerTriggers(this.deps.functionsDir);
    for (const problem of problems) this.report(problem);
    const seen = new Set<string>();
    const due: { trigger: TimerTrigger; occurrence: number }[] = [];
    for (const trigger of triggers) {
      const key = `${trigger.functionName}/${trigger.name}`;
      seen.add(key);
      let entry = this.scheduled.get(key);
      if (!entry || entry.config !== trigger.config) {
        let cron: Cron;
        try {
          cron = parseTimerConfig(trigger.config);
        } catch (error) {
          this.report(`${key}: ${(error as Error).message}; not scheduled`);
          this.scheduled.delete(key);
          continue;
        }
        entry = { config: trigger.config, cron, next: nextAfter(cron, now) };
        this.scheduled.set(key, entry);
        continue;
      }
      if (entry.next > now) continue;
      const occurrence = entry.cron.previousRuns(1, new Date(now + 1))[0]?.getTime() ?? entry.next;
      entry.next = nextAfter(entry.cron, now);
      if (this.deps.claim(key, occurrence)) due.push({ trigger, occurrence });
    }
    for (const key of [...this.scheduled.keys()]) if (!seen.has(key)) this.scheduled.delete(key);
    return Promise.all(due.map(({ trigger, occurrence }) => this.fire(trigger, new Date(occurrence))));
  }

  private async fire(trigger: TimerTrigger, time: Date): Promise<FiredTimer> {
    const event = timerEvent(trigger.name, time);
    this.deps.log(`timer ${trigger.functionName}/${trigger.name} fires (${event.Time})`);
    const { status, json } = await this.deps.invoke(trigger.functionName, event);
    if (status !== 200) this.deps.log(`timer ${trigger.functionName}/${trigger.name} failed: ${json}`);
    return {
      function: trigger.functionName,
      trigger: trigger.name,
      time: event.Time,
      status,
      result: JSON.parse(json),
    };
  }

  /** Logs a configuration problem once (the configs are re-read every tick). */
  private report(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.deps.log(problem);
  }
}

function nextAfter(cron: Cron, now: number): number {
  return cron.nextRun(new Date(now))?.getTime() ?? Infinity;
}
