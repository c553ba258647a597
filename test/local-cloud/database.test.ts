/**
 * The database through the REAL wx-server-sdk over HTTP: every action, EJSON types, production's caps
 * and errors, and the semantic choices documented in docs/local-cloud.md.
 */
import { rawApi, rejection, startHarness, type Harness, type Loose } from './harness';

let h: Harness;
let db: Loose;
let _: Loose;

beforeAll(async () => {
  h = await startHarness();
  db = h.db;
  _ = h._;
  for (const name of ['books', 'loans', 'many', 'sorting', 'ops', 'agg']) await db.createCollection(name);
});

afterAll(async () => {
  await h.close();
});

describe('collections', () => {
  it('fails every action on a collection that does not exist with -502005', async () => {
    const missing = db.collection('nope');
    const calls: Promise<unknown>[] = [
      missing.get(),
      missing.doc('x').get(),
      missing.add({ data: { a: 1 } }),
      missing.where({ a: 1 }).update({ data: { a: 2 } }),
      missing.doc('x').set({ data: { a: 1 } }),
      missing.where({ a: 1 }).remove(),
      missing.count(),
    ];
    for (const call of calls) expect((await rejection(call)).errCode).toBe(-502005);
    // wx-server-sdk's aggregate wrapper does not map codes (errCode -1), but the message tells.
    const agg = await rejection(missing.aggregate().match({ a: 1 }).end());
    expect(agg.errMsg).toMatch(/not exist/);
  });

  it('creates a collection once; creating it again fails', async () => {
    await expect(db.createCollection('fresh')).resolves.toMatchObject({ errMsg: 'createCollection:ok' });
    expect(await db.collection('fresh').count()).toMatchObject({ total: 0 });
    const error = await rejection(db.createCollection('fresh'));
    expect(error.errMsg).toMatch(/exist/);
  });
});

