import type { Query } from 'mingo/query';
import type { TDocument, TFilter } from '../../../shared/ports/document-store.ts';
import { isPlainObject } from './document-values.ts';
import { compileQuery } from './mingo-context.ts';
import { compareValues, isScalar, typeRank } from './value-order.ts';

/**
 * Turns a filter into a document predicate. mingo decides every case, but a generic test costs
 * ~1.5 µs, which dominates walks over thousands of index entries. Filters made only of simple
 * conditions on top-level fields with scalar operands (equality, `$ne`, `$in`, `$nin`, ranges,
 * `$exists`) get a direct predicate with MongoDB's semantics; a document whose field holds an
 * array (element-wise matching) is still handed to mingo.
 */
export type TMatcher = (document: TDocument) => boolean;

type TFieldTest = (value: unknown) => boolean;

/** Equality as MongoDB has it for a scalar operand: same type bracket, equal value; null also matches missing. */
function equals(operand: unknown): TFieldTest {
  if (operand === null) return (value) => value === null || value === undefined;
  if (typeof operand === 'string' || typeof operand === 'boolean') return (value) => value === operand;
  const rank = typeRank(operand);
  return (value) => typeRank(value) === rank && compareValues(value, operand) === 0;
}

function compare(operator: string, operand: unknown): TFieldTest | undefined {
  if (operand === null) return undefined;
  const rank = typeRank(operand);
  const accept: (c: number) => boolean = operator === '$gt' ? (c) => c > 0 : operator === '$gte' ? (c) => c >= 0 : operator === '$lt' ? (c) => c < 0 : (c) => c <= 0;
  return (value) => typeRank(value) === rank && accept(compareValues(value, operand));
}

function fieldTest(condition: unknown): TFieldTest | undefined {
  if (isScalar(condition)) return equals(condition);
  if (!isPlainObject(condition)) return undefined;
  const tests: TFieldTest[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    let test: TFieldTest | undefined;
    switch (operator) {
      case '$eq':
        test = isScalar(operand) ? equals(operand) : undefined;
        break;
      case '$ne': {
        const eq = isScalar(operand) ? equals(operand) : undefined;
        test = eq && ((value) => !eq(value));
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand) || !operand.every(isScalar)) return undefined;
        const any = operand.map(equals);
        test = operator === '$in' ? (value) => any.some((eq) => eq(value)) : (value) => !any.some((eq) => eq(value));
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        test = isScalar(operand) ? compare(operator, operand) : undefined;
        break;
      case '$exists':
        test = operand ? (value) => value !== undefined : (value) => value === undefined;
        break;
      default:
        return undefined;
    }
    if (!test) return undefined;
    tests.push(test);
  }
  if (tests.length === 1) return tests[0];
  return (value) => tests.every((test) => test(value));
}

/** A predicate for `filter`, or undefined when every document matches. */
export function compileMatcher(filter: TFilter): TMatcher | undefined {
  const entries = Object.entries(filter);
  if (entries.length === 0) return undefined;
  let query: Query | undefined;
  const generic = (document: TDocument) => (query ??= compileQuery(filter)).test(document);
  const fields: [string, TFieldTest][] = [];
  for (const [field, condition] of entries) {
    const test = field.startsWith('$') || field.includes('.') ? undefined : fieldTest(condition);
    if (!test) return generic;
    fields.push([field, test]);
  }
  return (document) => {
    for (const [field, test] of fields) {
      const value = document[field];
      if (Array.isArray(value)) return generic(document);
      if (!test(value)) return false;
    }
    return true;
  };
}
