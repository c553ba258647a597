/**
 * A fast path for the commonest filters: equality, `$in`, `$all` and numeric ranges on top-level fields
 * holding scalars or arrays of scalars (a multikey field such as `searchKeys`), equality, `$in` and ranges
 * with dates (an event's `startAt > at`) on fields holding a date, joined by `$and` / `$or`. mingo
 * evaluates those generically (normalising every clause, comparing every array element through its deep
 * equality): about 15–20 µs per document for a search's filter, checked on every document an index walk
 * yields. MongoDB evaluates them natively; this evaluates them with `===`, sets and `<` (dates by their
 * time), the same answers.
 *
 * Anything else — operators not listed here, dotted paths, `null`, regular expressions, embedded documents
 * in the filter, dates in `$all` — is mingo's: {@link fastFilter} answers undefined. A document whose field
 * holds something other than a scalar, a date or an array of scalars (nested arrays, objects, arrays of
 * dates, `null`) is handed to mingo too, for that document only, as are a numeric range on a value that is
 * not a number and `$all` on a field that is not an array; so answers never differ from mingo's
 * (test/local-cloud/matcher.test.ts compares the two, and checks mingo is not asked otherwise).
 */
import type { Doc } from './ejson';
import { isPlainObject } from './ejson';

type Scalar = string | number | boolean;

/** An answer, or SLOW: ask mingo for this document (a symbol: no field value can be mistaken for it). */
const SLOW = Symbol('slow');
type Answer = boolean | typeof SLOW;
type Test = (doc: Doc) => Answer;

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** A valid date (whatever realm made it); compared by its time. */
function isDate(value: unknown): value is Date {
  return (
    Object.prototype.toString.call(value) === '[object Date]' && Number.isFinite((value as Date).getTime())
  );
}

/** The field's value when it is missing, a scalar, a date or an array of scalars; SLOW otherwise. */
type Field = undefined | Scalar | Date | Scalar[];

function fieldOf(doc: Doc, name: string): Field | typeof SLOW {
  const value = doc[name];
  if (value === undefined || isScalar(value) || isDate(value)) return value;
  if (Array.isArray(value) && value.every(isScalar)) return value;
  return SLOW;
}

/** Equality with a scalar: a date equals no scalar (mingo compares types first). */
function equals(value: Field, wanted: Scalar): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.includes(wanted);
  return value === wanted;
}

/** Equality with a date: only a date of the same time (no scalar, no array of scalars). */
function equalsDate(value: Field, wanted: number): boolean {
  return isDate(value) && value.getTime() === wanted;
}

const RANGES: Record<string, (a: number, b: number) => boolean> = {
  $gt: (a, b) => a > b,
  $gte: (a, b) => a >= b,
  $lt: (a, b) => a < b,
  $lte: (a, b) => a <= b,
};

/** A range over numbers: a value of another type (or an array holding one) is mingo's. */
function inRange(value: Field, bound: number, cmp: (a: number, b: number) => boolean): Answer {
  if (value === undefined) return false;
  const values = Array.isArray(value) ? value : [value];
  let slow = false;
  for (const v of values) {
    if (typeof v !== 'number') slow = true;
    else if (cmp(v, bound)) return true;
  }
  return slow ? SLOW : false;
}

/** A range with a date: on a date, by time; any other value is of another type, so out of range. */
function inDateRange(value: Field, bound: number, cmp: (a: number, b: number) => boolean): boolean {
  return isDate(value) && cmp(value.getTime(), bound);
}

function scalarList(value: unknown): Scalar[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every(isScalar) ? value : undefined;
}

/** `$in` over scalars and dates, as two sets made once per query. */
function inTest(arg: unknown): ValueTest | undefined {
  if (!Array.isArray(arg) || arg.length === 0) return undefined;
  const scalars = new Set<Scalar>();
  const times = new Set<number>();
  for (const wanted of arg) {
    if (isScalar(wanted)) scalars.add(wanted);
    else if (isDate(wanted)) times.add(wanted.getTime());
    else return undefined;
  }
  return (value) => {
    if (value === undefined) return false;
    if (Array.isArray(value)) return value.some((v) => scalars.has(v));
    return isDate(value) ? times.has(value.getTime()) : scalars.has(value);
  };
}