describe('documents', () => {
  it('adds, gets by id and by query, with generated 32-hex ids', async () => {
    const { _id } = await db.collection('books').add({ data: { title: '红岩', stock: 3 } });
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await db.collection('books').doc(_id).get()).data).toEqual({ _id, title: '红岩', stock: 3 });
    const { data } = await db.collection('books').where({ title: '红岩' }).get();
    expect(data).toEqual([{ _id, title: '红岩', stock: 3 }]);
    expect((await rejection(db.collection('books').doc('missing').get())).errMsg).toMatch(/does not exist/);
  });

  it('keeps a given _id and refuses a duplicate', async () => {
    await db.collection('books').add({ data: { _id: 'b-dup', title: 'x' } });
    const error = await rejection(db.collection('books').add({ data: { _id: 'b-dup', title: 'y' } }));
    expect(error.errMsg).toMatch(/duplicate key/);
    expect((await db.collection('books').doc('b-dup').get()).data.title).toBe('x');
  });

  it('round-trips Dates, numbers, nested objects and arrays; resolves serverDate with its offset', async () => {
    const at = new Date('2024-05-06T07:08:09.010Z');
    const before = Date.now();
    const { _id } = await db.collection('loans').add({
      data: {
        at,
        due: db.serverDate({ offset: 86_400_000 }),
        now: db.serverDate(),
        int: 42,
        negative: -7,
        double: 1.5,
        big: 1_700_000_000_000,
        zero: 0,
        nested: { deep: { list: [1, 'two', { three: 3 }], when: at } },
        yes: true,
        nothing: null,
      },
    });
    const after = Date.now();
    const { data } = await db.collection('loans').doc(_id).get();
    expect(data.at).toBeInstanceOf(Date);
    expect(data.at.getTime()).toBe(at.getTime());
    expect(data.nested.deep.when.getTime()).toBe(at.getTime());
    expect(data.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(data.now.getTime()).toBeLessThanOrEqual(after);
    expect(data.due.getTime() - data.now.getTime()).toBe(86_400_000);
    expect(data).toMatchObject({ int: 42, negative: -7, double: 1.5, big: 1_700_000_000_000, zero: 0 });
    expect(data.nested.deep.list).toEqual([1, 'two', { three: 3 }]);
    expect(data).toMatchObject({ yes: true, nothing: null });
  });

  it('queries Dates and RegExps (JS RegExp and db.RegExp), and serverDate in a query', async () => {
    await db.collection('loans').add({ data: { name: 'Harry', when: new Date('2020-01-01') } });
    await db.collection('loans').add({ data: { name: 'harriet', when: new Date('2030-01-01') } });
    const js = await db.collection('loans').where({ name: /^har/i }).get();
    expect(js.data.map((d: Loose) => d.name).sort()).toEqual(['Harry', 'harriet']);
    const wx = await db
      .collection('loans')
      .where({ name: db.RegExp({ regexp: '^harr', options: '' }) })
      .get();
    expect(wx.data.map((d: Loose) => d.name)).toEqual(['harriet']);
    const past = await db
      .collection('loans')
      .where({ when: _.lt(db.serverDate()) })
      .get();
    expect(past.data.map((d: Loose) => d.name)).toEqual(['Harry']);
    const range = await db
      .collection('loans')
      .where({ when: _.gte(new Date('2029-01-01')) })
      .count();
    expect(range.total).toBe(1);
  });

  it('orders, skips, limits and projects', async () => {
    const books = db.collection('sorting');
    await books.add({
      data: [
        { t: 'c', n: 3, x: 1 },
        { t: 'a', n: 1, x: 1 },
        { t: 'b', n: 2, x: 1 },
      ],
    });
    const page = await books.orderBy('t', 'desc').skip(1).limit(1).field({ t: true }).get();
    expect(page.data).toEqual([{ _id: expect.any(String), t: 'b' }]);
    const all = await books.where({ x: 1 }).orderBy('n', 'asc').get();
    expect(all.data.map((d: Loose) => d.t)).toEqual(['a', 'b', 'c']);
    const byDoc = await books.doc(all.data[0]._id).field({ n: true, _id: false }).get();
    expect(byDoc.data).toEqual({ n: 1 });
  });

  it('sorts null and missing fields as equal, before every value, in natural order on ties', async () => {
    const coll = db.collection('ops');
    await coll.add({
      data: [
        { _id: 's1', g: 'sort', v: 2 },
        { _id: 's2', g: 'sort' },
        { _id: 's3', g: 'sort', v: null },
        { _id: 's4', g: 'sort', v: 1 },
        { _id: 's5', g: 'sort' },
      ],
    });
    const asc = await coll.where({ g: 'sort' }).orderBy('v', 'asc').get();
    expect(asc.data.map((d: Loose) => d._id)).toEqual(['s2', 's3', 's5', 's4', 's1']);
    const desc = await coll.where({ g: 'sort' }).orderBy('v', 'desc').get();
    expect(desc.data.map((d: Loose) => d._id)).toEqual(['s1', 's4', 's2', 's3', 's5']);
    expect((await coll.where({ g: 'sort', v: null }).count()).total).toBe(3);
    expect((await coll.where({ g: 'sort', v: _.exists(false) }).count()).total).toBe(2);
  });

  it('translates the query commands the SDK offers', async () => {
    const coll = db.collection('ops');
    await coll.add({
      data: [
        { _id: 'q1', g: 'q', n: 1, tags: ['a', 'b'], o: { x: 1 }, items: [{ k: 1 }, { k: 2 }] },
        { _id: 'q2', g: 'q', n: 5, tags: ['b'], o: { x: 2 }, items: [{ k: 3 }] },
        { _id: 'q3', g: 'q', n: 9, tags: [], o: { x: 3 } },
      ],
    });
    const ids = async (where: Loose) =>
      (await coll.where({ g: 'q', ...where }).get()).data.map((d: Loose) => d._id).sort();
    expect(await ids({ n: _.neq(5) })).toEqual(['q1', 'q3']);
    expect(await ids({ n: _.in([1, 9]) })).toEqual(['q1', 'q3']);
    expect(await ids({ n: _.nin([1, 9]) })).toEqual(['q2']);
    expect(await ids({ n: _.gt(1).and(_.lt(9)) })).toEqual(['q2']);
    expect(await ids({ n: _.lt(2).or(_.gt(8)) })).toEqual(['q1', 'q3']);
    expect(await ids({ tags: 'b' })).toEqual(['q1', 'q2']);
    expect(await ids({ tags: _.all(['a', 'b']) })).toEqual(['q1']);
    expect(await ids({ tags: _.size(0) })).toEqual(['q3']);
    expect(await ids({ items: _.elemMatch({ k: _.gte(3) }) })).toEqual(['q2']);
    expect(await ids({ items: _.exists(false) })).toEqual(['q3']);
    expect(await ids({ o: { x: 2 } })).toEqual(['q2']);
    expect(await ids({ n: _.mod([4, 1]) })).toEqual(['q1', 'q2', 'q3']);
    expect((await coll.where(_.or([{ _id: 'q1' }, { n: 9 }])).get()).data.map((d: Loose) => d._id)).toEqual([
      'q1',
      'q3',
    ]);
  });

  it('applies the update commands the SDK offers', async () => {
    const coll = db.collection('ops');
    await coll.add({
      data: { _id: 'u1', n: 1, arr: [1, 2, 3], set: ['a'], o: { a: 1, b: 2 }, gone: 1, m: 2 },
    });
    await coll.doc('u1').update({
      data: {
        n: _.inc(2),
        m: _.mul(5),
        arr: _.push([4]),
        set: _.addToSet('a'),
        gone: _.remove(),
        o: { c: 3 },
        lo: _.min(0),
        hi: _.max(7),
      },
    });
    expect((await coll.doc('u1').get()).data).toEqual({
      _id: 'u1',
      n: 3,
      m: 10,
      arr: [1, 2, 3, 4],
      set: ['a'],
      o: { a: 1, b: 2, c: 3 },
      lo: 0,
      hi: 7,
    });
    await coll.doc('u1').update({ data: { arr: _.unshift([0]) } });
    await coll.doc('u1').update({ data: { arr: _.pop() } });
    await coll.doc('u1').update({ data: { arr: _.shift() } });
    await coll.doc('u1').update({ data: { arr: _.pull(2), o: _.set({ z: 1 }) } });
    expect((await coll.doc('u1').get()).data).toMatchObject({ arr: [1, 3], o: { z: 1 } });
  });

  it('updates the array element a query matched with the positional $', async () => {
    const coll = db.collection('ops');
    await coll.add({
      data: {
        _id: 'pos1',
        items: [
          { id: 1, qty: 1 },
          { id: 2, qty: 1 },
        ],
      },
    });
    await coll.where({ _id: 'pos1', 'items.id': 2 }).update({ data: { 'items.$.qty': _.inc(4) } });
    expect((await coll.doc('pos1').get()).data.items).toEqual([
      { id: 1, qty: 1 },
      { id: 2, qty: 5 },
    ]);
  });

  it('reports stats.updated as documents actually changed (MongoDB nModified)', async () => {
    const coll = db.collection('ops');
    await coll.add({
      data: [
        { _id: 'm1', g: 'm', s: 'x' },
        { _id: 'm2', g: 'm', s: 'y' },
      ],
    });
    expect((await coll.where({ g: 'm' }).update({ data: { s: 'x' } })).stats.updated).toBe(1);
    expect((await coll.doc('m1').update({ data: { s: 'x' } })).stats.updated).toBe(0);
    expect((await coll.doc('absent').update({ data: { s: 'x' } })).stats.updated).toBe(0);
    expect((await coll.where({ g: 'm' }).update({ data: { s: 'z' } })).stats.updated).toBe(2);
  });

  it('set() replaces a document or creates it (upsert), and where().remove() removes all matches', async () => {
    const coll = db.collection('ops');
    const created = await coll.doc('set1').set({ data: { a: 1, b: 2 } });
    expect(created.stats).toEqual({ updated: 0, created: 1 });
    const replaced = await coll.doc('set1').set({ data: { c: 3 } });
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect((await coll.doc('set1').get()).data).toEqual({ _id: 'set1', c: 3 });
    await coll.add({ data: [{ g: 'rm' }, { g: 'rm' }, { g: 'keep' }] });
    expect((await coll.where({ g: 'rm' }).remove()).stats.removed).toBe(2);
    expect((await coll.doc('set1').remove()).stats.removed).toBe(1);
    expect((await coll.where({ g: 'keep' }).count()).total).toBe(1);
  });

  it('flattens nested where objects into dotted paths, as the SDK sends them', async () => {
    const coll = db.collection('ops');
    await coll.add({ data: { _id: 'nest1', nested: { x: 1, y: 2 } } });
    expect((await coll.where({ nested: { x: 1 } }).get()).data.map((d: Loose) => d._id)).toEqual(['nest1']);
    await coll.where({ _id: 'nest1' }).update({ data: { nested: { y: 3 } } });
    expect((await coll.doc('nest1').get()).data.nested).toEqual({ x: 1, y: 3 });
  });

  it('updateAndReturn (node-sdk modifyAndReturnDoc) answers the updated document', async () => {
    const coll = db.collection('ops');
    await coll.add({ data: { _id: 'uar', n: 1 } });
    // wx-server-sdk does not expose updateAndReturn; its node-sdk database (`_db`) does.
    const res = await db._db
      .collection('ops')
      .where({ _id: 'uar' })
      .updateAndReturn({ n: _.inc(1) });
    expect(res.updated).toBe(1);
    expect(res.doc).toEqual({ _id: 'uar', n: 2 });
    const none = await db._db.collection('ops').where({ _id: 'none' }).updateAndReturn({ n: 1 });
    expect(none).toMatchObject({ updated: 0, doc: null });
  });

  it('aggregates with $match/$group/$sort/$lookup, 20 results by default, more with $limit', async () => {
    const agg = db.collection('agg');
    await agg.add({
      data: Array.from({ length: 30 }, (_x, i) => ({ i, group: i % 3, bookId: `b${i % 2}` })),
    });
    await db.collection('books').add({
      data: [
        { _id: 'b0', title: 'zero' },
        { _id: 'b1', title: 'one' },
      ],
    });
    const $ = _.aggregate;
    const grouped = await agg
      .aggregate()
      .match({ i: _.gte(3) })
      .group({ _id: '$group', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(grouped.list).toEqual([
      { _id: 0, n: 9 },
      { _id: 1, n: 9 },
      { _id: 2, n: 9 },
    ]);
    expect((await agg.aggregate().match({}).end()).list).toHaveLength(20);
    expect((await agg.aggregate().limit(25).end()).list).toHaveLength(25);
    const joined = await agg
      .aggregate()
      .match({ i: _.lt(2) })
      .lookup({ from: 'books', localField: 'bookId', foreignField: '_id', as: 'book' })
      .project({ _id: 0, i: 1, title: $.arrayElemAt(['$book.title', 0]) })
      .end();
    expect(joined.list).toEqual([
      { i: 0, title: 'zero' },
      { i: 1, title: 'one' },
    ]);
    // The pipeline works on copies: the stored documents are untouched.
    await agg.aggregate().match({ i: 0 }).addFields({ 'extra.x': 1 }).end();
    expect((await agg.where({ i: 0 }).get()).data[0].extra).toBeUndefined();
  });
});

describe('caps', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1100 }, (_x, i) => ({ i }));
    for (let k = 0; k < docs.length; k += 500)
      await db.collection('many').add({ data: docs.slice(k, k + 500) });
  });

  it('answers 100 documents by default and at most 1000', async () => {
    expect((await db.collection('many').get()).data).toHaveLength(100);
    expect((await db.collection('many').limit(2000).get()).data).toHaveLength(1000);
    expect((await db.collection('many').skip(1050).limit(1000).get()).data).toHaveLength(50);
    expect((await db.collection('many').count()).total).toBe(1100);
  });

  it('caps a raw request asking for more than 1000 at 1000', async () => {
    const res = await rawApi(h.cloud.url, {
      action: 'database.getDocument',
      collectionName: 'many',
      queryType: 'WHERE',
      limit: 5000,
    });
    expect(res.data.list).toHaveLength(1000);
    expect(res.requestId).toEqual(expect.any(String));
  });

  it('updates and removes every match (no cap on where().update / remove)', async () => {
    expect(
      (
        await db
          .collection('many')
          .where({ i: _.gte(0) })
          .update({ data: { seen: true } })
      ).stats.updated,
    ).toBe(1100);
  });
});

