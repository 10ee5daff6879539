import { AppError } from '../errors/app-error.ts';
import type { TCollection, TDocument, TFilter, TProjection } from '../ports/document-store.ts';
import type { TPage } from './common.ts';

type TCursorValue = string | number | boolean | null | Date;

export interface TPageRequest {
  /** Field to order by; ties are broken by `_id` so pages never overlap or skip. */
  sortField: string;
  direction: 1 | -1;
  limit: number;
  cursor?: string | undefined;
  /** Fields to leave out of the items (derived fields the response does not show). The sort field must stay. */
  projection?: TProjection;
}

/**
 * Keyset ("cursor") pagination shared by every list endpoint: the cursor encodes the last
 * item's sort value and id, so a page costs the same however deep it is.
 *
 * The condition "after the cursor" is written so that both stores can use the sort index:
 * a range on the sort field (`$gte`/`$lte` the cursor value) bounds the index walk, and the
 * `$or` only settles ties on `_id`. Null and missing values sort before every value (MongoDB's
 * order) but no range reaches them, so a nullable sort field pages through them separately:
 * first when ascending, last when descending.
 */
export async function findPage<T extends TDocument>(collection: TCollection<T>, filter: TFilter, request: TPageRequest): Promise<TPage<T>> {
  const { sortField, direction, limit } = request;
  const after = request.cursor ? decodeCursor(request.cursor) : undefined;
  const options = { sort: { [sortField]: direction, _id: direction }, ...(request.projection ? { projection: request.projection } : {}) };
  const find = (query: TFilter, count: number) => collection.find(query, { ...options, limit: count }).toArray();
  const and = (...parts: TFilter[]): TFilter => ({ $and: [filter, ...parts] });
  const want = limit + 1;

  let rows: T[];
  if (!after) {
    rows = await find(filter, want);
  } else if (after.value === null) {
    const idAfter = { _id: { [direction === 1 ? '$gt' : '$lt']: after.id } };
    rows = await find(and({ [sortField]: null }, idAfter), want);
    if (direction === 1 && rows.length < want) rows = rows.concat(await find(and({ [sortField]: { $ne: null } }), want - rows.length));
  } else {
    const [inclusive, strict] = direction === 1 ? ['$gte', '$gt'] : ['$lte', '$lt'];
    rows = await find(and({ [sortField]: { [inclusive]: after.value } }, { $or: [{ [sortField]: { [strict]: after.value } }, { _id: { [strict]: after.id } }] }), want);
    if (direction === -1 && rows.length < want) rows = rows.concat(await find(and({ [sortField]: null }), want - rows.length));
  }
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor((readPath(last, sortField) ?? null) as TCursorValue, last._id) : null };
}

export function encodeCursor(value: TCursorValue, id: string): string {
  const encoded = value instanceof Date ? { d: value.toISOString() } : { v: value };
  return Buffer.from(JSON.stringify([encoded, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: TCursorValue; id: string } {
  try {
    const [encoded, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [{ d?: string; v?: unknown }, unknown];
    if (typeof id !== 'string') throw new Error('id');
    if (typeof encoded.d === 'string') return { value: new Date(encoded.d), id };
    const value = encoded.v;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value: value as TCursorValue, id };
    throw new Error('value');
  } catch {
    throw new AppError('invalid', 'The cursor is not valid; start from the first page', {
      fieldErrors: [{ location: 'query', field: 'cursor', detail: 'Not a cursor this API issued' }],
    });
  }
}

function readPath(document: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document);
}
