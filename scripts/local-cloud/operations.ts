/**
 * Query, update and aggregation semantics (from mingo) over a view of one collection. The same functions
 * serve the live collections and a transaction's snapshot: they only read the view and answer the
 * changes to make (`planX`), which the caller applies atomically.
 */
import { Aggregator, Query } from 'mingo';
import { Context, ProcessingMode } from 'mingo/core';
import { Query as PreparedQuery } from 'mingo/query';
import type { Options } from 'mingo/types';
import { update as mingoUpdate } from 'mingo/updater';
import { idKey } from './collection';
import type { Doc } from './ejson';
import { cloneValue, isPlainObject, stringifyEJSON } from './ejson';
import { CloudError } from './errors';
import { fastFilter } from './matcher';

/** What operations read: one collection as the caller sees it (live, or a transaction's snapshot). */
export interface CollectionView {
  readonly name: string;
  get(key: string): Doc | undefined;
  /** A superset of the documents `query` may match, in natural order. */
  candidates(query: Doc): Doc[];
  /**
   * A superset of the documents `query` may match in `sort` order (ties in natural order), lazily, when
   * an index provides that order (collection.ts); undefined otherwise.
   */
  ordered?(query: Doc, sort: SortSpec): Iterable<Doc> | undefined;
  size(): number;
}

/** One document write: `after` undefined deletes, `before` undefined inserts. */
export interface Change {
  key: string;
  before: Doc | undefined;
  after: Doc | undefined;
}

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

export interface UpdateOptions {
  /** Update every match (default) or only the first in natural order. */
  multi?: boolean;
  /** Insert a document built from the query's equality fields and the update when nothing matches. */
  upsert?: boolean;
  /**
   * Treat `update` as a whole replacement document (`set()`) instead of update operators. Default: a
   * document without `$` operators is a replacement (MongoDB's rule).
   */
  replace?: boolean;
}

export interface UpdatePlan {
  changes: Change[];
  /** Documents matched by the query. */
  matched: number;
  /** Documents whose content actually changed (MongoDB's nModified; what `stats.updated` reports). */
  updated: number;
  upsertedId?: unknown;
  /** The documents after the update (matched ones, changed or not), for updateAndReturn. */
  results: Doc[];
}

/**
 * mingo's `Query` copies its whole operator context (every operator table, a few hundred entries) for
 * each query it compiles, while the queries inside it (`$and`, `$or`, `$elemMatch`, ...) reuse the
 * prepared options they are handed. One set of prepared options, taken once from the operator a probe
 * query hands them to, compiles every query here the way mingo compiles those inner ones: same operators,
 * same defaults, no copy per database request.
 */
const PROBE = '$__localCloudOptions';

function preparedOptions(): Options {
  let prepared: Options | undefined;
  const probe = Context.init({
    query: {
      [PROBE]: (_selector: string, _value: unknown, options: Options) => {
        prepared = options;
        return () => true;
      },
    },
  });
  new Query({ probe: { [PROBE]: true } }, { context: probe });
  if (!prepared) throw new Error('mingo did not hand its options to the probe operator');
  return prepared;
}

const QUERY_OPTIONS = preparedOptions();

function compile(query: Doc): PreparedQuery {
  return new PreparedQuery(query, QUERY_OPTIONS);
}

/** Whether a document matches `query`: the fast path for the common filters (matcher.ts), else mingo. */
function predicate(query: Doc): (doc: Doc) => boolean {
  const slow = () => {
    const q = compile(query);
    return (doc: Doc) => q.test(doc);
  };
  return fastFilter(query, slow) ?? slow();
}

/** Documents matching `query`, sorted, paged. Without a projection the result shares the view's objects. */
export function findDocs(view: CollectionView, query: Doc, options: FindOptions = {}): Doc[] {
  const page = orderedPage(view, query, options) ?? sortedPage(view, query, options);
  if (!options.projection || Object.keys(options.projection).length === 0) return page;
  const fields = topLevelInclusion(options.projection);
  if (fields) return page.map((doc) => pick(doc, fields));
  // mingo's projection mutates its input on dotted paths: project copies.
  return compile({}).find<Doc>(page.map(cloneValue), options.projection).all();
}

/**
 * The fields of a projection that only includes top-level fields (`{ a: 1, b: true }`, `_id` included
 * unless `_id: 0`): the common case, answered by copying those fields (mingo copies whole documents
 * first). Undefined for any other projection.
 */
