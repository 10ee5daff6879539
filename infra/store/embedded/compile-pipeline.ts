import { Context, evalExpr } from 'mingo/core';
import type { Options } from 'mingo/types';
import { compare, isEqual, resolve } from 'mingo/util';
import type { TDocument } from '../../../shared/ports/document-store.ts';
import { compileMatcher } from './compile-matcher.ts';
import { truncateDate } from './date-trunc.ts';
import { isPlainObject } from './document-values.ts';
import { BASE_OPERATORS } from './mingo-context.ts';

/**
 * Aggregation stages and expressions compiled to plain functions, for the shapes analytics
 * pipelines use over hundreds of thousands of documents: mingo interprets every expression
 * on every document (~20–50 µs per document for a typical `$project` + `$group`), a closure
 * costs ~1 µs. Each compiled operator reproduces mingo 7's behaviour (the store's semantics,
 * checked against MongoDB by the contract suite), including its quirks (`$eq` treats null and
 * missing alike, `$toUpper` of null is null). Anything else — an operator, a stage form or an
 * option not listed here — is not compiled: the stage runs through mingo as before
 * (aggregation-pipeline.ts), so coverage only decides speed, never results.
 */

export type TDoc = Record<string, unknown>;
export type TVars = Record<string, unknown>;
/** An expression over the stage's current document and the variables in scope. */
export type TExpr = (root: TDoc, vars: TVars) => unknown;
/** A compiled stage: documents in, documents out, never mutating its input. */
export type TStep = (documents: TDoc[], vars: TVars) => TDoc[];
/** Takes a stage's output one document at a time. */
type TSink = (document: TDoc) => void;

/**
 * A stage as compiled: `run` over a whole array; the stages that look at one document at a time
 * (`$match`, `$project`, `$addFields`, `$unwind`, `$replaceRoot`) also `flow`, handing each
 * result straight to the next stage, and `$group` can `gather` documents as they come. A run of
 * such stages is one pass (compileStages): a document's intermediate forms die as soon as the
 * group has counted it, instead of living in one array per stage until the stage ends, long
 * enough for the garbage collector to copy them and then move them to the old generation.
 */
interface TCompiledStage {
  run: TStep;
  flow?: (next: TSink, vars: TVars) => TSink;
  gather?: (vars: TVars) => { add: TSink; result(): TDoc[] };
}

/** A group key only mingo can compare turned up: the stages of the pass run again, array by array. */
class Ungroupable extends Error {}

/** Thrown while compiling when a form is not covered; the caller falls back to mingo. */
export class NotCompiled extends Error {}
const notCompiled = (what: string): never => {
  throw new NotCompiled(what);
};

const mingoOptions = { context: Context.init(BASE_OPERATORS) } as Options;

/** Asks mingo itself to apply `operator` to already evaluated arguments (rare shapes at run time). */
const viaMingo = (operator: string, args: unknown[]): unknown => evalExpr({}, { [operator]: args.map((arg) => ({ $literal: arg })) }, mingoOptions);

const isNil = (value: unknown): value is null | undefined => value === null || value === undefined;
const DATE_TRUNC_ARGS = new Set(['date', 'unit', 'binSize', 'timezone', 'startOfWeek']);

type TDateTruncOptions = Omit<Parameters<typeof truncateDate>[0], 'date'>;

/** `$dateTrunc`'s options from its evaluated arguments; null when it has no unit (the result is null). */
function dateTruncOptions({ unit, binSize, timezone, startOfWeek }: TDoc): TDateTruncOptions | null {
  if (isNil(unit)) return null;
  return { unit: String(unit), ...(isNil(binSize) ? {} : { binSize: Number(binSize) }), ...(typeof timezone === 'string' ? { timezone } : {}), ...(typeof startOfWeek === 'string' ? { startOfWeek } : {}) };
}

function truncateValue(date: unknown, options: TDateTruncOptions): Date | null {
  if (isNil(date)) return null;
  if (!isDate(date)) throw new Error("$dateTrunc requires 'date' to be a date");
  return truncateDate({ ...options, date });
}

/** mingo's truthiness in strict mode: the empty string is true. */
const truthy = (value: unknown): boolean => Boolean(value) || value === '';
const isDate = (value: unknown): value is Date => value instanceof Date;

const PROTO_PROPS = new Set(Object.getOwnPropertyNames(Object.prototype).filter((name) => name !== '__proto__'));

