import { AppError } from '../errors/app-error.ts';
import type { TCollection, TDocument, TFilter } from '../ports/document-store.ts';
import type { TPage } from './common.ts';

type TCursorValue = string | number | boolean | null | Date;

export interface TPageRequest {
  /** Field to order by; ties are broken by `_id` so pages never overlap or skip. */
  sortField: string;
  direction: 1 | -1;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Keyset ("cursor") pagination shared by every list endpoint: the cursor encodes the last
 * item's sort value and id, so a page costs the same however deep it is.
 */
export async function findPage<T extends TDocument>(collection: TCollection<T>, filter: TFilter, request: TPageRequest): Promise<TPage<T>> {
  const { sortField, direction, limit } = request;
  const after = request.cursor ? decodeCursor(request.cursor) : undefined;
  const operator = direction === 1 ? '$gt' : '$lt';
  const query = after
    ? { $and: [filter, { $or: [{ [sortField]: { [operator]: after.value } }, { [sortField]: after.value, _id: { [operator]: after.id } }] }] }
    : filter;
  const rows = await collection.find(query, { sort: { [sortField]: direction, _id: direction }, limit: limit + 1 }).toArray();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(readPath(last, sortField) as TCursorValue, last._id) : null };
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