function topLevelInclusion(projection: Doc): Set<string> | undefined {
  const fields = new Set<string>(['_id']);
  for (const [field, value] of Object.entries(projection)) {
    if (field.includes('.') || field.startsWith('$')) return undefined;
    if (field === '_id' && (value === 0 || value === false)) {
      fields.delete('_id');
      continue;
    }
    if (value !== 1 && value !== true) return undefined;
    fields.add(field);
  }
  return fields.size > (fields.has('_id') ? 1 : 0) ? fields : undefined;
}

function pick(doc: Doc, fields: Set<string>): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) if (fields.has(key)) out[key] = cloneValue(doc[key]);
  return out;
}

function sortedPage(view: CollectionView, query: Doc, options: FindOptions): Doc[] {
  let cursor = compile(query).find<Doc>(view.candidates(query));
  if (options.sort && Object.keys(options.sort).length > 0) cursor = cursor.sort(options.sort);
  if (options.skip) cursor = cursor.skip(options.skip);
  if (options.limit !== undefined) cursor = cursor.limit(options.limit);
  return cursor.all();
}

/** A sorted, limited read walked in index order: it stops at the limit (undefined: no such index). */
function orderedPage(view: CollectionView, query: Doc, options: FindOptions): Doc[] | undefined {
  const { sort, limit } = options;
  if (!sort || Object.keys(sort).length === 0 || !limit || limit <= 0 || !view.ordered) return undefined;
  const docs = view.ordered(query, sort);
  if (docs === undefined) return undefined;
  const matches = predicate(query);
  let skip = options.skip ?? 0;
  const page: Doc[] = [];
  for (const doc of docs) {
    if (!matches(doc)) continue;
    if (skip > 0) {
      skip -= 1;
      continue;
    }
    page.push(doc);
    if (page.length >= limit) break;
  }
  return page;
}

export function countDocs(view: CollectionView, query: Doc): number {
  if (Object.keys(query).length === 0) return view.size();
  const matches = predicate(query);
  let n = 0;
  for (const doc of view.candidates(query)) if (matches(doc)) n += 1;
  return n;
}

export function planInsert(view: CollectionView, docs: Doc[], newId: () => string): Change[] {
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const input of docs) {
    if (!isPlainObject(input)) throw new CloudError('INVALID_PARAM', 'a document must be an object');
    const doc = cloneValue(input);
    if (doc._id === undefined || doc._id === null) doc._id = newId();
    else if (typeof doc._id !== 'string' && typeof doc._id !== 'number') {
      throw new CloudError('INVALID_PARAM', '_id must be a string or a number');
    }
    const key = idKey(doc._id);
    if (seen.has(key) || view.get(key) !== undefined) throw duplicateId(view.name, doc._id);
    seen.add(key);
    changes.push({ key, before: undefined, after: withIdFirst(doc) });
  }
  return changes;
}