describe('errors', () => {
  it('answers { code, message } with production codes', async () => {
    const missing = await rawApi(h.cloud.url, { action: 'database.getDocument', collectionName: 'nope' });
    expect(missing).toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST', message: expect.any(String) });
    const badOp = await rawApi(h.cloud.url, {
      action: 'database.getDocument',
      collectionName: 'books',
      query: JSON.stringify({ a: { $nonsense: 1 } }),
    });
    expect(badOp.code).toBe('DATABASE_INVALID_OPERRATOR');
    const unknown = await rawApi(h.cloud.url, { action: 'storage.getUploadMetadata' });
    expect(unknown.code).toBe('INVALID_PARAM');
  });
});

describe('concurrency', () => {
  it('lets exactly 9 of 50 concurrent conditional decrements of a counter of 9 through', async () => {
    const { _id } = await db.collection('books').add({ data: { title: 'counter', n: 9 } });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        db
          .collection('books')
          .where({ _id, n: _.gt(0) })
          .update({ data: { n: _.inc(-1) } }),
      ),
    );
    const updated = results.reduce((sum: number, r: Loose) => sum + r.stats.updated, 0);
    expect(updated).toBe(9);
    expect((await db.collection('books').doc(_id).get()).data.n).toBe(0);
  });
});
