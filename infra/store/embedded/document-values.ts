import type { TDocument, TProjection } from '../../../shared/ports/document-store.ts';
import { compareValues } from './value-order.ts';
import { storeError } from './store-errors.ts';

/**
 * Plain-data helpers at the store's boundary. Stored documents are never handed out or taken in
 * by reference: the store clones on the way in and on the way out, so a caller can never change
 * stored state by mutating an object. Values are plain data: objects, arrays, strings, numbers,
 * booleans, null and Dates (undefined becomes null, as the driver's BSON serializer does).
 */

type TPlain = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is TPlain =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof RegExp);

/** Deep copy of plain data; Dates are copied, undefined becomes null. */
export function cloneValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return (value === undefined ? null : value) as T;
  if (Array.isArray(value)) {
    // Arrays of strings and numbers (tags, packed rollups) are copied whole.
    if (primitivesOnly(value)) return value.slice() as T;
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i]);
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return value;
  const out: TPlain = {};
  for (const key in value) setOwn(out, key, cloneValue((value as TPlain)[key]));
  return out as T;
}

function primitivesOnly(array: readonly unknown[]): boolean {
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item === 'object' || item === undefined) return false;
  }
  return true;
}

/** `__proto__` is a legal field name in stored data; assigning it would change the prototype instead. */
function setOwn(target: TPlain, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** JSON-ready copy for the journal: a Date becomes `{"$date": <epoch ms>}`. */
export function encodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value === undefined ? null : value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i]);
    return out;
  }
  if (value instanceof Date) return { $date: value.getTime() };
  const out: TPlain = {};
  for (const key in value) setOwn(out, key, encodeValue((value as TPlain)[key]));
  return out;
}

/** Reverses {@link encodeValue} in place on freshly parsed JSON. */
export function reviveValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null) value[i] = reviveValue(item);
    }
    return value;
  }
  const record = value as TPlain;
  if (typeof record.$date === 'number' && Object.keys(record).length === 1) return new Date(record.$date);
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) record[key] = reviveValue(item);
  }
  return record;
}

/** What `valuesAtPath` met on the way: whether any array, and at which path components (bit i: `parts[0..i]`). */
export interface TArraysSeen {
  array: boolean;
  components: number;
}

/**
 * Every value a dotted path reaches, descending through arrays the way MongoDB's multikey
 * indexes do: `{a: [{b: 1}, {b: 2}]}` at `a.b` gives 1 and 2, and an array at the end of the
 * path gives its elements. A missing path gives `[undefined]`.
 */
export function valuesAtPath(document: unknown, parts: readonly string[], seen?: TArraysSeen): unknown[] {
  const out: unknown[] = [];
  collect(document, parts, 0, out, seen);
  if (out.length === 0) out.push(undefined);
  return out;
}

function collect(value: unknown, parts: readonly string[], depth: number, out: unknown[], seen?: TArraysSeen): void {
  if (Array.isArray(value) && seen && depth > 0) {
    seen.array = true;
    seen.components |= 1 << (depth - 1);
  }
  if (depth === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const item of value) out.push(item);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[depth] as string;
    if (/^\d+$/.test(part)) {
      collect(value[Number(part)], parts, depth + 1, out, seen);
      return;
    }
    for (const item of value) if (isPlainObject(item)) collect(item[part], parts, depth + 1, out, seen);
    return;
  }
  if (isPlainObject(value)) collect(value[parts[depth] as string], parts, depth + 1, out, seen);
}

/** The value a top-level or dotted field has, without array expansion (undefined when absent). */
export function valueAtPath(document: unknown, parts: readonly string[]): unknown {
  let value = document;
  for (const part of parts) {
    if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
    value = (value as TPlain)[part];
  }
  return value;
}

/**
 * The key a document sorts by on one field: for arrays MongoDB uses the smallest element when
 * sorting ascending and the largest when descending.
 */
export function sortKeyAtPath(document: unknown, parts: readonly string[], direction: 1 | -1): unknown {
  const values = valuesAtPath(document, parts);
  if (values.length === 1) return values[0];
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best);
    if (direction === 1 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

/** Sets a dotted path, creating objects on the way (used to seed upserts from a filter). */
export function setAtPath(target: TPlain, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = node[part];
    if (!isPlainObject(next)) setOwn(node, part, {});
    node = node[part] as TPlain;
  }
  setOwn(node, parts[parts.length - 1] as string, value);
}

type TProjectionTree = Map<string, true | TProjectionTree>;

/**
 * Compiles a find projection (`{field: 1}` inclusions or `{field: 0}` exclusions, `_id` either
 * way) into a function that returns a projected deep copy, so only kept fields are copied.
 * https://www.mongodb.com/docs/manual/reference/method/db.collection.find/#projection
 */
export function compileProjection(projection: TProjection | undefined): (document: TDocument) => TDocument {
  const entries = Object.entries(projection ?? {});
  if (entries.length === 0) return cloneValue;
  const idSetting = projection?._id;
  const others = entries.filter(([path]) => path !== '_id');
  const inclusion = others.length > 0 ? Boolean(others[0]?.[1]) : Boolean(idSetting);
  const tree: TProjectionTree = new Map();
  for (const [path, setting] of others) {
    if (Boolean(setting) !== inclusion) {
      throw storeError(inclusion ? 31254 : 31253, `Cannot do ${inclusion ? 'exclusion' : 'inclusion'} on field ${path} in ${inclusion ? 'inclusion' : 'exclusion'} projection`);
    }
    addPath(tree, path.split('.'), path);
  }
  if (inclusion) {
    if (idSetting === undefined || Boolean(idSetting)) tree.set('_id', true);
    return (document) => includeFields(document, tree) as TDocument;
  }
  if (idSetting !== undefined && !idSetting) tree.set('_id', true);
  return (document) => excludeFields(document, tree) as TDocument;
}

function addPath(tree: TProjectionTree, parts: string[], path: string): void {
  let node = tree;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const existing = node.get(part);
    if (i === parts.length - 1) {
      if (existing !== undefined) throw storeError(31249, `Path collision at ${path}`);
      node.set(part, true);
      return;
    }
    if (existing === true) throw storeError(31249, `Path collision at ${path}`);
    const child: TProjectionTree = existing ?? new Map();
    node.set(part, child);
    node = child;
  }
}

function includeFields(value: unknown, tree: TProjectionTree): unknown {
  if (Array.isArray(value)) return value.filter((item) => isPlainObject(item) || Array.isArray(item)).map((item) => includeFields(item, tree));
  const source = value as TPlain;
  const out: TPlain = {};
  for (const key in source) {
    const node = tree.get(key);
    if (node === undefined) continue;
    const field = source[key];
    if (node === true) setOwn(out, key, cloneValue(field));
    else if (isPlainObject(field) || Array.isArray(field)) setOwn(out, key, includeFields(field, node));
  }
  return out;
}

function excludeFields(value: unknown, tree: TProjectionTree): unknown {
  if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) || Array.isArray(item) ? excludeFields(item, tree) : cloneValue(item)));
  const source = value as TPlain;
  const out: TPlain = {};
  for (const key in source) {
    const node = tree.get(key);
    if (node === true) continue;
    const field = source[key];
    setOwn(out, key, node !== undefined && (isPlainObject(field) || Array.isArray(field)) ? excludeFields(field, node) : cloneValue(field));
  }
  return out;
}
