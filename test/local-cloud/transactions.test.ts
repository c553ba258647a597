/**
 * Transactions through the real wx-server-sdk: commit, rollback, snapshot isolation, conflicts at
 * document granularity (runTransaction retries by itself), no partial commits.
 */
import { openStore } from '../../scripts/local-cloud/store';
import { rejection, startHarness, type Harness, type Loose } from './harness';

let h: Harness;
let db: Loose;
let _: Loose;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  _ = h._;
  await db.createCollection('accounts');
});

afterAll(async () => {
  await h.close();
});

async function balance(id: string): Promise<number> {
  return (await db.collection('accounts').doc(id).get()).data.balance;
}

it('commits document operations together and answers the callback value', async () => {
  await db.collection('accounts').add({
    data: [
      { _id: 'a1', balance: 100 },
      { _id: 'a2', balance: 0 },
    ],
  });
  const result = await db.runTransaction(async (t: Loose) => {
    const from = (await t.collection('accounts').doc('a1').get()).data;
    await t
      .collection('accounts')
      .doc('a1')
      .update({ data: { balance: from.balance - 30 } });
    await t
      .collection('accounts')
      .doc('a2')
      .update({ data: { balance: _.inc(30) } });
    await t.collection('accounts').add({ data: { _id: 'log1', kind: 'transfer' } });
    return 'moved';
  });
  expect(result).toBe('moved');
  expect(await balance('a1')).toBe(70);
  expect(await balance('a2')).toBe(30);
  expect((await db.collection('accounts').doc('log1').get()).data.kind).toBe('transfer');
});

it('keeps uncommitted writes invisible outside and discards them on rollback', async () => {
  await db.collection('accounts').add({ data: { _id: 'r1', balance: 5 } });
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .doc('r1')
    .update({ data: { balance: 6 } });
  await t
    .collection('accounts')
    .doc('r1-new')
    .set({ data: { balance: 1 } });
  expect((await t.collection('accounts').doc('r1').get()).data.balance).toBe(6);
  expect(await balance('r1')).toBe(5);
  await t.rollback();
  expect(await balance('r1')).toBe(5);
  expect((await db.collection('accounts').where({ _id: 'r1-new' }).count()).total).toBe(0);
});

it('rolls back when the callback throws or calls rollback()', async () => {
  await db.collection('accounts').add({ data: { _id: 'cb1', balance: 10 } });
  await expect(
    db.runTransaction(async (t: Loose) => {
      await t
        .collection('accounts')
        .doc('cb1')
        .update({ data: { balance: 0 } });
      throw new Error('insufficient');
    }),
  ).rejects.toThrow('insufficient');
  await expect(
    db.runTransaction(async (t: Loose) => {
      await t
        .collection('accounts')
        .doc('cb1')
        .update({ data: { balance: 1 } });
      await t.rollback('no, thanks');
    }),
  ).rejects.toBe('no, thanks');
  expect(await balance('cb1')).toBe(10);
});

it('reads a snapshot as of the start, even of documents it first reads after others changed them', async () => {
  await db.collection('accounts').add({
    data: [
      { _id: 's1', balance: 1 },
      { _id: 's2', balance: 1 },
    ],
  });
  const t = await db.startTransaction();
  expect((await t.collection('accounts').doc('s1').get()).data.balance).toBe(1);
  await db
    .collection('accounts')
    .doc('s1')
    .update({ data: { balance: 2 } });
  await db
    .collection('accounts')
    .doc('s2')
    .update({ data: { balance: 2 } });
  await db.collection('accounts').add({ data: { _id: 's3', balance: 1 } });
  expect((await t.collection('accounts').doc('s1').get()).data.balance).toBe(1);
  expect((await t.collection('accounts').doc('s2').get()).data.balance).toBe(1);
  expect(
    (await t
      .collection('accounts')
      .doc('s3')
      .get()
      .catch((e: Error) => e)) instanceof Error,
  ).toBe(true);
  await t.rollback();
});

it('fails the commit with DATABASE_TRANSACTION_CONFLICT when a touched document changed, writing nothing', async () => {
  await db.collection('accounts').add({
    data: [
      { _id: 'c1', balance: 10 },
      { _id: 'c2', balance: 10 },
    ],
  });
  const t = await db.startTransaction();
  await t.collection('accounts').doc('c1').get();
  await t
    .collection('accounts')
    .doc('c2')
    .update({ data: { balance: 11 } });
  await db
    .collection('accounts')
    .doc('c1')
    .update({ data: { balance: 12 } });
  const error = await rejection(t.commit());
  expect(error.code).toBe('DATABASE_TRANSACTION_CONFLICT');
  expect(await balance('c2')).toBe(10);
  expect(await balance('c1')).toBe(12);
});

it('does not conflict over documents the transaction did not touch', async () => {
  await db.collection('accounts').add({
    data: [
      { _id: 'd1', balance: 1 },
      { _id: 'd2', balance: 1 },
    ],
  });
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .doc('d1')
    .update({ data: { balance: 2 } });
  await db
    .collection('accounts')
    .doc('d2')
    .update({ data: { balance: 3 } });
  await t.commit();
  expect([await balance('d1'), await balance('d2')]).toEqual([2, 3]);
});

it('conflicts over a document it looked for and did not find, when another commit creates it', async () => {
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .doc('ghost')
    .get()
    .catch(() => undefined);
  await t
    .collection('accounts')
    .doc('other')
    .set({ data: { balance: 1 } });
  await db.collection('accounts').add({ data: { _id: 'ghost', balance: 1 } });
  expect((await rejection(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
});

it('sees a conflict written by another process (a script on the same data directory)', async () => {
  await db.collection('accounts').add({ data: { _id: 'x1', balance: 1 } });
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .doc('x1')
    .update({ data: { balance: 2 } });
  const store = await openStore(h.dataDir);
  await store.update('accounts', { _id: 'x1' }, { $set: { balance: 100 } });
  await store.close();
  expect((await rejection(t.commit())).code).toBe('DATABASE_TRANSACTION_CONFLICT');
  expect(await balance('x1')).toBe(100);
});

it('lets runTransaction retry conflicting increments to the right final state', async () => {
  await db.collection('accounts').add({ data: { _id: 'counter', balance: 0 } });
  let attempts = 0;
  const increment = () =>
    db.runTransaction(async (t: Loose) => {
      attempts += 1;
      const { data } = await t.collection('accounts').doc('counter').get();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await t
        .collection('accounts')
        .doc('counter')
        .update({ data: { balance: data.balance + 1 } });
    });
  // runTransaction makes up to 4 attempts: 3 concurrent transactions always get through.
  await Promise.all([increment(), increment(), increment()]);
  expect(await balance('counter')).toBe(3);
  expect(attempts).toBeGreaterThan(3);
});

it('runs where().update() outside the transaction, as production does (it carries no transactionId)', async () => {
  await db.collection('accounts').add({ data: { _id: 'w1', balance: 1 } });
  const t = await db.startTransaction();
  await t
    .collection('accounts')
    .where({ _id: 'w1' })
    .update({ data: { balance: 9 } });
  await t.rollback();
  expect(await balance('w1')).toBe(9);
});

it('refuses operations on an ended transaction', async () => {
  const t = await db.startTransaction();
  await t.commit();
  const error = await rejection(t.collection('accounts').doc('a1').get());
  expect(error.errMsg).toMatch(/transaction/);
});
