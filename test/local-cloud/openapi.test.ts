/**
 * The local stand-ins for cloud.openapi.*: msgSecCheck's word list, subscribeMessage.send's outbox,
 * wxacode.getUnlimited's placeholder image, and config.json permissions.
 */
import { pngText } from '../../scripts/local-cloud/png';
import { rejection, startHarness, type Harness, type Loose } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ secCheckWords: '违禁词,赌博:20006,spoiler' });
});

afterAll(async () => {
  await h.close();
});

async function viaFunction(name: string, api: string, params: unknown, openid = 'u-openapi'): Promise<Loose> {
  const res = await fetch(`${h.cloud.url}/functions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify({ api, params }),
  });
  return res.json();
}

describe('security.msgSecCheck', () => {
  it('passes ordinary text and flags listed words (v2), marked as local', async () => {
    const pass = await viaFunction('openapi', 'security.msgSecCheck', {
      content: '读书使人进步',
      version: 2,
      scene: 2,
      openid: 'u-openapi',
    });
    expect(pass).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 }, local: true });
    const risky = await viaFunction('openapi', 'security.msgSecCheck', {
      content: '这里有赌博广告',
      version: 2,
      scene: 3,
      openid: 'u-openapi',
    });
    expect(risky).toMatchObject({ result: { suggest: 'risky', label: 20006 }, local: true });
    expect(risky.detail[0]).toMatchObject({ keyword: '赌博', suggest: 'risky' });
    const custom = await viaFunction('openapi', 'security.msgSecCheck', {
      content: 'Big SPOILER ahead',
      version: 2,
      scene: 2,
      openid: 'u-openapi',
    });
    expect(custom.result).toEqual({ suggest: 'risky', label: 21000 });
  });

  it('checks the other text fields too, and rejects malformed v2 calls as WeChat does', async () => {
    const title = await viaFunction('openapi', 'security.msgSecCheck', {
      content: 'ok',
      title: '违禁词',
      version: 2,
      scene: 1,
      openid: 'u',
    });
    expect(title.result.suggest).toBe('risky');
    const noOpenid = await viaFunction('openapi', 'security.msgSecCheck', {
      content: 'x',
      version: 2,
      scene: 2,
    });
    expect(noOpenid).toMatchObject({ failed: true, errCode: 40003 });
    const tooLong = await viaFunction('openapi', 'security.msgSecCheck', {
      content: 'x'.repeat(2501),
      version: 2,
      scene: 2,
      openid: 'u',
    });
    expect(tooLong).toMatchObject({ failed: true, errCode: 47001 });
  });

  it('answers v1 calls with ok, or errCode 87014 for risky content', async () => {
    expect(await viaFunction('openapi', 'security.msgSecCheck', { content: 'fine' })).toMatchObject({
      errCode: 0,
    });
    expect(await viaFunction('openapi', 'security.msgSecCheck', { content: '赌博' })).toMatchObject({
      failed: true,
      errCode: 87014,
    });
  });

  it('works from outside a function too (no permission check there)', async () => {
    const result = (await h.sdk.openapi.security.msgSecCheck({
      content: 'hello',
      version: 2,
      scene: 2,
      openid: 'x',
    })) as Loose;
    expect(result.result.suggest).toBe('pass');
  });
});

describe('subscribeMessage.send', () => {
  it('appends the message to the outbox collection tests can read', async () => {
    const sent = await viaFunction('openapi', 'subscribeMessage.send', {
      touser: 'reader-1',
      templateId: 'TPL_DUE',
      page: 'pages/loans/index',
      data: { thing1: { value: '红岩' }, date2: { value: '2024-06-01' } },
    });
    expect(sent).toMatchObject({ errCode: 0, local: true });
    const { data } = await h.db.collection('outbox').where({ touser: 'reader-1' }).get();
    expect(data).toEqual([
      {
        _id: expect.any(String),
        touser: 'reader-1',
        templateId: 'TPL_DUE',
        page: 'pages/loans/index',
        data: { thing1: { value: '红岩' }, date2: { value: '2024-06-01' } },
        miniprogramState: 'formal',
        lang: 'zh_CN',
        sentAt: expect.any(Date),
        local: true,
      },
    ]);
  });

  it('rejects a message without recipient, template or values', async () => {
    const noUser = await viaFunction('openapi', 'subscribeMessage.send', { templateId: 't', data: {} });
    expect(noUser).toMatchObject({ failed: true, errCode: 40003 });
    const emptyValue = await viaFunction('openapi', 'subscribeMessage.send', {
      touser: 'u',
      templateId: 't',
      data: { thing1: { value: '' } },
    });
    expect(emptyValue).toMatchObject({ failed: true, errCode: 47003 });
  });
});

describe('wxacode.getUnlimited', () => {
  it('answers a PNG that records the scene and page', async () => {
    const answer = await viaFunction('openapi', 'wxacode.getUnlimited', {
      scene: 'b=42',
      page: 'pages/book/index',
    });
    expect(answer.contentType).toBe('image/png');
    const png = Buffer.from(answer.base64, 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(pngText(png)).toEqual({ scene: 'b=42', page: 'pages/book/index', local: 'true' });
  });

  it('refuses a scene longer than 32 characters (40169)', async () => {
    const answer = await viaFunction('openapi', 'wxacode.getUnlimited', { scene: 'x'.repeat(33) });
    expect(answer).toMatchObject({ failed: true, errCode: 40169 });
  });
});

describe('permissions', () => {
  it('refuses an open API the calling function does not list in config.json (-604101)', async () => {
    const answer = await viaFunction('openapi-denied', 'security.msgSecCheck', {
      content: 'hello',
      version: 2,
      scene: 2,
      openid: 'u',
    });
    expect(answer).toMatchObject({ failed: true, errCode: -604101 });
  });

  it('answers -604100 for an open API without a local stand-in', async () => {
    const error = await rejection(
      h.sdk.openapi.customerServiceMessage.send({ touser: 'x' }) as Promise<unknown>,
    );
    expect(error.errCode).toBe(-604100);
  });
});