/** A top-level field of a document, as mingo's `getValue` reads it. */
function fieldOf(document: unknown, key: string): unknown {
  if (document === null || typeof document !== 'object') return undefined;
  if (Array.isArray(document)) return resolve(document, key);
  if (PROTO_PROPS.has(key) && !Object.hasOwn(document, key)) return undefined;
  return (document as TDoc)[key];
}

function compileField(path: string): TExpr {
  if (path === '' || path.includes('$')) return notCompiled(`field path ${path}`);
  if (!path.includes('.')) return (root) => (Array.isArray(root) ? resolve(root, path) : fieldOf(root, path));
  return (root) => resolve(root, path);
}

function compileVariable(expression: string): TExpr {
  const path = expression.slice(2);
  const dot = path.indexOf('.');
  const name = dot === -1 ? path : path.slice(0, dot);
  const rest = dot === -1 ? '' : path.slice(dot + 1);
  if (name === 'ROOT' || name === 'CURRENT') return rest === '' ? (root) => root : compileField(rest);
  if (name === 'REMOVE' && rest === '') return () => undefined;
  if (!/^[a-z_][A-Za-z0-9_]*$/.test(name)) return notCompiled(`variable ${name}`);
  const value = (root: TDoc, vars: TVars): unknown => {
    if (name in vars) return vars[name];
    if (name === 'this') return root;
    throw new Error(`Use of undefined variable: ${name}`);
  };
  if (rest === '') return value;
  const simple = !rest.includes('.');
  return (root, vars) => {
    const base = value(root, vars);
    if (simple && isPlainObject(base)) return fieldOf(base, rest);
    return resolve({ [name]: base }, `${name}.${rest}`);
  };
}

export function compileExpression(expression: unknown): TExpr {
  if (typeof expression === 'string') {
    if (expression.startsWith('$$')) return compileVariable(expression);
    if (expression.startsWith('$')) return compileField(expression.slice(1));
    return () => expression;
  }
  if (Array.isArray(expression)) {
    // A list of constants (`$in`'s candidates, a `$cond`'s `['calls']`) is made once, frozen: no stage changes its input.
    if (isConstant(expression)) {
      const value = deepFreeze(expression.map((item) => compileExpression(item)({}, {})));
      return () => value;
    }
    const items = expression.map(compileExpression);
    return (root, vars) => items.map((item) => item(root, vars));
  }
  if (isPlainObject(expression)) {
    const keys = Object.keys(expression);
    const first = keys[0];
    if (first?.startsWith('$')) {
      if (keys.length !== 1) return notCompiled('several operators in one expression');
      return compileOperator(first, expression[first]);
    }
    if (keys.includes('__proto__')) return notCompiled('__proto__');
    const values = keys.map((key) => compileExpression(expression[key]));
    return (root, vars) => {
      const result: TDoc = {};
      for (let i = 0; i < keys.length; i++) result[keys[i] as string] = (values[i] as TExpr)(root, vars);
      return result;
    };
  }
  return () => expression;
}

