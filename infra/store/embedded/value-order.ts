/**
 * MongoDB's total order over values (BSON comparison order), used for sorts and index keys:
 * null and missing < numbers < strings < objects < arrays < binary < booleans < dates < regular expressions.
 * https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
 *
 * Index range bounds also need "just below/above every value of a type" so that `$gt: 5` scans
 * numbers only; `TypeEdge` is that marker and is never stored.
 */

const NULL_RANK = 1;
const NUMBER_RANK = 2;
const STRING_RANK = 3;
const OBJECT_RANK = 4;
const ARRAY_RANK = 5;
const BINARY_RANK = 6;
const BOOLEAN_RANK = 8;
const DATE_RANK = 9;
const REGEX_RANK = 11;
const OTHER_RANK = 12;

/** A bound that sorts just before (`side: -1`) or after (`side: 1`) every value of one type. */
export class TypeEdge {
  readonly rank: number;
  readonly side: -1 | 1;
  constructor(rank: number, side: -1 | 1) {
    this.rank = rank;
    this.side = side;
  }
}

/** Lowest and highest bounds of the whole order. */
export const MIN_EDGE = new TypeEdge(0, -1);
export const MAX_EDGE = new TypeEdge(99, 1);

export function typeRank(value: unknown): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return NUMBER_RANK;
    case 'string':
      return STRING_RANK;
    case 'boolean':
      return BOOLEAN_RANK;
    case 'undefined':
      return NULL_RANK;
    case 'object':
      if (value === null) return NULL_RANK;
      if (Array.isArray(value)) return ARRAY_RANK;
      if (value instanceof Date) return DATE_RANK;
      if (value instanceof RegExp) return REGEX_RANK;
      if (value instanceof Uint8Array) return BINARY_RANK;
      if (value instanceof TypeEdge) return value.rank;
      return OBJECT_RANK;
    default:
      return OTHER_RANK;
  }
}

/** Values an index range or a direct predicate handles: null, strings, booleans, non-NaN numbers, Dates. */
export const isScalar = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value)) || value instanceof Date;

export const typeStart = (value: unknown): TypeEdge => new TypeEdge(typeRank(value), -1);
export const typeEnd = (value: unknown): TypeEdge => new TypeEdge(typeRank(value), 1);

const cmp = (a: number | string | bigint, b: number | string | bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compares two values in MongoDB's order; missing (`undefined`) equals null. */
export function compareValues(a: unknown, b: unknown): number {
  // Fast paths for the common index key types.
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    if (ta === 'number') return compareNumbers(a as number, b as number);
    if (ta === 'boolean') return a === b ? 0 : a ? 1 : -1;
  }
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime());
  if (a instanceof TypeEdge || b instanceof TypeEdge) return compareEdges(a, b);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case NULL_RANK:
      return 0;
    case NUMBER_RANK:
      return cmp(a as number, b as number);
    case ARRAY_RANK:
      return compareArrays(a as unknown[], b as unknown[]);
    case OBJECT_RANK:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case BINARY_RANK:
      return Buffer.compare(a as Uint8Array, b as Uint8Array);
    case REGEX_RANK:
      return cmp(String(a), String(b));
    default:
      return cmp(String(a), String(b));
  }
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // NaN sorts before every other number, as in MongoDB.
  const nanA = Number.isNaN(a);
  const nanB = Number.isNaN(b);
  return nanA === nanB ? 0 : nanA ? -1 : 1;
}

function compareEdges(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  const sa = a instanceof TypeEdge ? a.side : 0;
  const sb = b instanceof TypeEdge ? b.side : 0;
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

/** Embedded documents compare field by field, in stored order: name, then value. */
function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const nameA = ka[i] as string;
    const nameB = kb[i] as string;
    const byType = cmp(typeRank(a[nameA]), typeRank(b[nameB]));
    if (byType !== 0) return byType;
    const byName = cmp(nameA, nameB);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[nameA], b[nameB]);
    if (byValue !== 0) return byValue;
  }
  return cmp(ka.length, kb.length);
}
