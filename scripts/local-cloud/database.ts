/**
 * The `database.*` actions of the CloudBase API as wx-server-sdk 4.0.2 sends them (see
 * shared/facts/cloudbase-wire-protocol.md): parameters in, `{ data, requestId }` answers out, documents
 * and queries as canonical EJSON strings.
 *
 * Production's limits, mirrored:
 * - `getDocument`: `limit` defaults to 100 and is capped at 1000 (the SDK already does both client-side;
 *   a raw request asking for more gets 1000, silently, as the documentation's "at most 1000" reads);
 * - `aggregateDocuments`: without any `$limit` stage, at most 20 documents come back (production's
 *   observed default); with one, at most 10 000;
 * - a collection must exist (addCollection / ensureCollection) before anything reads or writes it.
 */
import type { Doc } from './ejson';
import { isPlainObject, parseEJSON, resolveServerDates, stringifyEJSON } from './ejson';
import { CloudError } from './errors';
import type { SortSpec, UpdatePlan } from './operations';
import type { Engine } from './engine';

export const GET_DEFAULT_LIMIT = 100;
export const GET_MAX_LIMIT = 1000;
export const AGGREGATE_DEFAULT_LIMIT = 20;
export const AGGREGATE_MAX_LIMIT = 10_000;

export type Params = Record<string, unknown>;

/** Database requests answered so far, in all and per action (`database.getDocument`, ...). */
export interface DatabaseStats {
  requests: number;
  byAction: Record<string, number>;
}

const statsByEngine = new WeakMap<Engine, DatabaseStats>();

/** The request counters of one engine (benchmarks read how many requests a function call made). */
export function databaseStats(engine: Engine): DatabaseStats {
  let stats = statsByEngine.get(engine);
  if (!stats) statsByEngine.set(engine, (stats = { requests: 0, byAction: {} }));
  return stats;
}

/** Answers a `database.*` action (the body without requestId), or throws a CloudError. */
export function handleDatabase(engine: Engine, action: string, params: Params): Params {
  const stats = databaseStats(engine);
  stats.requests += 1;
  stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
  const now = requestInstant(engine); // db.serverDate() follows the movable clock
  switch (action) {
    case 'database.getDocument':
      return getDocument(engine, params, now);
    case 'database.insertDocument':
      return insertDocument(engine, params, now);
    case 'database.modifyDocument':
      return modifyDocument(engine, params, now);
    case 'database.modifyAndReturnDoc':
      return modifyAndReturnDoc(engine, params, now);
    case 'database.removeDocument':
      return removeDocument(engine, params, now);
    case 'database.calculateDocument':
      return calculateDocument(engine, params, now);
    case 'database.aggregateDocuments':
      return aggregateDocuments(engine, params, now);
    case 'database.addCollection':
      engine.createCollection(collectionName(params), true);
      return {};
    case 'database.startTransaction':
      return { transactionId: engine.beginTransaction().id };
    case 'database.commitTransaction':
      engine.commitTransaction(engine.transaction(requiredString(params, 'transactionId')));
      return {};
    case 'database.abortTransaction': {
      const id = requiredString(params, 'transactionId');
      try {
        engine.endTransaction(engine.transaction(id));
      } catch {
        // Aborting an ended transaction is harmless (runTransaction aborts after a failed commit).
      }
      return {};
    }
    default:
      throw new CloudError('INVALID_PARAM', `local cloud: action ${action} is not implemented`);
  }
}

/** The request's instant (ms), read from the clock once, when first needed. */
type Instant = () => number;

/**
 * The clock is read only for a request that carries a server date (`db.serverDate()`), and then once:
 * the offset lives in SQLite, shared with other processes, so it is read rather than cached.
 */
function requestInstant(engine: Engine): Instant {
  let now: number | undefined;
  return () => (now ??= engine.clock.now());
}

function getDocument(engine: Engine, params: Params, now: Instant): Params {
  const coll = collectionName(params);
  const query = decodeQuery(params, now);
  const limit = clampLimit(params.limit);
  const skip = typeof params.offset === 'number' && params.offset > 0 ? Math.floor(params.offset) : 0;
  const sort = decodeOptional(params.order) as SortSpec | undefined;
  const projection = decodeOptional(params.projection);
  const options = { limit, skip, ...(sort ? { sort } : {}), ...(projection ? { projection } : {}) };
  const tx = transactionOf(engine, params);
  const docs = tx ? tx.find(coll, query, options) : engine.find(coll, query, options);
  return { data: { list: docs.map((d) => stringifyEJSON(d)) } };
}

function clampLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) return GET_DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), GET_MAX_LIMIT);
}

