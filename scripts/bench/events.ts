/**
 * `npm run bench:events`: N members sign up for C seats of one event at the same moment through the real
 * `events` function over HTTP (a local cloud in this process, at most 8 instances per function as the
 * runner allows), then K registered members cancel at the same moment (each cancel hands its seat to the
 * first in line). Prints the wall-clock time, sign-ups per second, and the database requests the local
 * cloud counted: transactions started per sign-up (1.0 = no retries) and requests per sign-up.
 *
 *   npm run bench:events [-- --members 500 --seats 50 --cancels 10]
 */
import { parseArgs } from 'node:util';
import type { LocalCloud } from '../local-cloud/index';
import type { Site } from '../../test/support/circulation';
import { ev, inBatches, member, organiser, publishedEvent } from '../../test/support/events';
import { FunctionClient, rerunWithGcFlag, runMain, statsSince, withBenchCloud } from './common';

async function measure<T>(local: LocalCloud, work: () => Promise<T>) {
  const before = local.stats();
  const started = Date.now();
  const result = await work();
  const ms = Date.now() - started;
  const used = statsSince(local, before);
  return {
    result,
    ms,
    requests: used.requests,
    transactions: used.byAction['database.startTransaction'] ?? 0,
    commits: used.byAction['database.commitTransaction'] ?? 0,
  };
}

async function main(): Promise<void> {
  if (rerunWithGcFlag()) return;
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '500' },
      seats: { type: 'string', default: '50' },
      cancels: { type: 'string', default: '10' },
      'in-flight': { type: 'string', default: '' },
    },
  });
  const n = Number(values.members);
  const seats = Number(values.seats);
  const cancels = Number(values.cancels);
  // all at once by default; `--in-flight k`: k at a time (1 = one after another, no contention)
  const inFlight = Number(values['in-flight'] || n);
  await withBenchCloud('events', async (local) => {
    const site: Site = { url: local.url };
    console.error(`setting up ${n} members…`);
    const org = await organiser(site);
    const members = await inBatches(n, 25, () => member(site, undefined, 'bench'));
    // warm-up: the function's instances started, JIT
    const warm = await publishedEvent(site, org, { capacity: 4 });
    await inBatches(16, 16, (i) => ev(site, 'signup', { eventId: warm }, members[i]!.openid));

    const eventId = await publishedEvent(site, org, { capacity: seats });
    // the measured calls on keep-alive connections, one per request in flight
    const client = new FunctionClient(local.url, inFlight);
    const signups = await measure(local, () =>
      inBatches(n, inFlight, (i) => client.call('events', 'signup', { eventId }, members[i]!.openid)),
    );
    const answers = signups.result.map((r) => (r.ok ? r.data.mine.status : r.error.code));
    const registered = answers.filter((s) => s === 'registered').length;
    const waitlisted = answers.filter((s) => s === 'waitlisted').length;
    const seated = members.filter((_m, i) => answers[i] === 'registered').slice(0, cancels);
    const leaving = await measure(local, () =>
      Promise.all(seated.map((m) => client.call('events', 'cancel', { eventId }, m.openid))),
    );
    client.close();

    const how = inFlight >= n ? 'one moment' : `${inFlight} at a time`;
    console.log(`\nevents: ${n} members, ${seats} seats, ${how} (HTTP → functions, at most 8 instances)`);
    console.log(
      `  sign-ups: ${signups.ms} ms (${((n * 1000) / signups.ms).toFixed(1)} /s), ${registered} registered, ` +
        `${waitlisted} waitlisted, ${n - registered - waitlisted} other`,
    );
    console.log(
      `    transactions started per sign-up ${(signups.transactions / n).toFixed(2)} ` +
        `(${signups.transactions - signups.commits} gave up before commit, ` +
        `${signups.commits - n} commits conflicted), db requests per sign-up ${(signups.requests / n).toFixed(1)}`,
    );
    console.log(
      `  ${cancels} cancellations (each promoting the first in line): ${leaving.ms} ms, ` +
        `${leaving.transactions} transactions started, ${leaving.commits} commits, ${leaving.requests} db requests`,
    );
  });
}

runMain(main);