/** One operator on one field's value (undefined: not on the fast path). */
function operatorTest(op: string, arg: unknown): ValueTest | undefined {
  if (op === '$eq' && isScalar(arg)) return (value) => equals(value, arg);
  if (op === '$eq' && isDate(arg)) {
    const time = arg.getTime();
    return (value) => equalsDate(value, time);
  }
  if (op === '$in') return inTest(arg);
  if (op === '$all') {
    const list = scalarList(arg);
    // On a field that is not an array, mingo's `$all` differs from MongoDB's: leave it to mingo.
    return (
      list && ((value) => (Array.isArray(value) ? list.every((wanted) => value.includes(wanted)) : SLOW))
    );
  }
  const cmp = RANGES[op];
  if (cmp && typeof arg === 'number' && Number.isFinite(arg)) return (value) => inRange(value, arg, cmp);
  if (cmp && isDate(arg)) {
    const time = arg.getTime();
    return (value) => inDateRange(value, time, cmp);
  }
  return undefined;
}

type ValueTest = (value: Field) => Answer;

function fieldTest(name: string, condition: unknown): Test | undefined {
  if (name.includes('.') || name.startsWith('$')) return undefined;
  const tests: ValueTest[] = [];
  if (isScalar(condition)) tests.push((value) => equals(value, condition));
  else if (isDate(condition)) {
    const time = condition.getTime();
    tests.push((value) => equalsDate(value, time));
  } else if (isPlainObject(condition) && Object.keys(condition).length > 0) {
    for (const [op, arg] of Object.entries(condition)) {
      const test = operatorTest(op, arg);
      if (!test) return undefined;
      tests.push(test);
    }
  } else return undefined;
  const test = allOf(tests);
  return (doc) => {
    const value = fieldOf(doc, name);
    return value === SLOW ? SLOW : test(value);
  };
}

/** `&&` over answers: false wins, then SLOW, then true. */
function allOf<T>(tests: ((input: T) => Answer)[]): (input: T) => Answer {
  if (tests.length === 1) return tests[0] as (input: T) => Answer;
  return (input) => {
    let slow = false;
    for (const test of tests) {
      const answer = test(input);
      if (answer === false) return false;
      if (answer === SLOW) slow = true;
    }
    return slow ? SLOW : true;
  };
}

/** `||` over answers: true wins, then SLOW, then false. */
function anyOf<T>(tests: ((input: T) => Answer)[]): (input: T) => Answer {
  return (input) => {
    let slow = false;
    for (const test of tests) {
      const answer = test(input);
      if (answer === true) return true;
      if (answer === SLOW) slow = true;
    }
    return slow ? SLOW : false;
  };
}

function clauses(value: unknown): Test[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const tests: Test[] = [];
  for (const clause of value) {
    const test = isPlainObject(clause) ? filterTest(clause) : undefined;
    if (!test) return undefined;
    tests.push(test);
  }
  return tests;
}

function filterTest(filter: Doc): Test | undefined {
  const tests: Test[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      const parts = clauses(condition);
      if (!parts) return undefined;
      tests.push(key === '$and' ? allOf(parts) : anyOf(parts));
      continue;
    }
    const test = fieldTest(key, condition);
    if (!test) return undefined;
    tests.push(test);
  }
  return tests.length > 0 ? allOf(tests) : undefined;
}

/**
 * The fast predicate of `filter`, falling back to `slow` (mingo's, made when first needed) for documents
 * it cannot answer; undefined when the filter itself is not on the fast path.
 */
export function fastFilter(
  filter: Doc,
  slow: () => (doc: Doc) => boolean,
): ((doc: Doc) => boolean) | undefined {
  const test = filterTest(filter);
  if (!test) return undefined;
  let fallback: ((doc: Doc) => boolean) | undefined;
  return (doc) => {
    const answer = test(doc);
    if (answer !== SLOW) return answer;
    fallback ??= slow();
    return fallback(doc);
  };
}