/** Plain data with no field path, variable or operator anywhere: evaluates to itself. */
function isConstant(expression: unknown): boolean {
  if (typeof expression === 'string') return !expression.startsWith('$');
  if (expression === null || typeof expression === 'number' || typeof expression === 'boolean') return true;
  if (Array.isArray(expression)) return expression.every(isConstant);
  return isPlainObject(expression) && Object.keys(expression).every((key) => !key.startsWith('$') && key !== '__proto__' && isConstant(expression[key]));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

const arrayArgs = (operator: string, args: unknown, size?: number): TExpr[] => {
  if (!Array.isArray(args) || (size !== undefined && args.length !== size)) return notCompiled(`${operator} arguments`);
  return args.map(compileExpression);
};

/** mingo's `typeOf` for the types compared directly here; others go through mingo. */
function simpleType(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (isDate(value)) return 'date';
  const type = typeof value;
  return type === 'number' || type === 'string' || type === 'boolean' || type === 'undefined' ? type : undefined;
}

function comparison(operator: '$lt' | '$lte' | '$gt' | '$gte', a: unknown, b: unknown): boolean {
  const typeB = simpleType(b);
  if (typeB === undefined || Array.isArray(a)) return viaMingo(operator, [a, b]) as boolean;
  if (simpleType(a) !== typeB) return false;
  const c = compare(a, b);
  return operator === '$lt' ? c < 0 : operator === '$lte' ? c <= 0 : operator === '$gt' ? c > 0 : c >= 0;
}

function equals(a: unknown, b: unknown): boolean {
  if (isEqual(a, b)) return true;
  if (isNil(a) && isNil(b)) return true;
  if (Array.isArray(a)) return viaMingo('$eq', [a, b]) as boolean;
  return false;
}

/** `$min`/`$max` over an array, as mingo's accumulators reduce it. */
function extreme(values: unknown[], max: boolean): unknown {
  let best: unknown;
  let kind: 'number' | 'date' | undefined;
  let simple = true;
  for (const value of values) {
    if (isNil(value)) {
      if (max) simple = false;
      continue;
    }
    const type = typeof value === 'number' ? 'number' : isDate(value) ? 'date' : undefined;
    if (!type || (kind && kind !== type)) {
      simple = false;
      break;
    }
    kind = type;
    if (best === undefined || (max ? compare(value, best) >= 0 : compare(value, best) < 0)) best = value;
  }
  if (simple) return best === undefined ? null : best;
  if (max) {
    const sorted = values.slice().sort(compare);
    const last = sorted.at(-1);
    return isNil(last) ? null : last;
  }
  const sorted = values.filter((value) => !isNil(value)).sort(compare);
  return isNil(sorted[0]) ? null : sorted[0];
}

const WHITESPACE = new Set([0, 32, 9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202]);

function toStringValue(value: unknown): string | null {
  if (isNil(value)) return null;
  if (isDate(value)) return value.toISOString();
  if (typeof value !== 'object' || value instanceof RegExp) return String(value);
  throw new Error('$toString cannot convert from object to string');
}

function compileOperator(operator: string, args: unknown): TExpr {
  switch (operator) {
    case '$literal':
      return () => args;
    case '$cond': {
      const [test, then, otherwise] = Array.isArray(args)
        ? args.length === 3
          ? args.map(compileExpression)
          : notCompiled('$cond arguments')
        : isPlainObject(args)
          ? [compileExpression(args.if), compileExpression(args.then), compileExpression(args.else)]
          : notCompiled('$cond arguments');
      return (root, vars) => (truthy(test?.(root, vars)) ? then?.(root, vars) : otherwise?.(root, vars));
    }
    case '$and': {
      const parts = arrayArgs(operator, args);
      return (root, vars) => {
        for (let i = 0; i < parts.length; i++) if (!truthy((parts[i] as TExpr)(root, vars))) return false;
        return true;
      };
    }
    case '$or': {
      const parts = arrayArgs(operator, args);
      return (root, vars) => {
        for (let i = 0; i < parts.length; i++) if (truthy((parts[i] as TExpr)(root, vars))) return true;
        return false;
      };
    }
    case '$eq':
    case '$ne': {
      const [a, b] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return operator === '$eq' ? (root, vars) => equals(a(root, vars), b(root, vars)) : (root, vars) => !equals(a(root, vars), b(root, vars));
    }
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      const [a, b] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return (root, vars) => comparison(operator, a(root, vars), b(root, vars));
    }
    case '$in': {
      const [item, list] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return (root, vars) => {
        const value = item(root, vars);
        const values = list(root, vars);
        if (!Array.isArray(values)) return viaMingo('$in', [value, values]);
        for (let i = 0; i < values.length; i++) if (isEqual(values[i], value)) return true;
        return false;
      };
    }
    case '$ifNull': {
      const parts = arrayArgs(operator, args);
      return (root, vars) => {
        let value: unknown;
        for (let i = 0; i < parts.length; i++) {
          value = (parts[i] as TExpr)(root, vars);
          if (!isNil(value)) return value;
        }
        return value;
      };
    }
    case '$concatArrays': {
      const all = compileExpression(args);
      return (root, vars) => {
        const lists = all(root, vars);
        if (!Array.isArray(lists)) return viaMingo('$concatArrays', [lists]);
        let missing = false;
        for (let i = 0; i < lists.length; i++) {
          const list: unknown = lists[i];
          if (isNil(list)) missing = true;
          else if (!Array.isArray(list)) return viaMingo('$concatArrays', lists);
        }
        if (missing) return null;
        const result: unknown[] = [];
        for (let i = 0; i < lists.length; i++) {
          const list = lists[i] as unknown[];
          for (let j = 0; j < list.length; j++) result.push(list[j]);
        }
        return result;
      };
    }
    case '$map':
    case '$filter': {
      if (!isPlainObject(args) || !('input' in args) || !((operator === '$map' ? 'in' : 'cond') in args) || 'limit' in args) return notCompiled(`${operator} arguments`);
      if (!isNil(args.as) && typeof args.as !== 'string') return notCompiled(`${operator} as`);
      const input = compileExpression(args.input);
      const body = compileExpression(operator === '$map' ? args.in : args.cond);
      const name = (args.as as string | undefined) || 'this';
      return (root, vars) => {
        const values = input(root, vars);
        if (isNil(values)) return null;
        if (!Array.isArray(values)) throw new Error(`${operator} 'input' expression must resolve to an array`);
        if (operator === '$filter' && values.length === 0) return [];
        const scope: TVars = { ...vars };
        const result: unknown[] = [];
        for (let i = 0; i < values.length; i++) {
          const value: unknown = values[i];
          scope[name] = value;
          const computed = body(root, scope);
          if (operator === '$map') result.push(computed);
          else if (truthy(computed)) result.push(value);
        }
        return result;
      };
    }
    case '$let': {
      if (!isPlainObject(args) || !isPlainObject(args.vars) || !('in' in args)) return notCompiled('$let arguments');
      const definitions = Object.entries(args.vars).map(([name, value]) => [name, compileExpression(value)] as const);
      const body = compileExpression(args.in);
      return (root, vars) => {
        const scope: TVars = { ...vars };
        for (const [name, value] of definitions) scope[name] = value(root, vars);
        return body(root, scope);
      };
    }
    case '$arrayElemAt': {
      const [list, at] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return (root, vars) => {
        const values = list(root, vars);
        const index = at(root, vars);
        if (isNil(values) || isNil(index)) return null;
        if (!Array.isArray(values) || !Number.isInteger(index)) return viaMingo('$arrayElemAt', [values, index]);
        const position = index as number;
        if (position < 0 && Math.abs(position) <= values.length) return values[(position + values.length) % values.length];
        return position >= 0 && position < values.length ? values[position] : undefined;
      };
    }
    case '$subtract': {
      const [a, b] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return (root, vars) => {
        const x = a(root, vars);
        const y = b(root, vars);
        if (isNil(x) || isNil(y)) return null;
        if (isDate(x) && isDate(y)) return x.getTime() - y.getTime();
        if (typeof x === 'number' && typeof y === 'number') return x - y;
        return viaMingo('$subtract', [x, y]);
      };
    }
    case '$divide': {
      const [a, b] = arrayArgs(operator, args, 2) as [TExpr, TExpr];
      return (root, vars) => {
        const x = a(root, vars);
        const y = b(root, vars);
        if (isNil(x) || isNil(y)) return null;
        if (typeof x === 'number' && typeof y === 'number' && y !== 0) return x / y;
        return viaMingo('$divide', [x, y]);
      };
    }
    case '$floor': {
      const value = compileExpression(args);
      return (root, vars) => {
        const number = value(root, vars);
        if (isNil(number)) return null;
        if (typeof number !== 'number') return viaMingo('$floor', [number]);
        return Math.floor(number);
      };
    }
    case '$min':
    case '$max': {
      // Not expression operators in mingo: accumulators applied to the evaluated argument.
      const value = compileExpression(args);
      return (root, vars) => {
        const values = value(root, vars);
        if (!Array.isArray(values)) throw new Error(`arguments must resolve to array for ${operator}.`);
        return extreme(values, operator === '$max');
      };
    }
    case '$toUpper': {
      const value = compileExpression(Array.isArray(args) && args.length === 1 ? args[0] : args);
      return (root, vars) => toStringValue(value(root, vars))?.toUpperCase() ?? null;
    }
    case '$trim': {
      if (!isPlainObject(args) || 'chars' in args) return notCompiled('$trim arguments');
      const input = compileExpression(args.input);
      return (root, vars) => {
        const text = input(root, vars);
        if (isNil(text)) return null;
        if (typeof text !== 'string') return viaMingo('$trim', [text]);
        let start = 0;
        let end = text.length - 1;
        while (start <= end && WHITESPACE.has(text.codePointAt(start) ?? -1)) start++;
        while (end >= start && WHITESPACE.has(text.codePointAt(end) ?? -1)) end--;
        return text.substring(start, end + 1);
      };
    }
    case '$dateTrunc': {
      // As mingo-context.ts defines it (the store's own $dateTrunc).
      const constant = (value: unknown) => value === undefined || typeof value === 'number' || (typeof value === 'string' && !value.startsWith('$'));
      if (isPlainObject(args) && Object.keys(args).every((key) => DATE_TRUNC_ARGS.has(key)) && ['unit', 'binSize', 'timezone', 'startOfWeek'].every((key) => constant(args[key]))) {
        // Only the date varies (the usual: a day or week in the organisation's zone): the options are read once.
        const date = compileExpression(args.date);
        const options = dateTruncOptions(args);
        return options ? (root, vars) => truncateValue(date(root, vars), options) : () => null;
      }
      const all = compileExpression(args);
      return (root, vars) => {
        const spec = all(root, vars);
        if (!isPlainObject(spec)) throw new Error('$dateTrunc only supports an object as its argument');
        const options = isNil(spec.date) ? null : dateTruncOptions(spec);
        return options ? truncateValue(spec.date, options) : null;
      };
    }
    default:
      return notCompiled(`operator ${operator}`);
  }
}

