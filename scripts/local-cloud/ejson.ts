/**
 * MongoDB Extended JSON (v2) as wx-server-sdk 4.0.2 speaks it (bson 4.7.2, `relaxed: false`), without a
 * bson dependency: the local cloud only needs the handful of types a cloud function can produce.
 *
 * Parsing turns wire values into plain JS: `$numberInt` / `$numberLong` / `$numberDouble` /
 * `$numberDecimal` → number, `$date` → Date, `$regularExpression` → RegExp (mingo needs real RegExps),
 * `$binary` → Buffer, `$oid` → its hex string (lossy: the emulator has no ObjectId type).
 * Stringifying does the reverse; `canonical` (the default, what the SDK itself sends) wraps every number,
 * `relaxed` writes finite numbers as JSON numbers (the on-disk form: smaller and faster to read back).
 *
 * `$tcb_server_date` is not EJSON: it stays an object here; {@link resolveServerDates} replaces it.
 */

export type Doc = Record<string, unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Parses an EJSON text into plain JS values. */
export function parseEJSON(text: string): unknown {
  return fromEJSON(JSON.parse(text) as unknown);
}

/** Converts an already JSON-parsed EJSON value into plain JS values (returns new containers). */
export function fromEJSON(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromEJSON);
  const obj = value as Doc;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const special = decodeWrapper(keys[0] as string, obj[keys[0] as string]);
    if (special !== NOT_SPECIAL) return special;
  }
  const out: Doc = {};
  for (const key of keys) out[key] = fromEJSON(obj[key]);
  return out;
}

const NOT_SPECIAL = Symbol('not an EJSON wrapper');

function decodeWrapper(key: string, inner: unknown): unknown {
  switch (key) {
    case '$numberInt':
    case '$numberLong':
    case '$numberDouble':
    case '$numberDecimal':
      return typeof inner === 'string' ? parseNumber(inner) : NOT_SPECIAL;
    case '$date':
      return decodeDate(inner);
    case '$regularExpression': {
      if (!isPlainObject(inner) || typeof inner.pattern !== 'string') return NOT_SPECIAL;
      return toRegExp(inner.pattern, typeof inner.options === 'string' ? inner.options : '');
    }
    case '$oid':
      return typeof inner === 'string' ? inner : NOT_SPECIAL;
    case '$binary':
      return isPlainObject(inner) && typeof inner.base64 === 'string'
        ? Buffer.from(inner.base64, 'base64')
        : NOT_SPECIAL;
    case '$symbol':
      return typeof inner === 'string' ? inner : NOT_SPECIAL;
    case '$undefined':
      return inner === true ? null : NOT_SPECIAL;
    default:
      return NOT_SPECIAL;
  }
}

function parseNumber(text: string): number {
  if (text === '-0.0' || text === '-0') return -0;
  return Number(text);
}

function decodeDate(inner: unknown): unknown {
  if (typeof inner === 'string') return new Date(inner);
  if (typeof inner === 'number') return new Date(inner);
  if (isPlainObject(inner) && typeof inner.$numberLong === 'string' && Object.keys(inner).length === 1) {
    return new Date(Number(inner.$numberLong));
  }
  return NOT_SPECIAL;
}

/** MongoDB regex options → JS flags (`x` has no JS equivalent and is dropped; `l` is locale, ignored). */
export function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(pattern, flags);
}

export interface StringifyOptions {
  /** Write finite numbers as plain JSON numbers (EJSON relaxed mode). Default false (canonical). */
  relaxed?: boolean;
}

/** Stringifies plain JS values as EJSON (canonical by default, as the SDK expects from the server). */
export function stringifyEJSON(value: unknown, options: StringifyOptions = {}): string {
  return JSON.stringify(toEJSON(value, options.relaxed === true));
}

/** Converts plain JS values into JSON-ready EJSON values. */
export function toEJSON(value: unknown, relaxed = false): unknown {
  switch (typeof value) {
    case 'number':
      return encodeNumber(value, relaxed);
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return { $numberLong: value.toString() };
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return null;
  if (value instanceof Date) return { $date: { $numberLong: String(value.getTime()) } };
  if (value instanceof RegExp) {
    return { $regularExpression: { pattern: value.source, options: regexOptions(value.flags) } };
  }
  if (value instanceof Uint8Array) {
    return { $binary: { base64: Buffer.from(value).toString('base64'), subType: '00' } };
  }
  if (Array.isArray(value)) return value.map((item) => toEJSON(item, relaxed) ?? null);
  const out: Doc = {};
  for (const [key, item] of Object.entries(value as Doc)) {
    const encoded = toEJSON(item, relaxed);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

function regexOptions(flags: string): string {
  return flags
    .split('')
    .filter((f) => 'imsu'.includes(f))
    .sort()
    .join('');
}

function encodeNumber(value: number, relaxed: boolean): unknown {
  const negativeZero = Object.is(value, -0);
  if (relaxed && Number.isFinite(value) && !negativeZero) return value;
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !negativeZero) {
    return { $numberInt: String(value) };
  }
  if (negativeZero) return { $numberDouble: '-0.0' };
  if (!Number.isFinite(value)) {
    return { $numberDouble: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
  }
  // Same text bson 4.x writes for doubles.
  if (Number.isInteger(value)) {
    const fixed = value.toFixed(1);
    return { $numberDouble: fixed.length >= 13 ? value.toExponential(13).toUpperCase() : fixed };
  }
  return { $numberDouble: String(value) };
}

/**
 * Replaces every `{ $tcb_server_date: { offset } }` (what `db.serverDate({ offset })` sends) with the
 * server's clock plus the offset in milliseconds. Returns a new value; `now` is one instant per request
 * (a function is asked only when a server date is found: most requests carry none).
 */
export function resolveServerDates(value: unknown, now: number | (() => number)): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item) => resolveServerDates(item, now));
  const obj = value as Doc;
  const marker = obj.$tcb_server_date;
  if (marker !== undefined && Object.keys(obj).length === 1) {
    const offset = isPlainObject(marker) && typeof marker.offset === 'number' ? marker.offset : 0;
    return new Date((typeof now === 'number' ? now : now()) + offset);
  }
  const out: Doc = {};
  for (const [key, item] of Object.entries(obj)) out[key] = resolveServerDates(item, now);
  return out;
}

/**
 * A deep copy of a document value (plain objects, arrays, Dates, RegExps, Buffers). Fields holding
 * `undefined` are left out, as the SDK and BSON leave them out.
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (value instanceof Uint8Array) return Buffer.from(value) as T;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  const out: Doc = {};
  for (const [key, item] of Object.entries(value as Doc)) if (item !== undefined) out[key] = cloneValue(item);
  return out as T;
}

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
