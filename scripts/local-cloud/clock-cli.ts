/**
 * `npm run clock [-- MOVE]`: shows or moves the clock of a running local cloud (for demos: "three days
 * later, the loan is overdue"). MOVE is `+3d`, `+2h30m`, `+90m`, `+45s` or an ISO 8601 date-time with a
 * zone (`2026-12-01T09:00:00+08:00`); the clock only moves forward. The local cloud is `LOCAL_CLOUD_URL`,
 * else `http://127.0.0.1:$PORT` (PORT default 3000). Timer triggers made due by the move fire before it
 * answers.
 */
import { parseClockArgument, type ClockMove } from './clock';

function cloudUrl(): string {
  return process.env.LOCAL_CLOUD_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
}

function body(move: ClockMove): Record<string, unknown> {
  return 'to' in move ? { to: move.to.toISOString() } : { advanceMs: move.advanceMs };
}

function describeShanghai(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

async function main(): Promise<void> {
  const argument = process.argv[2];
  const move = argument === undefined ? undefined : parseClockArgument(argument);
  const url = `${cloudUrl()}/admin/clock`;
  let res: Response;
  try {
    res = move
      ? await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body(move)),
        })
      : await fetch(url);
  } catch {
    throw new Error(`no local cloud at ${cloudUrl()} (start it with npm start, or set LOCAL_CLOUD_URL)`);
  }
  const answer = (await res.json()) as {
    now?: string;
    offsetMs?: number;
    message?: string;
    fired?: { function: string; trigger: string; status: number }[];
  };
  if (!res.ok || !answer.now) throw new Error(answer.message ?? `HTTP ${res.status}`);
  const days = ((answer.offsetMs ?? 0) / 86_400_000).toFixed(2);
  console.log(`local cloud time: ${answer.now} (${describeShanghai(answer.now)} UTC+8), ${days} days ahead`);
  for (const fired of answer.fired ?? []) {
    console.log(`  fired ${fired.function}/${fired.trigger}: HTTP ${fired.status}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