function duplicateId(coll: string, id: unknown): CloudError {
  return new CloudError(
    'DATABASE_DUPLICATE_WRITE',
    `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
  );
}

function withIdFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

export function isOperatorUpdate(update: Doc): boolean {
  const keys = Object.keys(update);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length) {
    throw new CloudError('DATABASE_INVALID_OPERRATOR', 'an update cannot mix operators and fields');
  }
  return ops.length > 0;
}

/** Whether an operator update uses the positional `$` (`'items.$.qty'`), which needs the query. */
function usesPositional(update: Doc): boolean {
  return Object.values(update).some(
    (fields) => isPlainObject(fields) && Object.keys(fields).some((path) => /\.\$(\.|$)/.test(path)),
  );
}

/**
 * Applies an update (operators or replacement) to a copy of `doc`. `query` (the one `doc` matched)
 * resolves the positional `$` operator.
 */
export function applyUpdate(
  doc: Doc,
  update: Doc,
  replace: boolean,
  query?: Doc,
): { doc: Doc; changed: boolean } {
  if (replace) {
    if (update._id !== undefined && idKey(update._id) !== idKey(doc._id)) throw immutableId();
    const next: Doc = { _id: doc._id, ...cloneValue(update) };
    next._id = doc._id;
    return { doc: next, changed: stringifyEJSON(next) !== stringifyEJSON(doc) };
  }
  const next = cloneValue(doc);
  // The operator object is a plain document; mingo's typing wants its Modifier shape.
  if (Object.keys(update).length === 0) return { doc, changed: false };
  const condition = query && usesPositional(update) ? query : undefined;
  const paths = mingoUpdate(next, update as Parameters<typeof mingoUpdate>[1], undefined, condition, {
    cloneMode: 'deep',
  });
  if (idKey(next._id) !== idKey(doc._id)) throw immutableId();
  return { doc: next, changed: paths.length > 0 };
}

function immutableId(): CloudError {
  return new CloudError(
    'DATABASE_REQUEST_FAILED',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

export function planUpdate(
  view: CollectionView,
  query: Doc,
  update: Doc,
  options: UpdateOptions,
  newId: () => string,
): UpdatePlan {
  const replace = options.replace ?? !isOperatorUpdate(update);
  const multi = options.multi !== false && !replace;
  // $setOnInsert (MongoDB; mingo lacks it) only applies when an upsert inserts.
  const { $setOnInsert, ...operators } = update;
  const matches = predicate(query);
  const plan: UpdatePlan = { changes: [], matched: 0, updated: 0, results: [] };
  for (const doc of view.candidates(query)) {
    if (!matches(doc)) continue;
    plan.matched += 1;
    const next = applyUpdate(doc, replace ? update : operators, replace, query);
    plan.results.push(next.doc);
    if (next.changed) {
      plan.updated += 1;
      plan.changes.push({ key: idKey(doc._id), before: doc, after: next.doc });
    }
    if (!multi) break;
  }
  if (plan.matched === 0 && options.upsert) {
    const seed = upsertSeed(query);
    let doc: Doc;
    if (replace) {
      const { _id: replacementId, ...fields } = cloneValue(update);
      doc = { _id: seed._id ?? replacementId ?? newId(), ...fields };
    } else {
      doc = applyUpdate({ ...seed, _id: seed._id ?? newId() }, operators, false).doc;
      if (isPlainObject($setOnInsert)) doc = applyUpdate(doc, { $set: $setOnInsert }, false).doc;
    }
    const [change] = planInsert(view, [doc], newId);
    if (change?.after) {
      plan.changes.push(change);
      plan.results.push(change.after);
      plan.upsertedId = change.after._id;
    }
  }
  return plan;
}

/** The fields an upserted document starts with: the query's top-level equalities (MongoDB's rule). */
function upsertSeed(query: Doc): Doc {
  const seed: Doc = {};
  const take = (q: Doc) => {
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) take(part);
        continue;
      }
      if (key.startsWith('$')) continue;
      if (isPlainObject(value)) {
        const ops = Object.keys(value);
        if (ops.length === 1 && ops[0] === '$eq') seed[key] = cloneValue(value.$eq);
        else if (!ops.some((op) => op.startsWith('$'))) seed[key] = cloneValue(value);
        continue;
      }
      if (value instanceof RegExp) continue;
      seed[key] = cloneValue(value);
    }
  };
  take(query);
  const nested: Doc = {};
  // Dotted equalities ("a.b": 1) become nested fields through $set semantics.
  const dotted = Object.keys(seed).filter((k) => k.includes('.'));
  if (dotted.length > 0) {
    for (const k of dotted) {
      nested[k] = seed[k];
      delete seed[k];
    }
    mingoUpdate(seed, { $set: nested }, undefined, undefined, { cloneMode: 'deep' });
  }
  return seed;
}

export function planRemove(view: CollectionView, query: Doc, multi: boolean): Change[] {
  const matches = predicate(query);
  const changes: Change[] = [];
  for (const doc of view.candidates(query)) {
    if (!matches(doc)) continue;
    changes.push({ key: idKey(doc._id), before: doc, after: undefined });
    if (!multi) break;
  }
  return changes;
}

/**
 * Runs a pipeline. A leading `$match` picks its candidates through the view (and its indexes); the rest
 * runs on copies (mingo mutates pipeline inputs on dotted paths). `resolve` answers the documents of
 * other collections for `$lookup` and friends.
 */
export function aggregateDocs(
  view: CollectionView,
  pipeline: Doc[],
  resolve: (collection: string) => Doc[],
): Doc[] {
  let input: Doc[];
  let stages = pipeline;
  const first = pipeline[0];
  if (first && Object.keys(first).length === 1 && isPlainObject(first.$match)) {
    const matches = predicate(first.$match);
    input = view.candidates(first.$match).filter(matches);
    stages = pipeline.slice(1);
  } else {
    input = view.candidates({});
  }
  if (stages.length === 0) return input.map(cloneValue);
  const aggregator = new Aggregator(stages, {
    processingMode: ProcessingMode.CLONE_INPUT,
    collectionResolver: (name: string) => resolve(name).map(cloneValue),
  });
  return aggregator.run(input) as Doc[];
}