/** Group keys equal exactly when mingo's `isEqual` says so, for the values keys are made of here. */
function groupKey(value: unknown): string | undefined {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return `d${Object.is(value, -0) ? 0 : value}`;
    case 'boolean':
      return value ? 'T' : 'F';
  }
  if (isDate(value)) return `t${value.getTime()}`;
  if (Array.isArray(value)) {
    let key = `[${value.length}`;
    for (const item of value) {
      const part = groupKey(item);
      if (part === undefined) return undefined;
      key += `,${part}`;
    }
    return `${key}]`;
  }
  if (isPlainObject(value)) {
    // isEqual ignores key order, so the key does too.
    const keys = Object.keys(value).sort();
    let key = `{${keys.length}`;
    for (const name of keys) {
      const part = groupKey(value[name]);
      if (part === undefined) return undefined;
      key += `,${name.length}:${name}=${part}`;
    }
    return `${key}}`;
  }
  return undefined;
}

type TAccumulator = { init(): unknown[]; add(state: unknown[], document: TDoc, vars: TVars): void; result(state: unknown[]): unknown };

function compileAccumulator(spec: unknown): TAccumulator {
  if (!isPlainObject(spec) || Object.keys(spec).length !== 1) return notCompiled('accumulator');
  const [operator, args] = Object.entries(spec)[0] as [string, unknown];
  if (operator === '$sum' && typeof args === 'number') {
    return { init: () => [0], add: (state) => void (state[0] = (state[0] as number) + 1), result: (state) => (state[0] as number) * args };
  }
  const value = compileExpression(args);
  const push = (state: unknown[], document: TDoc, vars: TVars) => void state.push(value(document, vars) ?? null);
  switch (operator) {
    case '$sum':
      return {
        init: () => [0],
        add: (state, document, vars) => {
          const number = value(document, vars);
          if (typeof number === 'number') state[0] = (state[0] as number) + number;
        },
        result: (state) => state[0],
      };
    case '$first':
      return { init: () => [], add: (state, document, vars) => void (state.length === 0 && state.push(value(document, vars) ?? null)), result: (state) => state[0] ?? null };
    case '$min':
    case '$max':
      return { init: () => [], add: push, result: (state) => extreme(state, operator === '$max') };
    case '$push':
      return { init: () => [], add: push, result: (state) => state };
    default:
      return notCompiled(`accumulator ${operator}`);
  }
}

