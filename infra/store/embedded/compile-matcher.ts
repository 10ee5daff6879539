import type { Query } from 'mingo/query';
import type { TDocument, TFilter } from '../../../shared/ports/document-store.ts';
import { isPlainObject } from './document-values.ts';
import { compileQuery } from './mingo-context.ts';
import { compareValues, isScalar, typeRank } from './value-order.ts';

/**
 * Turns a filter into a document predicate. mingo decides every case, but a generic test costs
 * ~1.5 µs (several µs on arrays), which dominates walks over thousands of index entries.
 * Filters made only of simple conditions on fields with scalar operands (equality,
 * `$ne`, `$in`, `$nin`, ranges, `$exists`, `$regex`, `$elemMatch` of such conditions), combined
 * with `$and`/`$or`, get a direct
 * predicate with MongoDB's semantics, arrays included: a positive condition holds when some
 * element meets it (each operator of a range may be met by a different element), a negated one
 * (`$ne`, `$nin`) when no element does. A document holding nested arrays there, or arrays along
 * a dotted path, is handed to mingo.
 */
export type TMatcher = (document: TDocument) => boolean;

/** A document this predicate cannot decide: mingo does. */
const UNDECIDED = Symbol('undecided');
type TVerdict = boolean | typeof UNDECIDED;
type TDirect = (document: TDocument) => TVerdict;
type TValueTest = (value: unknown) => boolean;
/**
 * One operator: its test on a single value, whether it is negated over arrays (`$ne`, `$nin`),
 * and whether it looks at the value as a whole instead of its elements (`$exists`).
 */
type TOperatorTest = { test: TValueTest; negated: boolean; whole?: boolean };

/** Equality as MongoDB has it for a scalar operand: same type bracket, equal value; null also matches missing. */
function equals(operand: unknown): TValueTest {
  if (operand === null) return (value) => value === null || value === undefined;
  if (typeof operand === 'string' || typeof operand === 'boolean') return (value) => value === operand;
  const rank = typeRank(operand);
  return (value) => typeRank(value) === rank && compareValues(value, operand) === 0;
}

function compare(operator: string, operand: unknown): TValueTest | undefined {
  if (operand === null) return undefined;
  if (typeof operand === 'string') {
    // Strings compare by code unit here as in compareValues; no need for the generic path.
    if (operator === '$gt') return (value) => typeof value === 'string' && value > operand;
    if (operator === '$gte') return (value) => typeof value === 'string' && value >= operand;
    if (operator === '$lt') return (value) => typeof value === 'string' && value < operand;
    return (value) => typeof value === 'string' && value <= operand;
  }
  const rank = typeRank(operand);
  const accept: (c: number) => boolean = operator === '$gt' ? (c) => c > 0 : operator === '$gte' ? (c) => c >= 0 : operator === '$lt' ? (c) => c < 0 : (c) => c <= 0;
  return (value) => typeRank(value) === rank && accept(compareValues(value, operand));
}

/** `^` and literal characters (metacharacters escaped): a prefix test needs no regex engine. */
const LITERAL_PREFIX = /^\^((?:[^\\.*+?^$|()[\]{}]|\\[\\.*+?^$|()[\]{}/-])*)$/;

