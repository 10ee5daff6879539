import { randomBytes } from 'node:crypto';
import { isEqual, MingoError } from 'mingo/util';
import type {
  TBulkOperation,
  TBulkWriteResult,
  TCollection,
  TCursor,
  TDeleteResult,
  TDocument,
  TFilter,
  TFindOptions,
  TIndexSpec,
  TInsertManyResult,
  TInsertOneResult,
  TProjection,
  TSort,
  TUpdate,
  TUpdateResult,
} from '../../../shared/ports/document-store.ts';
import type { TClock } from '../../../shared/ports/clock.ts';
import type { PipelineRunner, TStage } from './aggregation-pipeline.ts';
import { splitPipeline } from './aggregation-pipeline.ts';
import { applyUpdate, upsertSeed, validateUpdate } from './apply-update.ts';
import type { CollectionState } from './collection-state.ts';
import { cloneValue, compileProjection, isPlainObject } from './document-values.ts';
import { countDocuments, findDocuments } from './query-planner.ts';
import { normalizeIndexSpec, sameDefinition } from './sorted-index.ts';
import { StoreBulkWriteError, storeError, toWriteError } from './store-errors.ts';
import type { TWriteError } from './store-errors.ts';
import type { WriteBatch } from './write-batch.ts';

/** What a collection handle needs from its database. */
export interface TStoreAccess {
  readonly clock: TClock;
  readonly pipelines: PipelineRunner;
  /** The collection for reading (expired TTL documents already removed), if it exists. */
  readable(name: string): CollectionState | undefined;
  /** The collection for writing, created on first use. */
  writable(name: string): CollectionState;
  /** Runs one operation's changes atomically and durably; see EmbeddedStore.write. */
  write<R>(work: (batch: WriteBatch) => R): R;
}

/** A driver-side argument error (the driver throws these before sending anything). */
function invalidArgument(message: string): Error {
  const error = new Error(message);
  error.name = 'MongoInvalidArgumentError';
  return error;
}

/** ObjectId-shaped string ids (time then random) for upserts that name no `_id`. */
const newObjectIdString = (): string => Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

/** mingo reports bad queries with its own error type; the server answers BadValue (2). */
function translated<R>(work: () => R): R {
  try {
    return work();
  } catch (error) {
    if (error instanceof MingoError) throw storeError(2, error.message);
    throw error;
  }
}

function readFilter(filter: TFilter | undefined): TFilter {
  if (filter === undefined) return {};
  if (!isPlainObject(filter)) throw invalidArgument('Query filter must be a plain object or ObjectId');
  return cloneValue(filter);
}

/** Stored form of a new document: a private copy with a string `_id`, first as MongoDB stores it. */
function documentToStore(document: TDocument): TDocument {
  if (!isPlainObject(document)) throw invalidArgument('Document must be a plain object');
  const { _id: id, ...fields } = cloneValue(document);
  if (id !== undefined && id !== null && typeof id !== 'string') throw storeError(2, `DealCycle documents use string _id values, got ${typeof id}`);
  return { _id: id ?? newObjectIdString(), ...fields };
}

class EmbeddedCursor<T> implements TCursor<T> {
  private readonly run: () => T[];

  constructor(run: () => T[]) {
    this.run = run;
  }

  async toArray(): Promise<T[]> {
    return this.run();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (const document of this.run()) yield document;
  }
}

const emptyBulkResult = (): TBulkWriteResult => ({ insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 });

/** The embedded store's `TCollection`: every method works on stored state and hands out copies. */
export class EmbeddedCollection<T extends TDocument = TDocument> implements TCollection<T> {
  private readonly store: TStoreAccess;
  private readonly name: string;

  constructor(store: TStoreAccess, name: string) {
    this.store = store;
    this.name = name;
  }

  async insertOne(document: T): Promise<TInsertOneResult> {
    const stored = documentToStore(document);
    const state = this.store.writable(this.name);
    this.store.write((batch) => batch.insert(state, stored));
    return { insertedId: stored._id };
  }