function compileGroup(spec: unknown, fallback: TStep): TCompiledStage {
  if (!isPlainObject(spec) || !('_id' in spec)) return notCompiled('$group');
  const id = compileExpression(spec._id);
  const fields = Object.keys(spec)
    .filter((key) => key !== '_id')
    .map((key) => [key, compileAccumulator(spec[key])] as const);
  // An `_id` made of named parts (the usual): groups are found by the parts' values, the object is built per group only.
  const parts = isPlainObject(spec._id) && !Object.keys(spec._id)[0]?.startsWith('$') && !Object.hasOwn(spec._id, '__proto__') ? Object.keys(spec._id) : undefined;
  const partValues = parts ? parts.map((name) => compileExpression((spec._id as TDoc)[name])) : [id];
  const values: unknown[] = [];
  const idOf = (): unknown => {
    if (!parts) return values[0] ?? null;
    const value: TDoc = {};
    parts.forEach((name, index) => (value[name] = values[index]));
    return value;
  };
  const gather = (vars: TVars) => {
    // Each part's values become small numbers, and a group is found by its parts' numbers: one
    // map entry per group, instead of a trie of maps (the groups live until the stage ends, and
    // every young collection a request meets copies them).
    const ids = partValues.map(() => new GroupKeyPart());
    const groups = new Map<number | string, TGroupState>();
    const list: TGroupState[] = [];
    return {
      add(document: TDoc) {
        let key: number | string = 0;
        for (let i = 0; i < partValues.length; i++) {
          const value = (partValues[i] as TExpr)(document, vars);
          values[i] = value;
          const id = (ids[i] as GroupKeyPart).idOf(parts || value !== undefined ? value : null);
          // A key of another kind (a RegExp, a class instance): mingo groups it.
          if (id === undefined) throw new Ungroupable();
          // Seven bits a part while the numbers are small (a number key, no string), else a string;
          // the two forms never meet, as the place the string starts fixes how many parts follow.
          key = typeof key === 'number' && id < 128 && i < 7 ? key * 128 + id : `${key},${id}`;
        }
        let group = groups.get(key);
        if (!group) {
          group = { id: idOf(), states: fields.map(([, accumulator]) => accumulator.init()) };
          groups.set(key, group);
          list.push(group);
        }
        for (let i = 0; i < fields.length; i++) (fields[i] as (typeof fields)[number])[1].add(group.states[i] as unknown[], document, vars);
      },
      result: () =>
        list.map((group) => {
          const document: TDoc = { _id: group.id };
          fields.forEach(([key, accumulator], i) => (document[key] = accumulator.result(group.states[i] as unknown[])));
          return document;
        }),
    };
  };
  return {
    gather,
    run: (documents, vars) => {
      try {
        const groups = gather(vars);
        for (let i = 0; i < documents.length; i++) groups.add(documents[i] as TDoc);
        return groups.result();
      } catch (error) {
        if (error instanceof Ungroupable) return fallback(documents, vars);
        throw error;
      }
    },
  };
}

