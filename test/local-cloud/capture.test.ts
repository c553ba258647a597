/**
 * Pins the wire format: a fixed set of wx-server-sdk calls is sent to a recording server and what the SDK
 * sent is compared with the committed fixture `fixtures/sdk-wire.json`. An SDK upgrade that changes what
 * it sends fails here, loudly, before it can silently break the local cloud.
 *
 * After checking a difference (and adapting the local cloud), rewrite the fixture with:
 *   UPDATE_SDK_WIRE=1 npx jest test/local-cloud/capture.test.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as cloudSdk from 'wx-server-sdk';
import { sdkEnv } from '../../scripts/local-cloud/env';
import { boundaryOf, parseMultipart } from '../../scripts/local-cloud/multipart';
import { decodeOpenApiRequest, encodeOpenApiAnswer } from '../../scripts/local-cloud/protobuf';
import type { Loose } from './harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'sdk-wire.json');

interface Captured {
  call: string;
  path: string;
  query: string[];
  contentType: string;
  params: Record<string, unknown>;
}

const captured: Captured[] = [];
let current = '';
let server: http.Server;

function packageVersion(name: string): string {
  const file = require.resolve(`${name}/package.json`, {
    paths: [
      path.dirname(require.resolve('@cloudbase/node-sdk')),
      path.dirname(require.resolve('wx-server-sdk')),
    ],
  });
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function answerFor(action: string, apiName: string): { type: string; body: Buffer } {
  const json = (value: unknown) => ({ type: 'application/json', body: Buffer.from(JSON.stringify(value)) });
  const doc = JSON.stringify({ _id: 'b1', title: 'T' });
  switch (action) {
    case 'database.getDocument':
      return json({ data: { list: [doc] }, requestId: 'r' });
    case 'database.insertDocument':
      return json({ data: { insertedIds: ['id1'] }, requestId: 'r' });
    case 'database.modifyDocument':
      return json({ data: { updated: 1 }, requestId: 'r' });
    case 'database.modifyAndReturnDoc':
      return json({ data: { updated: 1, doc }, requestId: 'r' });
    case 'database.removeDocument':
      return json({ data: { deleted: 1 }, requestId: 'r' });
    case 'database.calculateDocument':
      return json({ data: { total: 1 }, requestId: 'r' });
    case 'database.aggregateDocuments':
      return json({ data: { list: [] }, requestId: 'r' });
    case 'database.startTransaction':
      return json({ transactionId: 'tx-capture', requestId: 'r' });
    case 'functions.invokeFunction':
      return json({ data: { response_data: '{"ok":true}' }, requestId: 'r' });
    case 'wx.openApi': {
      const png = apiName === 'wxacode.getUnlimited';
      return {
        type: 'application/octet-stream',
        body: encodeOpenApiAnswer({
          respData: png ? Buffer.from([0x89, 0x50, 0x4e, 0x47]) : Buffer.from('{"errcode":0,"errmsg":"ok"}'),
          contentType: png ? 'image/png' : 'application/json',
          errorCode: 0,
        }),
      };
    }
    default:
      return json({ requestId: 'r' });
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://capture');
      const contentType = (req.headers['content-type'] ?? '').split(';')[0] ?? '';
      let params: Record<string, unknown>;
      if (contentType === 'multipart/form-data') {
        const form = parseMultipart(body, boundaryOf(req.headers['content-type'] ?? '') ?? '');
        params = {};
        for (const [key, value] of form) params[key] = value.toString('utf8');
        const request = decodeOpenApiRequest(form.get('requestData') ?? Buffer.alloc(0));
        params.requestData = {
          apiType: request.apiType,
          appid: request.appid,
          pairs: Object.fromEntries([...request.pairs].map(([k, v]) => [k, v.toString('utf8')])),
        };
      } else {
        params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      }
      captured.push({
        call: current,
        path: url.pathname,
        query: [...url.searchParams.keys()],
        contentType,
        params,
      });
      const answer = answerFor(String(params.action), String(params.apiName ?? ''));
      res.writeHead(200, { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, sdkEnv(`http://127.0.0.1:${port}`, { openId: 'capture-openid' }));
  cloudSdk.init({ env: cloudSdk.DYNAMIC_CURRENT_ENV as unknown as string });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function record(call: string, run: () => unknown): Promise<void> {
  current = call;
  try {
    await run();
  } catch {
    // The canned answers do not satisfy every call; what was sent is what matters here.
  }
}

it('sends exactly what the committed fixture says', async () => {
  const db = cloudSdk.database() as Loose;
  const _ = db.command;
  const $ = _.aggregate;
  const books = db.collection('books');
  const at = new Date(1_700_000_000_000);

  await record('get where/orderBy/skip/limit/field', () =>
    books
      .where({ stock: _.gt(0), tags: _.in(['a']) })
      .orderBy('title', 'asc')
      .orderBy('n', 'desc')
      .skip(10)
      .limit(5)
      .field({ title: true, n: 1 })
      .get(),
  );
  await record('get without where (default limit)', () => books.get());
  await record('get limit above 1000', () => books.limit(5000).get());
  await record('doc get with field', () => books.doc('b1').field({ title: true }).get());
  await record('doc update with operators', () =>
    books.doc('b1').update({ data: { stock: _.inc(-1), log: _.push(['x']), at, when: db.serverDate() } }),
  );
  await record('where update', () =>
    books.where({ _id: 'b1', stock: _.gt(0) }).update({ data: { stock: _.inc(-1), nested: { a: 1 } } }),
  );
  await record('update commands', () =>
    books.doc('b1').update({
      data: {
        a: _.remove(),
        b: _.shift(),
        c: _.unshift([1, 2]),
        d: _.pop(),
        e: _.addToSet('x'),
        f: _.mul(2),
        g: _.set({ x: 1 }),
        h: _.pull(_.gt(3)),
        i: _.min(1),
        j: _.max(9),
        k: _.rename('kk'),
      },
    }),
  );
  await record('doc set', () => books.doc('b1').set({ data: { title: 'X', n: 1, at } }));
  await record('add one with Date and serverDate', () =>
    db
      .collection('loans')
      .add({ data: { at, when: db.serverDate({ offset: 60_000 }), n: 1.5, big: 2 ** 40 } }),
  );
  await record('add many', () => db.collection('loans').add({ data: [{ a: 1 }, { _id: 'given', a: 2 }] }));
  await record('count with RegExp', () => books.where({ title: /^har/i }).count());
  await record('db.RegExp', () => books.where({ title: db.RegExp({ regexp: 'x', options: 'im' }) }).get());
  await record('query commands', () =>
    books
      .where(
        _.or([
          { a: _.neq(1), b: _.nin([1, 2]), c: _.exists(true) },
          { d: _.elemMatch({ x: _.lte(1) }), e: _.size(2), f: _.all(['a']), g: _.mod([2, 0]) },
        ]),
      )
      .get(),
  );
  await record('nested where', () => books.where({ nested: { x: 1 }, at: _.lt(at) }).get());
  await record('where remove', () => books.where({ stock: 0 }).remove());
  await record('doc remove', () => books.doc('b1').remove());
  await record('aggregate', () =>
    db
      .collection('loans')
      .aggregate()
      .match({ returned: false })
      .group({ _id: '$bookId', n: $.sum(1) })
      .sort({ n: -1 })
      .limit(3)
      .end(),
  );
  await record('createCollection', () => db.createCollection('fresh'));
  await record('runTransaction', () =>
    db.runTransaction(async (t: Loose) => {
      await t.collection('books').doc('b1').get();
      await t
        .collection('books')
        .doc('b1')
        .update({ data: { n: _.inc(1) } });
      await t
        .collection('books')
        .doc('b2')
        .set({ data: { n: 1 } });
      await t.collection('loans').add({ data: { at } });
      await t.collection('books').doc('b3').remove();
      await t.collection('books').where({ n: 1 }).get();
    }),
  );
  await record('startTransaction and rollback', async () => {
    const t = await db.startTransaction();
    await t.rollback();
  });
  await record('updateAndReturn (node-sdk)', () =>
    db._db.collection('books').where({ _id: 'b1' }).updateAndReturn({ n: 1 }),
  );
  await record('callFunction', () => cloudSdk.callFunction({ name: 'whoami', data: { x: 1, at } }));
  await record('openapi.security.msgSecCheck', () =>
    cloudSdk.openapi.security.msgSecCheck({ content: 'hello', version: 2, scene: 2, openid: 'o1' }),
  );
  await record('openapi.subscribeMessage.send', () =>
    cloudSdk.openapi.subscribeMessage.send({
      touser: 'o1',
      templateId: 'TPL',
      page: 'pages/index/index',
      data: { thing1: { value: '红岩' } },
      miniprogramState: 'developer',
    }),
  );
  await record('openapi.wxacode.getUnlimited', () =>
    cloudSdk.openapi.wxacode.getUnlimited({ scene: 'b=1', page: 'pages/book/index', checkPath: false }),
  );

  const actual = {
    versions: {
      'wx-server-sdk': packageVersion('wx-server-sdk'),
      '@cloudbase/node-sdk': packageVersion('@cloudbase/node-sdk'),
      '@cloudbase/database': packageVersion('@cloudbase/database'),
      bson: packageVersion('bson'),
    },
    requests: captured,
  };
  if (process.env.UPDATE_SDK_WIRE === '1') {
    writeFileSync(FIXTURE, JSON.stringify(actual));
    // Formatted as the repository's prettier would (prettier's API needs ESM, which jest lacks here).
    execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', FIXTURE]);
    return;
  }
  if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} is missing: run with UPDATE_SDK_WIRE=1 once`);
  const expected = JSON.parse(readFileSync(FIXTURE, 'utf8')) as typeof actual;
  expect(actual.versions).toEqual(expected.versions);
  expect(actual.requests.map((r) => r.call)).toEqual(expected.requests.map((r) => r.call));
  actual.requests.forEach((request, i) => {
    expect({ call: request.call, request }).toEqual({ call: request.call, request: expected.requests[i] });
  });
});
