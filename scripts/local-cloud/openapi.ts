/**
 * Local stand-ins for the WeChat open APIs the project calls through `cloud.openapi.*` (action
 * `wx.openApi`: a multipart form whose `requestData` is a protobuf of the parameters, each a JSON value,
 * keys in snake_case). Every answer is marked as local (`local: true` in JSON answers, a `local` tEXt
 * chunk in images) and logged.
 *
 * - `security.msgSecCheck`: a word list instead of WeChat's models. v2 answers
 *   `{ result: { suggest: 'pass' | 'risky', label }, detail, traceId }`; v1 answers ok or errcode 87014.
 * - `subscribeMessage.send`: appends the message to the `outbox` collection (created on first use):
 *   `{ touser, templateId, page, data, miniprogramState, lang, sentAt, local: true }`.
 * - `wxacode.getUnlimited`: a placeholder PNG (see png.ts); `scene` must be 1–32 characters (40169).
 *
 * Like production, a cloud function may only call the APIs its `config.json` lists under
 * `permissions.openapi` (otherwise errCode -604101); calls from outside a function are not checked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isPlainObject } from './ejson';
import { placeholderCode } from './png';
import { decodeOpenApiRequest, encodeOpenApiAnswer } from './protobuf';
import type { Engine } from './engine';

export const OUTBOX = 'outbox';

/** errCodes of the function runtime (wx-server-sdk's ERR_CODE). */
const API_NOT_FOUND = -604100;
const NO_PERMISSION = -604101;

export interface SecCheckWord {
  word: string;
  label: number;
}

/** Used when LOCAL_SEC_CHECK_WORDS is not set: a few words any test can rely on. */
export const DEFAULT_SEC_CHECK_WORDS = '违禁词,赌博:20006,色情:20002,毒品:20006,forbidden-word';

/** `word[:label],word[:label]` (label defaults to 21000, "other"). */
export function parseSecCheckWords(spec: string): SecCheckWord[] {
  return spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const match = /^(.*?)(?::(\d+))?$/.exec(item);
      return { word: (match?.[1] ?? item).toLowerCase(), label: Number(match?.[2] ?? 21000) };
    });
}

export interface OpenApiContext {
  engine: Engine;
  secCheckWords: SecCheckWord[];
  /** The function making the call, for the permission check; undefined from outside a function. */
  callerFunction?: { name: string; dir: string };
  log: (line: string) => void;
}

type Json = Record<string, unknown>;

/** Answers a `wx.openApi` call with the protobuf body the SDK decodes. */
export function handleOpenApi(apiName: string, requestData: Buffer, ctx: OpenApiContext): Buffer {
  if (ctx.callerFunction && !permitted(ctx.callerFunction.dir, apiName)) {
    ctx.log(`openapi.${apiName}: refused, not in ${ctx.callerFunction.name}/config.json permissions.openapi`);
    return encodeOpenApiAnswer({ errorCode: NO_PERMISSION });
  }
  const request = decodeOpenApiRequest(requestData);
  const params: Json = {};
  for (const [key, value] of request.pairs) {
    try {
      params[key] = JSON.parse(value.toString('utf8')) as unknown;
    } catch {
      params[key] = value.toString('utf8');
    }
  }
  switch (apiName) {
    case 'security.msgSecCheck':
      return json(msgSecCheck(params, ctx));
    case 'subscribeMessage.send':
      return json(subscribeMessageSend(params, ctx));
    case 'wxacode.getUnlimited':
      return getUnlimited(params, ctx);
    default:
      ctx.log(`openapi.${apiName}: no local stand-in`);
      return encodeOpenApiAnswer({ errorCode: API_NOT_FOUND });
  }
}

function permitted(functionDir: string, apiName: string): boolean {
  try {
    const config = JSON.parse(readFileSync(path.join(functionDir, 'config.json'), 'utf8')) as unknown;
    const list = isPlainObject(config) && isPlainObject(config.permissions) ? config.permissions.openapi : [];
    return Array.isArray(list) && list.includes(apiName);
  } catch {
    return false;
  }
}