type TGroupState = { id: unknown; states: unknown[][] };

/**
 * Numbers for the values one part of a group key takes, equal exactly when mingo groups them
 * together. Strings, numbers, booleans, null and undefined are Map keys as they are
 * (SameValueZero equates -0 and 0, and NaN with NaN, as mingo's isEqual does), dates go by their
 * time, arrays and objects by their `groupKey`: no key string is built for the usual document.
 */
class GroupKeyPart {
  private readonly plain = new Map<unknown, number>();
  private dates: Map<number, number> | undefined;
  private composite: Map<string, number> | undefined;
  private count = 0;

  /** The value's number, new if unseen; undefined for a value only mingo can group. */
  idOf(value: unknown): number | undefined {
    let ids: Map<unknown, number>;
    let key: unknown = value;
    if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'bigint' && typeof value !== 'symbol')) {
      ids = this.plain;
    } else if (isDate(value)) {
      ids = this.dates ??= new Map();
      key = value.getTime();
    } else {
      key = groupKey(value);
      if (key === undefined) return undefined;
      ids = this.composite ??= new Map();
    }
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = this.count++));
    return id;
  }
}

function compileProject(spec: unknown): TCompiledStage {
  if (!isPlainObject(spec)) return notCompiled('$project');
  const keys = Object.keys(spec);
  if (keys.length === 0) return perDocument((next) => next);
  const excluded = keys.filter((key) => spec[key] === 0 || spec[key] === false);
  const included = keys.filter((key) => !excluded.includes(key));
  if (keys.some((key) => key.includes('.') || key.startsWith('$') || key === '__proto__')) return notCompiled('$project path');
  if (included.length === 0) {
    return perDocument((next) => (document) => {
      const result: TDoc = { ...document };
      for (const key of excluded) Reflect.deleteProperty(result, key);
      next(result);
    });
  }
  if (excluded.some((key) => key !== '_id')) return notCompiled('$project mixing inclusion and exclusion');
  const handlers = included.map((key): ((target: TDoc, document: TDoc, vars: TVars) => void) => {
    const value = spec[key];
    if (value === true || typeof value === 'number') {
      return (target, document) => {
        const found = fieldOf(document, key);
        if (found !== undefined) target[key] = found;
      };
    }
    if (Array.isArray(value)) {
      const items = value.map(compileExpression);
      return (target, document, vars) => void (target[key] = items.map((item) => item(document, vars) ?? null));
    }
    if (isPlainObject(value)) {
      const operators = Object.keys(value);
      if (operators.length !== 1 || !operators[0]?.startsWith('$') || operators[0] in BASE_OPERATORS.projection) return notCompiled('$project operator');
    }
    const expression = compileExpression(value);
    return (target, document, vars) => void (target[key] = expression(document, vars));
  });
  const keepId = !excluded.includes('_id');
  return perDocument((next, vars) => (document) => {
    const result: TDoc = {};
    for (let i = 0; i < handlers.length; i++) (handlers[i] as (typeof handlers)[number])(result, document, vars);
    if (keepId && !Object.hasOwn(result, '_id') && Object.hasOwn(document, '_id')) result._id = document._id;
    next(result);
  });
}

