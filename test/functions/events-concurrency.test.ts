/**
 * ACCEPTANCE (issue 5), on a PRIVATE local cloud through the HTTP function runner:
 * - 500 members sign up for 50 seats at the same moment: exactly 50 registered and 450 waitlisted with
 *   positions exactly 1–450, nobody twice, the event's counts equal to the sign-ups;
 * - then 10 registered members cancel at the same moment: exactly the first 10 in line are promoted, the
 *   rest of the line moves up (1–440);
 * - an invite opened by 3 members who then sign up: the inviter shows on all 3 in the attendee list.
 * Prints how long the 500 took.
 */
import { privateCloud, type PrivateCloud } from '../support/clock';
import { ADMIN, type TestMember } from '../support/circulation';
import { ev, evOk, inBatches, member, organiser, publishedEvent } from '../support/events';

jest.setTimeout(300_000);

let cloud: PrivateCloud;

beforeAll(async () => {
  cloud = await privateCloud({ env: { ADMIN_OPENIDS: ADMIN }, timers: false });
});

afterAll(async () => {
  await cloud?.stop();
});

interface StoredSignup {
  _id: string;
  memberId: string;
  status: string;
  waitlistSeq?: number;
}

async function stored(eventId: string) {
  const store = await cloud.store();
  const [event] = await store.find<{ registered: number; waitlisted: number }>('events', { _id: eventId });
  const signups = await store.find<StoredSignup>('signups', { eventId });
  return { event, signups };
}

/** The waitlist as the organiser's list shows it: member ids and positions, in line order. */
async function waitlist(eventId: string, org: TestMember): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (let page = 1; ; page++) {
    const res = await evOk(
      cloud,
      'attendees',
      { eventId, status: 'waitlisted', page, pageSize: 100 },
      org.openid,
    );
    out.push(...res.items.map((a): [string, number] => [a.memberId, a.position ?? 0]));
    if (!res.hasMore) return out;
  }
}

it('500 members, 50 seats, one moment; then 10 cancellations promote exactly the first 10 in line', async () => {
  const org = await organiser(cloud);
  const eventId = await publishedEvent(cloud, org, { capacity: 50 });
  const members = await inBatches(500, 25, () => member(cloud, undefined, 'crowd'));

  const started = Date.now();
  const results = await Promise.all(members.map((m) => ev(cloud, 'signup', { eventId }, m.openid)));
  const elapsed = Date.now() - started;
  console.log(
    `500 concurrent sign-ups for 50 seats: ${elapsed} ms (${Math.round((500 * 1000) / elapsed)} sign-ups/s)`,
  );

  const answers = results.map((r) => {
    if (!r.ok) throw new Error(`signup answered ${r.error.code}: ${r.error.message}`);
    return r.data.mine;
  });
  expect(answers.filter((a) => a.status === 'registered')).toHaveLength(50);
  const waiting = answers.filter((a) => a.status === 'waitlisted');
  expect(waiting).toHaveLength(450);
  expect(waiting.map((a) => a.position).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
    Array.from({ length: 450 }, (_x, i) => i + 1),
  );

  const { event, signups } = await stored(eventId);
  expect(signups).toHaveLength(500);
  expect(new Set(signups.map((s) => s.memberId)).size).toBe(500);
  expect(signups.filter((s) => s.status === 'registered')).toHaveLength(50);
  expect(event).toMatchObject({ registered: 50, waitlisted: 450 });
  const seqs = signups.filter((s) => s.status === 'waitlisted').map((s) => s.waitlistSeq);
  expect(new Set(seqs).size).toBe(450);

  const line = await waitlist(eventId, org);
  expect(line.map(([, p]) => p)).toEqual(Array.from({ length: 450 }, (_x, i) => i + 1));
  // each member's own answer agrees with the organiser's list
  const byMember = new Map(members.map((m, i) => [m.member._id, answers[i]!]));
  for (const [memberId, position] of line)
    expect(byMember.get(memberId)).toEqual({ status: 'waitlisted', position });

  // 10 registered members cancel at once
  const seated = members.filter((_m, i) => answers[i]!.status === 'registered');
  const leaving = seated.slice(0, 10);
  const cancelStarted = Date.now();
  const cancels = await Promise.all(leaving.map((m) => ev(cloud, 'cancel', { eventId }, m.openid)));
  console.log(`10 concurrent cancellations with promotion: ${Date.now() - cancelStarted} ms`);
  for (const c of cancels) expect(c).toMatchObject({ ok: true, data: { mine: { status: 'none' } } });

  const firstTen = line.slice(0, 10).map(([id]) => id);
  const after = await stored(eventId);
  expect(after.event).toMatchObject({ registered: 50, waitlisted: 440 });
  const registeredNow = new Set(
    after.signups.filter((s) => s.status === 'registered').map((s) => s.memberId),
  );
  expect(registeredNow.size).toBe(50);
  for (const id of firstTen) expect(registeredNow.has(id)).toBe(true);
  for (const m of leaving) expect(registeredNow.has(m.member._id)).toBe(false);
  expect(after.signups.filter((s) => s.status === 'cancelled')).toHaveLength(10);
  const lineAfter = await waitlist(eventId, org);
  expect(lineAfter).toEqual(line.slice(10).map(([id], i): [string, number] => [id, i + 1]));
  const counts = (await evOk(cloud, 'attendees', { eventId, pageSize: 1 }, org.openid)).counts;
  expect(counts).toMatchObject({ registered: 50, waitlisted: 440 });
});

it('an invite opened by 3 members who sign up shows the inviter on all 3', async () => {
  const org = await organiser(cloud);
  const eventId = await publishedEvent(cloud, org, { capacity: 50 });
  const inviter = await member(cloud);
  await evOk(cloud, 'signup', { eventId }, inviter.openid);
  const friends = await Promise.all([member(cloud), member(cloud), member(cloud)]);
  await Promise.all(
    friends.map((f) => evOk(cloud, 'detail', { eventId, inviter: inviter.member._id }, f.openid)),
  );
  await Promise.all(friends.map((f) => evOk(cloud, 'signup', { eventId }, f.openid)));
  const { items, counts } = await evOk(cloud, 'attendees', { eventId }, org.openid);
  const invited = items.filter((a) => a.invitedBy === inviter.member._id);
  expect(invited.map((a) => a.memberId).sort()).toEqual(friends.map((f) => f.member._id).sort());
  for (const a of invited) expect(a.invitedByName).toBe(inviter.member.name);
  expect(counts).toMatchObject({ registered: 4, invited: 3 });
});