  async insertMany(documents: T[], options: { ordered?: boolean } = {}): Promise<TInsertManyResult> {
    if (!Array.isArray(documents) || documents.length === 0) throw invalidArgument('Invalid BulkOperation, Batch cannot be empty');
    const stored = documents.map(documentToStore);
    const state = this.store.writable(this.name);
    const ordered = options.ordered ?? true;
    return this.store.write((batch) => {
      const { insertedCount, failures } = batch.insertMany(state, stored, ordered);
      if (failures.length > 0) throw new StoreBulkWriteError(failures.map((failure) => toWriteError(failure.position, failure.error)), { ...emptyBulkResult(), insertedCount });
      return { insertedCount };
    });
  }

  find(filter: TFilter, options: TFindOptions = {}): TCursor<T> {
    return new EmbeddedCursor(() => this.findNow(filter, options));
  }

  async findOne(filter: TFilter, options: TFindOptions = {}): Promise<T | null> {
    return this.findNow(filter, { ...options, limit: 1 })[0] ?? null;
  }

  async findOneAndUpdate(
    filter: TFilter,
    update: TUpdate,
    options: { returnDocument?: 'before' | 'after'; upsert?: boolean; sort?: TSort; projection?: TProjection } = {},
  ): Promise<T | null> {
    const query = readFilter(filter);
    validateUpdate(update);
    const project = compileProjection(options.projection);
    const state = this.store.writable(this.name);
    return this.store.write((batch) =>
      translated(() => {
        const [current] = findDocuments(state, query, { sort: options.sort, limit: 1 });
        if (current) {
          const next = applyUpdate(current, update, { filter: query, now: this.store.clock.now(), inserting: false });
          if (next) batch.replace(state, current, next);
          return project(options.returnDocument === 'after' ? (next ?? current) : current) as T;
        }
        if (!options.upsert) return null;
        const created = this.upserted(query, update);
        batch.insert(state, created);
        return options.returnDocument === 'after' ? (project(created) as T) : null;
      }),
    );
  }

  async updateOne(filter: TFilter, update: TUpdate, options: { upsert?: boolean } = {}): Promise<TUpdateResult> {
    return this.updateNow(filter, update, { many: false, upsert: options.upsert === true });
  }

  async updateMany(filter: TFilter, update: TUpdate, options: { upsert?: boolean } = {}): Promise<TUpdateResult> {
    return this.updateNow(filter, update, { many: true, upsert: options.upsert === true });
  }

  async replaceOne(filter: TFilter, replacement: T, options: { upsert?: boolean } = {}): Promise<TUpdateResult> {
    const query = readFilter(filter);
    checkReplacement(replacement);
    const state = this.store.writable(this.name);
    return this.store.write((batch) => this.replaceIn(batch, state, query, replacement, options.upsert === true));
  }

  async deleteOne(filter: TFilter): Promise<TDeleteResult> {
    const query = readFilter(filter);
    const state = this.store.writable(this.name);
    return this.store.write((batch) => this.deleteIn(batch, state, query, false));
  }

  async deleteMany(filter: TFilter): Promise<TDeleteResult> {
    const query = readFilter(filter);
    const state = this.store.writable(this.name);
    return this.store.write((batch) => this.deleteIn(batch, state, query, true));
  }

  async countDocuments(filter: TFilter = {}): Promise<number> {
    const query = readFilter(filter);
    const state = this.store.readable(this.name);
    return state ? translated(() => countDocuments(state, query)) : 0;
  }

  aggregate<R = TDocument>(pipeline: Record<string, unknown>[]): TCursor<R> {
    return new EmbeddedCursor(() =>
      translated(() => {
        if (!Array.isArray(pipeline)) throw invalidArgument('pipeline must be an array');
        const prefix = splitPipeline(cloneValue(pipeline) as TStage[]);
        const state = this.store.readable(this.name);
        const only = prefix.rest.length === 1 ? prefix.rest[0] : undefined;
        if (only && typeof only.$count === 'string' && !prefix.sort) {
          const count = state ? countDocuments(state, prefix.filter) : 0;
          return (count > 0 ? [{ [only.$count]: count }] : []) as R[];
        }
        const documents = state ? findDocuments(state, prefix.filter, prefix) : [];
        return this.store.pipelines.run(documents, prefix.rest) as R[];
      }),
    );
  }