function compileAddFields(spec: unknown): TCompiledStage {
  if (!isPlainObject(spec)) return notCompiled('$addFields');
  const keys = Object.keys(spec);
  if (keys.some((key) => key.includes('.') || key.startsWith('$') || key === '__proto__')) return notCompiled('$addFields path');
  const fields = keys.map((key) => [key, compileExpression(spec[key])] as const);
  return perDocument((next, vars) => (document) => {
    const result: TDoc = { ...document };
    for (const [key, value] of fields) {
      const computed = value(document, vars);
      if (computed === undefined) Reflect.deleteProperty(result, key);
      else result[key] = computed;
    }
    next(result);
  });
}

function compileUnwind(spec: unknown): TCompiledStage {
  if (typeof spec !== 'string' || !spec.startsWith('$') || spec.slice(1).includes('.') || spec.length < 2 || spec === '$__proto__') return notCompiled('$unwind form');
  const field = spec.slice(1);
  return perDocument((next) => (document) => {
    const value = fieldOf(document, field);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) next({ ...document, [field]: value[i] });
    } else if (!(isNil(value) || value === '' || (isPlainObject(value) && Object.keys(value).length === 0))) {
      next(document);
    }
  });
}

function compileMatch(spec: unknown): TCompiledStage {
  if (!isPlainObject(spec)) return notCompiled('$match');
  const keys = Object.keys(spec);
  if (keys.length === 1 && keys[0] === '$expr') {
    const test = compileExpression(spec.$expr);
    return perDocument((next, vars) => (document) => void (truthy(test(document, vars)) && next(document)));
  }
  if (mentionsVariables(spec)) return notCompiled('$match with variables');
  const matches = compileMatcher(spec);
  return perDocument((next) => (matches ? (document) => void (matches(document as TDocument) && next(document)) : next));
}

const mentionsVariables = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.startsWith('$$')
    : Array.isArray(value)
      ? value.some(mentionsVariables)
      : isPlainObject(value) && Object.entries(value).some(([key, inner]) => key === '$expr' || key === '$where' || key === '$function' || mentionsVariables(inner));

function compileSort(spec: unknown, fallback: TStep): TStep {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) return notCompiled('$sort');
  const fields = Object.entries(spec).map(([path, direction]) => {
    if (direction !== 1 && direction !== -1) return notCompiled('$sort direction');
    return { value: compileField(path), direction };
  });
  return (documents, vars) => {
    // Only keys all of one simple type sort here (what mingo's comparison gives them); the rest through mingo.
    const keyed = documents.map((document) => ({ document, keys: fields.map((field) => field.value(document, vars)) }));
    for (let i = 0; i < fields.length; i++) {
      let type: string | undefined;
      for (const item of keyed) {
        const value = item.keys[i];
        const kind = typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : isDate(value) ? 'date' : undefined;
        if (!kind || (type && type !== kind)) return fallback(documents, vars);
        type = kind;
      }
    }
    keyed.sort((a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const c = compare(a.keys[i], b.keys[i]);
        if (c !== 0) return c * (fields[i] as { direction: number }).direction;
      }
      return 0;
    });
    return keyed.map((item) => item.document);
  };
}

function compileReplaceRoot(spec: unknown): TCompiledStage {
  if (!isPlainObject(spec) || !('newRoot' in spec) || Object.keys(spec).length !== 1) return notCompiled('$replaceRoot');
  const root = compileExpression(spec.newRoot);
  return perDocument((next, vars) => (document) => {
    const value = root(document, vars);
    if (!isPlainObject(value)) throw new Error('$replaceRoot expression must return an object');
    next(value);
  });
}

