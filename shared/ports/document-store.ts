/**
 * The system of record, as the subset of the MongoDB driver's `Db`/`Collection` API the
 * repositories use. Two adapters implement it: the official `mongodb` driver (production,
 * chosen when MONGODB_URI is set) and the embedded store (local default and tests), which
 * follows MongoDB semantics — the contract suite in tests/contract runs against both.
 *
 * Documents always carry a string `_id` chosen by the application. Dates are `Date`.
 */

export type TDocument = { _id: string } & Record<string, unknown>;
export type TFilter = Record<string, unknown>;
/** Update operators only (`$set`, `$unset`, `$inc`, `$push`, `$addToSet`, `$pull`, `$setOnInsert`, `$min`, `$max`). */
export type TUpdate = Record<string, Record<string, unknown>>;
export type TSort = Record<string, 1 | -1>;
export type TProjection = Record<string, 0 | 1>;

export interface TFindOptions {
  sort?: TSort;
  skip?: number;
  limit?: number;
  projection?: TProjection;
}

export interface TCursor<T> extends AsyncIterable<T> {
  toArray(): Promise<T[]>;
}

export interface TInsertOneResult {
  insertedId: string;
}
export interface TInsertManyResult {
  insertedCount: number;
}
export interface TUpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: string | null;
}
export interface TDeleteResult {
  deletedCount: number;
}
export interface TBulkWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
}

export type TBulkOperation<T extends TDocument> =
  | { insertOne: { document: T } }
  | { updateOne: { filter: TFilter; update: TUpdate; upsert?: boolean } }
  | { updateMany: { filter: TFilter; update: TUpdate; upsert?: boolean } }
  | { replaceOne: { filter: TFilter; replacement: T; upsert?: boolean } }
  | { deleteOne: { filter: TFilter } }
  | { deleteMany: { filter: TFilter } };

export interface TIndexSpec {
  keys: Record<string, 1 | -1>;
  name?: string;
  unique?: boolean;
  /** Restricts a (unique) index to documents matching this filter, as MongoDB does. */
  partialFilterExpression?: TFilter;
  /** TTL index: documents expire this many seconds after the date in the single indexed field. */
  expireAfterSeconds?: number;
}

export interface TCollection<T extends TDocument = TDocument> {
  insertOne(document: T): Promise<TInsertOneResult>;
  insertMany(documents: T[], options?: { ordered?: boolean }): Promise<TInsertManyResult>;
  find(filter: TFilter, options?: TFindOptions): TCursor<T>;
  findOne(filter: TFilter, options?: TFindOptions): Promise<T | null>;
  findOneAndUpdate(
    filter: TFilter,
    update: TUpdate,
    options?: { returnDocument?: 'before' | 'after'; upsert?: boolean; sort?: TSort; projection?: TProjection },
  ): Promise<T | null>;
  updateOne(filter: TFilter, update: TUpdate, options?: { upsert?: boolean }): Promise<TUpdateResult>;
  updateMany(filter: TFilter, update: TUpdate, options?: { upsert?: boolean }): Promise<TUpdateResult>;
  replaceOne(filter: TFilter, replacement: T, options?: { upsert?: boolean }): Promise<TUpdateResult>;
  deleteOne(filter: TFilter): Promise<TDeleteResult>;
  deleteMany(filter: TFilter): Promise<TDeleteResult>;
  countDocuments(filter?: TFilter): Promise<number>;
  aggregate<R = TDocument>(pipeline: Record<string, unknown>[]): TCursor<R>;
  bulkWrite(operations: TBulkOperation<T>[], options?: { ordered?: boolean }): Promise<TBulkWriteResult>;
  createIndex(keys: Record<string, 1 | -1>, options?: Omit<TIndexSpec, 'keys'>): Promise<string>;
}

export interface TDatabase {
  collection<T extends TDocument = TDocument>(name: string): TCollection<T>;
  /** Cheap liveness check for /api/health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** MongoDB's duplicate-key error code; the embedded store raises the same. */
export const DUPLICATE_KEY = 11000;

export const isDuplicateKeyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