/** `$regex` (a string or RegExp, `$options` among i, m, s) tests strings only, as in MongoDB. */
function regexTest(pattern: unknown, options: unknown): TValueTest | undefined {
  if (options !== undefined && (typeof options !== 'string' || !/^[ims]*$/.test(options))) return undefined;
  const prefix = typeof pattern === 'string' && !options ? LITERAL_PREFIX.exec(pattern)?.[1] : undefined;
  if (prefix !== undefined) {
    const literal = prefix.replace(/\\(.)/g, '$1');
    return (value) => typeof value === 'string' && value.startsWith(literal);
  }
  let regex: RegExp;
  try {
    if (pattern instanceof RegExp) regex = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}${options ?? ''}`.replace(/(.)(?=.*\1)/g, ''));
    else if (typeof pattern === 'string') regex = new RegExp(pattern, options ?? '');
    else return undefined;
  } catch {
    return undefined;
  }
  return (value) => typeof value === 'string' && regex.test(value);
}

function operatorTests(condition: unknown): TOperatorTest[] | undefined {
  if (isScalar(condition)) return [{ test: equals(condition), negated: false }];
  if (condition instanceof RegExp) {
    const test = regexTest(condition, undefined);
    return test ? [{ test, negated: false }] : undefined;
  }
  if (!isPlainObject(condition)) return undefined;
  const tests: TOperatorTest[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    let test: TValueTest | undefined;
    let negated = false;
    switch (operator) {
      case '$eq':
        test = isScalar(operand) ? equals(operand) : undefined;
        break;
      case '$ne':
        test = isScalar(operand) ? equals(operand) : undefined;
        negated = true;
        break;
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand) || !operand.every(isScalar)) return undefined;
        // Strings by a set (look-ups ask for hundreds of ids at once), other values one by one.
        const strings = new Set(operand.filter((item) => typeof item === 'string'));
        const any = operand.filter((item) => typeof item !== 'string').map(equals);
        test = (value) => (typeof value === 'string' && strings.has(value)) || any.some((eq) => eq(value));
        negated = operator === '$nin';
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        test = isScalar(operand) ? compare(operator, operand) : undefined;
        break;
      case '$regex':
        test = regexTest(operand, (condition as Record<string, unknown>).$options);
        break;
      case '$options':
        if (!('$regex' in condition)) return undefined;
        continue;
      case '$exists': {
        const exists = Boolean(operand);
        tests.push({ test: (value) => (value !== undefined) === exists, negated: false, whole: true });
        continue;
      }
      default:
        return undefined;
    }
    if (!test) return undefined;
    tests.push({ test, negated });
  }
  return tests;
}

/**
 * `$elemMatch` with field conditions (`{history: {$elemMatch: {at: {$gte, $lte}}}}`): some
 * element is a sub-document meeting all of them. Not an array: no match. An element that is an
 * array (or a condition the sub-predicate cannot decide) goes to mingo.
 */
function elementMatchTest(spec: unknown): ((value: unknown) => TVerdict) | undefined {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0 || Object.keys(spec).some((key) => key.startsWith('$'))) return undefined;
  const element = compileDirect(spec as TFilter);
  if (!element) return undefined;
  return (value) => {
    if (!Array.isArray(value)) return false;
    let undecided = false;
    for (const item of value) {
      if (Array.isArray(item)) undecided = true;
      if (!isPlainObject(item) || item instanceof Date || item instanceof RegExp) continue;
      const verdict = element(item as TDocument);
      if (verdict === true) return true;
      if (verdict === UNDECIDED) undecided = true;
    }
    return undecided ? UNDECIDED : false;
  };
}

/** A test of one field's value with MongoDB's array semantics, or undefined when the condition is not simple. */
function fieldTest(condition: unknown): ((value: unknown) => TVerdict) | undefined {
  if (isPlainObject(condition) && Object.keys(condition).length === 1 && '$elemMatch' in condition) return elementMatchTest(condition.$elemMatch);
  const tests = operatorTests(condition);
  if (!tests) return undefined;
  const wholeValue = tests.filter((entry) => entry.whole);
  const perElement = tests.filter((entry) => !entry.whole);
  return (value) => {
    for (const { test } of wholeValue) if (!test(value)) return false;
    if (!Array.isArray(value)) {
      for (const { test, negated } of perElement) if (test(value) === negated) return false;
      return true;
    }
    if (value.some(Array.isArray)) return UNDECIDED;
    for (const { test, negated } of perElement) if (value.some(test) === negated) return false;
    return true;
  };
}

/** A direct predicate; `null` when every document matches; `false` when the filter needs mingo. */
function compileDirect(filter: TFilter): TDirect | null | false {
  const fields: [string, (value: unknown) => TVerdict][] = [];
  const groups: TDirect[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0 || !condition.every(isPlainObject)) return false;
      const parts: TDirect[] = [];
      for (const part of condition) {
        const compiled = compileDirect(part as TFilter);
        if (compiled === false) return false;
        parts.push(compiled ?? (() => true));
      }
      groups.push(key === '$and' ? combine(parts, false) : combine(parts, true));
      continue;
    }
    if (key.startsWith('$')) return false;
    const test = fieldTest(condition);
    if (!test) return false;
    if (key.includes('.')) {
      const path = key.split('.');
      if (path.some((part) => part === '' || /^\d+$/.test(part))) return false;
      groups.push((document) => {
        const value = valueThroughObjects(document, path);
        return value === UNDECIDED ? UNDECIDED : test(value);
      });
      continue;
    }
    fields.push([key, test]);
  }
  if (fields.length === 0 && groups.length === 0) return null;
  return (document) => {
    let undecided = false;
    for (const [field, test] of fields) {
      const verdict = test(document[field]);
      if (verdict === false) return false;
      if (verdict === UNDECIDED) undecided = true;
    }
    for (const group of groups) {
      const verdict = group(document);
      if (verdict === false) return false;
      if (verdict === UNDECIDED) undecided = true;
    }
    return undecided ? UNDECIDED : true;
  };
}

/**
 * A dotted path's value when every step before the last is a plain object or missing (missing
 * then). Arrays (MongoDB matches through them element by element) and anything else along the
 * way are left to mingo.
 */
function valueThroughObjects(document: TDocument, path: readonly string[]): unknown {
  let value: unknown = document;
  for (let i = 0; i < path.length - 1; i++) {
    value = own(value as Record<string, unknown>, path[i] as string);
    if (value === undefined) return undefined;
    if (!isPlainObject(value) || value instanceof Date || value instanceof RegExp) return UNDECIDED;
  }
  return own(value as Record<string, unknown>, path.at(-1) as string);
}

const own = (object: Record<string, unknown>, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** All (`$and`) or any (`$or`) of the parts; undecided when a part that could change the outcome is. */
function combine(parts: TDirect[], any: boolean): TDirect {
  return (document) => {
    let undecided = false;
    for (const part of parts) {
      const verdict = part(document);
      if (verdict === UNDECIDED) undecided = true;
      else if (verdict === any) return any;
    }
    return undecided ? UNDECIDED : !any;
  };
}

/** A predicate for `filter`, or undefined when every document matches. */
export function compileMatcher(filter: TFilter): TMatcher | undefined {
  if (Object.keys(filter).length === 0) return undefined;
  let query: Query | undefined;
  const generic = (document: TDocument) => (query ??= compileQuery(filter)).test(document);
  const direct = compileDirect(filter);
  if (direct === null) return undefined;
  if (direct === false) return generic;
  return (document) => {
    const verdict = direct(document);
    return verdict === UNDECIDED ? generic(document) : verdict;
  };
}