/** A stage that looks at one document at a time, run over a whole array too. */
function perDocument(flow: (next: TSink, vars: TVars) => TSink): TCompiledStage {
  return {
    flow,
    run: (documents, vars) => {
      const results: TDoc[] = [];
      const sink = flow((document) => void results.push(document), vars);
      for (let i = 0; i < documents.length; i++) sink(documents[i] as TDoc);
      return results;
    },
  };
}

/** How the compiler reaches what it does not do itself: `$lookup`s and mingo for stages it leaves alone. */
export interface TCompileEnv {
  lookup(spec: unknown): TStep;
  /** One stage run by mingo (its input copied when the stage may mutate it). */
  mingo(stage: Record<string, unknown>): TStep;
}

/** One stage compiled, or mingo's for it. */
function compileStage(stage: Record<string, unknown>, env: TCompileEnv): TCompiledStage {
  const [name, spec] = Object.entries(stage)[0] ?? [];
  const mingo = (): TCompiledStage => ({ run: env.mingo(stage) });
  try {
    switch (name) {
      case '$match':
        return compileMatch(spec);
      case '$project':
        return compileProject(spec);
      case '$addFields':
      case '$set':
        return compileAddFields(spec);
      case '$unwind':
        return compileUnwind(spec);
      case '$group':
        return compileGroup(spec, env.mingo(stage));
      case '$sort':
        return { run: compileSort(spec, env.mingo(stage)) };
      case '$limit':
        if (typeof spec === 'number' && Number.isInteger(spec) && spec > 0) return { run: (documents) => documents.slice(0, spec) };
        return mingo();
      case '$skip':
        if (typeof spec === 'number' && Number.isInteger(spec) && spec >= 0) return { run: (documents) => documents.slice(spec) };
        return mingo();
      case '$replaceRoot':
        return compileReplaceRoot(spec);
      case '$lookup':
        return { run: env.lookup(spec) };
      case '$facet': {
        if (!isPlainObject(spec) || !Object.values(spec).every(Array.isArray)) return mingo();
        const facets = Object.entries(spec).map(([key, stages]) => [key, compileStages(stages as Record<string, unknown>[], env)] as const);
        return {
          run: (documents, vars) => {
            const result: TDoc = {};
            for (const [key, run] of facets) result[key] = run(documents, vars);
            return [result];
          },
        };
      }
      default:
        return mingo();
    }
  } catch (error) {
    if (error instanceof NotCompiled) return mingo();
    throw error;
  }
}

/**
 * A pipeline as one function: compiled stages where covered, mingo's elsewhere. Each run of
 * per-document stages, with the `$group` after it if there is one, is one pass.
 */
export function compileStages(stages: Record<string, unknown>[], env: TCompileEnv): TStep {
  const compiled = stages.map((stage) => compileStage(stage, env));
  const steps: TStep[] = [];
  for (let i = 0; i < compiled.length; ) {
    let end = i;
    while (compiled[end]?.flow) end++;
    if (compiled[end]?.gather) end++;
    const pass = compiled.slice(i, Math.max(end, i + 1));
    steps.push(pass.length === 1 ? (pass[0] as TCompiledStage).run : onePass(pass));
    i += pass.length;
  }
  return (documents, vars) => {
    let current = documents;
    for (const step of steps) current = step(current, vars);
    return current;
  };
}

/** Per-document stages, and the `$group` after them if any, in one pass over the documents. */
function onePass(stages: TCompiledStage[]): TStep {
  const last = stages.at(-1) as TCompiledStage;
  const flows = stages.flatMap((stage) => (stage.flow ? [stage.flow] : []));
  return (documents, vars) => {
    const results: TDoc[] = [];
    const into = last.gather ? last.gather(vars) : { add: (document: TDoc) => void results.push(document), result: () => results };
    let sink = into.add;
    for (let k = flows.length - 1; k >= 0; k--) sink = (flows[k] as NonNullable<TCompiledStage['flow']>)(sink, vars);
    try {
      for (let i = 0; i < documents.length; i++) sink(documents[i] as TDoc);
    } catch (error) {
      if (!(error instanceof Ungroupable)) throw error;
      let current = documents;
      for (const stage of stages) current = stage.run(current, vars);
      return current;
    }
    return into.result();
  };
}