function insertDocument(engine: Engine, params: Params, now: Instant): Params {
  const coll = collectionName(params);
  const raw = Array.isArray(params.data) ? params.data : [params.data];
  const docs = raw.map((item) => {
    const doc = resolveServerDates(typeof item === 'string' ? parseEJSON(item) : item, now);
    if (!isPlainObject(doc)) throw new CloudError('INVALID_PARAM', 'data must be documents');
    return doc;
  });
  const tx = transactionOf(engine, params);
  const insertedIds = tx ? tx.insert(coll, docs) : engine.insert(coll, docs);
  return { data: { insertedIds } };
}

function modify(engine: Engine, params: Params, now: Instant, multiDefault: boolean): UpdatePlan {
  const coll = collectionName(params);
  const query = decodeQuery(params, now);
  const data = resolveServerDates(decodeOptional(params.data) ?? {}, now);
  if (!isPlainObject(data)) throw new CloudError('INVALID_PARAM', 'data must be a document');
  const isDoc = params.queryType === 'DOC';
  const options = {
    multi: isDoc ? false : typeof params.multi === 'boolean' ? params.multi : multiDefault,
    upsert: params.upsert === true,
    // merge:false is set(): the data replaces the document; without `merge`, operators decide.
    replace: params.merge === false ? true : params.merge === true ? false : undefined,
  };
  const tx = transactionOf(engine, params);
  return tx ? tx.update(coll, query, data, options) : engine.update(coll, query, data, options);
}

function modifyDocument(engine: Engine, params: Params, now: Instant): Params {
  const plan = modify(engine, params, now, true);
  const data: Params = { updated: plan.updated };
  if (plan.upsertedId !== undefined) data.upsert_id = plan.upsertedId;
  return { data };
}

/** `where(...).updateAndReturn(data)`: updates the first match and answers it as it is now. */
function modifyAndReturnDoc(engine: Engine, params: Params, now: Instant): Params {
  const plan = modify(engine, { ...params, multi: false }, now, false);
  const doc = plan.results[0];
  return { data: { updated: plan.updated, doc: doc ? stringifyEJSON(doc) : null } };
}

function removeDocument(engine: Engine, params: Params, now: Instant): Params {
  const coll = collectionName(params);
  const query = decodeQuery(params, now);
  const multi = params.queryType === 'DOC' ? false : params.multi !== false;
  const tx = transactionOf(engine, params);
  const deleted = tx ? tx.remove(coll, query, multi) : engine.remove(coll, query, multi);
  return { data: { deleted } };
}

function calculateDocument(engine: Engine, params: Params, now: Instant): Params {
  const coll = collectionName(params);
  const query = decodeQuery(params, now);
  const tx = transactionOf(engine, params);
  return { data: { total: tx ? tx.count(coll, query) : engine.count(coll, query) } };
}

function aggregateDocuments(engine: Engine, params: Params, now: Instant): Params {
  const coll = collectionName(params);
  if (!Array.isArray(params.stages)) throw new CloudError('INVALID_PARAM', 'stages must be an array');
  const pipeline = params.stages.map((stage: unknown) => {
    if (!isPlainObject(stage) || typeof stage.stageKey !== 'string') {
      throw new CloudError('INVALID_PARAM', 'a stage is { stageKey, stageValue }');
    }
    const value =
      typeof stage.stageValue === 'string' ? parseEJSON(stage.stageValue) : (stage.stageValue ?? {});
    return { [stage.stageKey]: resolveServerDates(value, now) } as Doc;
  });
  const hasLimit = pipeline.some((stage) => '$limit' in stage);
  const cap = hasLimit ? AGGREGATE_MAX_LIMIT : AGGREGATE_DEFAULT_LIMIT;
  const docs = engine.aggregate(coll, pipeline).slice(0, cap);
  return { data: { list: docs.map((d) => stringifyEJSON(d)) } };
}

function transactionOf(engine: Engine, params: Params) {
  const id = params.transactionId;
  return typeof id === 'string' && id !== '' ? engine.transaction(id) : undefined;
}

function collectionName(params: Params): string {
  return requiredString(params, 'collectionName');
}

function requiredString(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') throw new CloudError('INVALID_PARAM', `${key} is required`);
  return value;
}

function decodeOptional(value: unknown): Doc | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const decoded = typeof value === 'string' ? parseEJSON(value) : value;
  if (!isPlainObject(decoded)) throw new CloudError('INVALID_PARAM', 'expected an EJSON document');
  return decoded;
}

/** The query of a request, with what is not MongoDB translated: serverDate, and `$neq` (older SDKs). */
function decodeQuery(params: Params, now: Instant): Doc {
  const query = resolveServerDates(decodeOptional(params.query) ?? {}, now);
  return translateOperators(query) as Doc;
}

function translateOperators(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(translateOperators);
  if (!isPlainObject(value)) return value;
  const out: Doc = {};
  for (const [key, item] of Object.entries(value))
    out[key === '$neq' ? '$ne' : key] = translateOperators(item);
  return out;
}