  async bulkWrite(operations: TBulkOperation<T>[], options: { ordered?: boolean } = {}): Promise<TBulkWriteResult> {
    if (!Array.isArray(operations) || operations.length === 0) throw invalidArgument('Invalid BulkOperation, Batch cannot be empty');
    for (const operation of operations) {
      const update = 'updateOne' in operation ? operation.updateOne.update : 'updateMany' in operation ? operation.updateMany.update : undefined;
      if (update && !(isPlainObject(update) && Object.keys(update).length > 0 && Object.keys(update).every((key) => key.startsWith('$')))) {
        throw invalidArgument('Update document requires atomic operators');
      }
      if ('replaceOne' in operation) checkReplacement(operation.replaceOne.replacement);
    }
    const state = this.store.writable(this.name);
    const ordered = options.ordered ?? true;
    return this.store.write((batch) => {
      const result = emptyBulkResult();
      const errors: TWriteError[] = [];
      operations.forEach((operation, i) => {
        if (ordered && errors.length > 0) return;
        try {
          this.applyBulkOperation(batch, state, operation, result);
        } catch (error) {
          errors.push(toWriteError(i, error));
        }
      });
      if (errors.length > 0) throw new StoreBulkWriteError(errors, result);
      return result;
    });
  }

  async createIndex(keys: Record<string, 1 | -1>, options: Omit<TIndexSpec, 'keys'> = {}): Promise<string> {
    const definition = normalizeIndexSpec({ ...options, keys });
    if (Object.keys(keys).length === 1 && keys._id === 1 && !options.unique && !options.partialFilterExpression && options.expireAfterSeconds === undefined) return '_id_';
    const state = this.store.writable(this.name);
    const sameName = state.indexes.find((index) => index.name === definition.name);
    if (sameName) {
      if (sameDefinition(sameName.definition, definition)) return definition.name;
      const sameKeys = JSON.stringify(sameName.definition.keys) === JSON.stringify(definition.keys);
      throw storeError(
        sameKeys ? 85 : 86,
        sameKeys
          ? `An existing index has the same name as the requested index but different options. Requested index: ${JSON.stringify(definition)}, existing index: ${JSON.stringify(sameName.definition)}`
          : `An existing index has the same name as the requested index but different keys. Requested index: ${JSON.stringify(definition)}, existing index: ${JSON.stringify(sameName.definition)}`,
      );
    }
    const sameKeys = state.indexes.find((index) => JSON.stringify(index.definition.keys) === JSON.stringify(definition.keys) && index.name !== definition.name);
    if (sameKeys && sameDefinition({ ...sameKeys.definition, name: definition.name }, definition)) {
      throw storeError(85, `Index already exists with a different name: ${sameKeys.name}`);
    }
    this.store.write((batch) => translated(() => batch.createIndex(state, definition)));
    return definition.name;
  }

  private findNow(filter: TFilter, options: TFindOptions): T[] {
    const query = readFilter(filter);
    const project = compileProjection(options.projection);
    const state = this.store.readable(this.name);
    if (!state) return [];
    return translated(() => findDocuments(state, query, options).map((document) => project(document) as T));
  }

  private updateNow(filter: TFilter, update: TUpdate, options: { many: boolean; upsert: boolean }): TUpdateResult {
    const query = readFilter(filter);
    validateUpdate(update);
    const state = this.store.writable(this.name);
    return this.store.write((batch) => this.updateIn(batch, state, query, update, options));
  }