function json(body: Json): Buffer {
  return encodeOpenApiAnswer({
    respData: Buffer.from(JSON.stringify(body)),
    contentType: 'application/json',
    errorCode: 0,
    httpCode: 200,
  });
}

function wxError(errcode: number, errmsg: string): Json {
  return { errcode, errmsg: `${errmsg} (local stand-in)` };
}

function msgSecCheck(params: Json, ctx: OpenApiContext): Json {
  const version = Number(params.version ?? 1);
  const texts = ['content', 'title', 'nickname', 'signature']
    .map((k) => params[k])
    .filter((v): v is string => typeof v === 'string');
  if (typeof params.content !== 'string') return wxError(47001, 'data format error: content is required');
  if (params.content.length > 2500)
    return wxError(47001, 'data format error: content exceeds 2500 characters');
  if (version === 2) {
    if (typeof params.openid !== 'string' || params.openid === '') return wxError(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(Number(params.scene)))
      return wxError(47001, 'data format error: invalid scene');
  }
  const haystack = texts.join('\n').toLowerCase();
  const hit = ctx.secCheckWords.find((w) => haystack.includes(w.word));
  const suggest = hit ? 'risky' : 'pass';
  const label = hit ? hit.label : 100;
  ctx.log(`openapi.security.msgSecCheck (local word list): ${suggest}${hit ? ` (${hit.word})` : ''}`);
  if (version !== 2) return hit ? wxError(87014, 'risky content') : { errcode: 0, errmsg: 'ok', local: true };
  return {
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label },
    detail: [
      {
        strategy: 'keyword',
        errcode: 0,
        suggest,
        label,
        ...(hit ? { keyword: hit.word, level: 90 } : {}),
      },
    ],
    trace_id: `local-${Date.now().toString(36)}`,
    local: true,
  };
}

function subscribeMessageSend(params: Json, ctx: OpenApiContext): Json {
  if (typeof params.touser !== 'string' || params.touser === '') return wxError(40003, 'invalid openid');
  if (typeof params.template_id !== 'string' || params.template_id === '') {
    return wxError(40037, 'invalid template_id');
  }
  const data = params.data;
  if (!isPlainObject(data)) return wxError(47003, 'argument invalid! data is empty');
  for (const [key, item] of Object.entries(data)) {
    if (!isPlainObject(item) || item.value === undefined || item.value === '') {
      return wxError(47003, `argument invalid! data.${key}.value is empty`);
    }
  }
  const { engine } = ctx;
  engine.createCollection(OUTBOX);
  const message: Json = {
    touser: params.touser,
    templateId: params.template_id,
    page: typeof params.page === 'string' ? params.page : '',
    data,
    miniprogramState: typeof params.miniprogram_state === 'string' ? params.miniprogram_state : 'formal',
    lang: typeof params.lang === 'string' ? params.lang : 'zh_CN',
    sentAt: new Date(engine.clock.now()),
    local: true,
  };
  const [id] = engine.insert(OUTBOX, [message]);
  ctx.log(
    `openapi.subscribeMessage.send (local outbox ${String(id)}): ${params.template_id} → ${params.touser}`,
  );
  return { errcode: 0, errmsg: 'ok', local: true };
}

function getUnlimited(params: Json, ctx: OpenApiContext): Buffer {
  const scene = params.scene;
  if (typeof scene !== 'string' || scene.length < 1 || scene.length > 32) {
    return json(wxError(40169, 'invalid length for scene, or the data is not json string'));
  }
  const page = typeof params.page === 'string' ? params.page : '';
  ctx.log(`openapi.wxacode.getUnlimited (local placeholder image): scene=${scene} page=${page}`);
  return encodeOpenApiAnswer({
    respData: placeholderCode({ scene, page, local: 'true' }),
    contentType: 'image/png',
    errorCode: 0,
    httpCode: 200,
  });
}
