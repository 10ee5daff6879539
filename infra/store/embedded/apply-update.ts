import { update as mingoUpdate } from 'mingo';
import type { TDocument, TFilter, TUpdate } from '../../../shared/ports/document-store.ts';
import { cloneValue, isPlainObject, setAtPath, valueAtPath } from './document-values.ts';
import { compareValues } from './value-order.ts';
import { storeError } from './store-errors.ts';

/**
 * Update operators, applied with mingo on a private copy of the stored document (mingo mutates in
 * place), plus what mingo lacks: `$setOnInsert`, `$currentDate` from the injected clock, the
 * server's checks (conflicting paths, immutable `_id`, type errors) and upsert seeding.
 * https://www.mongodb.com/docs/manual/reference/mql/update/
 */

const OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$min', '$max', '$rename', '$setOnInsert', '$currentDate']);

type TPlain = Record<string, unknown>;

/** Rejects what the driver or server would reject before touching any document. */
export function validateUpdate(update: TUpdate): void {
  const operators = isPlainObject(update) ? Object.keys(update) : [];
  if (operators.length === 0 || !operators.every((operator) => operator.startsWith('$'))) {
    const error = new Error('Update document requires atomic operators');
    error.name = 'MongoInvalidArgumentError';
    throw error;
  }
  const paths: string[] = [];
  for (const operator of operators) {
    if (!OPERATORS.has(operator)) throw storeError(9, `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`);
    const fields = update[operator];
    if (!isPlainObject(fields)) throw storeError(9, `Modifiers operate on fields but we found type ${typeof fields} instead.`);
    for (const [path, operand] of Object.entries(fields)) {
      paths.push(path);
      if (operator === '$rename' && typeof operand === 'string') paths.push(operand);
      if ((operator === '$inc' || operator === '$mul') && typeof operand !== 'number') {
        throw storeError(14, `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
      }
    }
  }
  paths.sort();
  for (let i = 1; i < paths.length; i++) {
    const previous = paths[i - 1] as string;
    const current = paths[i] as string;
    if (current === previous || current.startsWith(`${previous}.`)) {
      throw storeError(40, `Updating the path '${current}' would create a conflict at '${previous}'`);
    }
  }
}

/**
 * Applies a validated update to a copy of `current`; returns the new version, or undefined when
 * nothing changed. `inserting` applies `$setOnInsert` (upserts).
 */
export function applyUpdate(current: TDocument, update: TUpdate, context: { filter: TFilter; now: Date; inserting: boolean }): TDocument | undefined {
  const next = cloneValue(current);
  const modifier: Record<string, TPlain> = {};
  for (const [operator, fields] of Object.entries(cloneValue(update))) {
    if (operator === '$setOnInsert') {
      if (context.inserting) modifier.$set = { ...modifier.$set, ...fields };
    } else if (operator === '$currentDate') {
      const dates = Object.fromEntries(Object.keys(fields).map((path) => [path, new Date(context.now.getTime())]));
      modifier.$set = { ...modifier.$set, ...dates };
    } else if (operator === '$set') {
      modifier.$set = { ...modifier.$set, ...fields };
    } else {
      modifier[operator] = fields;
    }
  }
  // mingo refuses any `_id` path; the server allows setting it on insert and to the same value.
  let idChanged = false;
  if (modifier.$set && '_id' in modifier.$set) {
    const { _id: id, ...rest } = modifier.$set;
    if (context.inserting && (next._id === undefined || next._id === id)) next._id = id as string;
    else if (id !== next._id) idChanged = true;
    modifier.$set = rest;
  }
  for (const fields of Object.values(modifier)) {
    if (Object.keys(fields).some((path) => path === '_id' || path.startsWith('_id.'))) idChanged = true;
  }
  if (idChanged) throw storeError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
  checkOperandTypes(next, modifier);
  // The filter is only needed to resolve the positional `$`; mingo skips documents it does not match.
  const positional = Object.values(modifier).some((fields) => Object.keys(fields).some((path) => path.split('.').includes('$')));
  if (positional && context.inserting) throw storeError(2, 'The positional operator did not find the match needed from the query.');
  let changed: string[];
  const direct = positional ? undefined : applySimpleUpdate(next, modifier);
  if (direct) return direct.length > 0 || context.inserting ? next : undefined;
  try {
    changed = mingoUpdate(next, modifier, undefined, positional ? context.filter : undefined, { cloneMode: 'none' });
  } catch (error) {
    throw storeError(2, error instanceof Error ? error.message : String(error));
  }
  return changed.length > 0 || context.inserting ? next : undefined;
}

/** The server refuses arithmetic on non-numbers and array operators on non-arrays. */
function checkOperandTypes(document: TDocument, modifier: Record<string, TPlain>): void {
  const existing = (path: string): unknown => (path.includes('$') ? undefined : valueAtPath(document, path.split('.')));
  for (const operator of ['$inc', '$mul'] as const) {
    for (const path of Object.keys(modifier[operator] ?? {})) {
      const value = existing(path);
      if (value !== undefined && value !== null && typeof value !== 'number') {
        throw storeError(14, `Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(document._id)}} has the field '${path}' of non-numeric type ${typeName(value)}`);
      }
    }
  }
  for (const operator of ['$push', '$addToSet', '$pull', '$pullAll', '$pop'] as const) {
    for (const path of Object.keys(modifier[operator] ?? {})) {
      const value = existing(path);
      if (value !== undefined && value !== null && !Array.isArray(value)) {
        throw storeError(2, `The field '${path}' must be an array but is of type ${typeName(value)} in document {_id: ${JSON.stringify(document._id)}}`);
      }
    }
  }
}

const typeName = (value: unknown): string => (value instanceof Date ? 'date' : isPlainObject(value) ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value);

/**
 * The document an upsert starts from: the filter's equality conditions (`field: value`,
 * `field: {$eq: value}`, also inside `$and`), dotted paths expanded, as MongoDB does.
 * https://www.mongodb.com/docs/manual/reference/method/db.collection.updateone/#upsert-behavior
 */
export function upsertSeed(filter: TFilter): TPlain {
  const seed: TPlain = {};
  addEqualities(filter, seed);
  return seed;
}

function addEqualities(filter: TFilter, seed: TPlain): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) addEqualities(part, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlainObject(value)) {
      const operators = Object.keys(value);
      if (operators.some((operator) => operator.startsWith('$'))) {
        if ('$eq' in value) setAtPath(seed, key, cloneValue(value.$eq));
        continue;
      }
    }
    if (value instanceof RegExp) continue;
    setAtPath(seed, key, cloneValue(value));
  }
}

const SIMPLE_OPERATORS = new Set(['$set', '$unset', '$inc']);

/**
 * `$set`, `$unset` and `$inc` on paths that cross only objects — most writes — applied
 * directly: mingo's updater builds a fresh operator context per call, which cost more than
 * the update itself. Anything else (arrays on the way, other operators) returns undefined
 * and goes through mingo. Returns the changed paths, like mingo.
 */
function applySimpleUpdate(document: TDocument, modifier: Record<string, TPlain>): string[] | undefined {
  const entries = Object.entries(modifier);
  if (!entries.every(([operator, fields]) => SIMPLE_OPERATORS.has(operator) && Object.keys(fields).every((path) => crossesObjectsOnly(document, path)))) {
    return undefined;
  }
  const changed: string[] = [];
  for (const [operator, fields] of entries) {
    for (const [path, operand] of Object.entries(fields)) {
      const parts = path.split('.');
      const current = valueAtPath(document, parts);
      if (operator === '$set') {
        if (current !== undefined && compareValues(current, operand) === 0 && sameKind(current, operand)) continue;
        setAtPath(document, path, cloneValue(operand));
      } else if (operator === '$inc') {
        if (operand === 0 && current !== undefined) continue;
        setAtPath(document, path, ((current as number | null | undefined) ?? 0) + (operand as number));
      } else {
        if (current === undefined) continue;
        const parent = parts.length === 1 ? document : (valueAtPath(document, parts.slice(0, -1)) as TPlain);
        Reflect.deleteProperty(parent, parts[parts.length - 1] as string);
      }
      changed.push(path);
    }
  }
  return changed;
}

/** True when every existing value before the path's last segment is a plain object. */
function crossesObjectsOnly(document: TDocument, path: string): boolean {
  if (path.includes('$')) return false;
  const parts = path.split('.');
  let node: unknown = document;
  for (let i = 0; i < parts.length - 1; i++) {
    node = (node as TPlain)[parts[i] as string];
    if (node === undefined) return true;
    if (!isPlainObject(node)) return false;
  }
  return true;
}

/** compareValues treats null and missing alike and 1 like 1.0; a `$set` still changes null ↔ value types. */
const sameKind = (a: unknown, b: unknown): boolean => (a === null) === (b === null) && typeof a === typeof b;