  private updateIn(batch: WriteBatch, state: CollectionState, filter: TFilter, update: TUpdate, options: { many: boolean; upsert: boolean }): TUpdateResult {
    return translated(() => {
      const targets = findDocuments(state, filter, { limit: options.many ? 0 : 1 });
      if (targets.length === 0 && options.upsert) {
        const created = this.upserted(filter, update);
        batch.insert(state, created);
        return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: created._id };
      }
      const now = this.store.clock.now();
      let modifiedCount = 0;
      for (const current of targets) {
        const next = applyUpdate(current, update, { filter, now, inserting: false });
        if (!next) continue;
        batch.replace(state, current, next);
        modifiedCount++;
      }
      return { matchedCount: targets.length, modifiedCount, upsertedCount: 0, upsertedId: null };
    });
  }

  /** A new document from an upsert: the filter's equalities, then the update (with `$setOnInsert`). */
  private upserted(filter: TFilter, update: TUpdate): TDocument {
    const seed = upsertSeed(filter) as TDocument;
    const created = applyUpdate(seed, update, { filter, now: this.store.clock.now(), inserting: true }) as TDocument;
    return documentToStore(created);
  }

  private replaceIn(batch: WriteBatch, state: CollectionState, filter: TFilter, replacement: TDocument, upsert: boolean): TUpdateResult {
    return translated(() => {
      const next = cloneValue(replacement) as TDocument;
      const [current] = findDocuments(state, filter, { limit: 1 });
      if (current) {
        if (next._id !== undefined && next._id !== current._id) {
          throw storeError(66, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(next._id)}`);
        }
        const { _id: _same, ...fields } = next;
        const stored = { _id: current._id, ...fields };
        const changed = !isEqual(stored, current);
        if (changed) batch.replace(state, current, stored);
        return { matchedCount: 1, modifiedCount: changed ? 1 : 0, upsertedCount: 0, upsertedId: null };
      }
      if (!upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
      const seededId = upsertSeed(filter)._id;
      const { _id: ownId, ...fields } = next;
      const created = documentToStore(ownId === undefined && typeof seededId === 'string' ? { _id: seededId, ...fields } : next);
      batch.insert(state, created);
      return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: created._id };
    });
  }

  private deleteIn(batch: WriteBatch, state: CollectionState, filter: TFilter, many: boolean): TDeleteResult {
    return translated(() => {
      const targets = findDocuments(state, filter, { limit: many ? 0 : 1 });
      for (const document of targets) batch.delete(state, document);
      return { deletedCount: targets.length };
    });
  }

  private applyBulkOperation(batch: WriteBatch, state: CollectionState, operation: TBulkOperation<T>, result: TBulkWriteResult): void {
    const add = (update: TUpdateResult) => {
      result.matchedCount += update.matchedCount;
      result.modifiedCount += update.modifiedCount;
      result.upsertedCount += update.upsertedCount;
    };
    if ('insertOne' in operation) {
      batch.insert(state, documentToStore(operation.insertOne.document));
      result.insertedCount++;
    } else if ('updateOne' in operation || 'updateMany' in operation) {
      const many = 'updateMany' in operation;
      const spec = 'updateMany' in operation ? operation.updateMany : operation.updateOne;
      validateUpdate(spec.update);
      add(this.updateIn(batch, state, readFilter(spec.filter), spec.update, { many, upsert: spec.upsert === true }));
    } else if ('replaceOne' in operation) {
      const spec = operation.replaceOne;
      add(this.replaceIn(batch, state, readFilter(spec.filter), spec.replacement, spec.upsert === true));
    } else if ('deleteOne' in operation) {
      result.deletedCount += this.deleteIn(batch, state, readFilter(operation.deleteOne.filter), false).deletedCount;
    } else if ('deleteMany' in operation) {
      result.deletedCount += this.deleteIn(batch, state, readFilter(operation.deleteMany.filter), true).deletedCount;
    } else {
      throw invalidArgument(`Unknown bulk operation ${Object.keys(operation).join(', ')}`);
    }
  }
}

function checkReplacement(replacement: TDocument): void {
  if (!isPlainObject(replacement)) throw invalidArgument('Replacement document must be a plain object');
  if (Object.keys(replacement).some((key) => key.startsWith('$'))) throw invalidArgument('Replacement document must not contain atomic operators');
}
