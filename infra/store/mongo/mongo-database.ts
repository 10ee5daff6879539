import type { AnyBulkWriteOperation, Collection, Filter, UpdateFilter } from 'mongodb';
import type {
  TBulkOperation,
  TCollection,
  TCursor,
  TDatabase,
  TDocument,
  TFilter,
  TUpdate,
  TUpdateResult,
} from '../../../shared/ports/document-store.ts';

/**
 * The document-store port over the official `mongodb` driver (production: MongoDB Atlas).
 * A thin wrapper: results are narrowed to the port's shapes and errors are the driver's own
 * (`MongoServerError`, `MongoBulkWriteError`), which the embedded store imitates.
 *
 * Documents use string `_id`s chosen by the application. An upsert whose filter names no `_id`
 * gets an ObjectId-shaped *string* `_id` through `$setOnInsert`, so both stores only ever hold
 * string ids. The driver is loaded with `import()` on first open: code that never talks to
 * MongoDB does not pay the ~100 ms it takes to load.
 */
export async function openMongoDatabase(options: { uri: string; dbName: string }): Promise<TDatabase> {
  const { MongoClient, ObjectId } = await import('mongodb');
  const client = new MongoClient(options.uri, { appName: 'dealcycle' });
  await client.connect();
  const db = client.db(options.dbName);
  const newId = () => new ObjectId().toHexString();
  return {
    collection: <T extends TDocument = TDocument>(name: string) => mongoCollection<T>(db.collection<TDocument>(name), newId),
    ping: async () => {
      await db.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}

/** Whether an upsert would take `_id` from the filter (equality at top level or in `$and`). */
function filterFixesId(filter: TFilter): boolean {
  if ('_id' in filter) {
    const id = filter._id;
    const isOperator = typeof id === 'object' && id !== null && !Array.isArray(id) && Object.keys(id).some((key) => key.startsWith('$'));
    if (!isOperator || '$eq' in (id as Record<string, unknown>)) return true;
  }
  const and = filter.$and;
  return Array.isArray(and) && and.some((part) => typeof part === 'object' && part !== null && filterFixesId(part as TFilter));
}

function withStringIdOnInsert(filter: TFilter, update: TUpdate, newId: () => string): TUpdate {
  if (filterFixesId(filter) || (update.$set && '_id' in update.$set) || (update.$setOnInsert && '_id' in update.$setOnInsert)) return update;
  return { ...update, $setOnInsert: { ...update.$setOnInsert, _id: newId() } };
}

const toUpdateResult = (result: { matchedCount: number; modifiedCount: number; upsertedCount: number; upsertedId: unknown }): TUpdateResult => ({
  matchedCount: result.matchedCount,
  modifiedCount: result.modifiedCount,
  upsertedCount: result.upsertedCount,
  upsertedId: result.upsertedId === null || result.upsertedId === undefined ? null : String(result.upsertedId),
});

function mongoCollection<T extends TDocument>(collection: Collection<TDocument>, newId: () => string): TCollection<T> {
  const query = (filter: TFilter | undefined) => (filter ?? {}) as Filter<TDocument>;
  const modifier = (update: TUpdate) => update as UpdateFilter<TDocument>;
  const upsertUpdate = (filter: TFilter, update: TUpdate, upsert: boolean | undefined) => modifier(upsert ? withStringIdOnInsert(filter, update, newId) : update);

  const bulkOperation = (operation: TBulkOperation<T>): AnyBulkWriteOperation<TDocument> => {
    if ('updateOne' in operation) {
      const { filter, update, upsert } = operation.updateOne;
      return { updateOne: { filter: query(filter), update: upsertUpdate(filter, update, upsert), ...(upsert === undefined ? {} : { upsert }) } };
    }
    if ('updateMany' in operation) {
      const { filter, update, upsert } = operation.updateMany;
      return { updateMany: { filter: query(filter), update: upsertUpdate(filter, update, upsert), ...(upsert === undefined ? {} : { upsert }) } };
    }
    if ('replaceOne' in operation) {
      const { filter, replacement, upsert } = operation.replaceOne;
      return { replaceOne: { filter: query(filter), replacement, ...(upsert === undefined ? {} : { upsert }) } };
    }
    if ('insertOne' in operation) return { insertOne: { document: operation.insertOne.document } };
    if ('deleteOne' in operation) return { deleteOne: { filter: query(operation.deleteOne.filter) } };
    return { deleteMany: { filter: query(operation.deleteMany.filter) } };
  };

  return {
    insertOne: async (document) => {
      const result = await collection.insertOne(document);
      return { insertedId: String(result.insertedId) };
    },
    insertMany: async (documents, options) => {
      const result = await collection.insertMany(documents, { ordered: options?.ordered ?? true });
      return { insertedCount: result.insertedCount };
    },
    find: (filter, options) => collection.find(query(filter), options ?? {}) as unknown as TCursor<T>,
    findOne: async (filter, options) => (await collection.findOne(query(filter), options ?? {})) as T | null,
    findOneAndUpdate: async (filter, update, options = {}) =>
      (await collection.findOneAndUpdate(query(filter), upsertUpdate(filter, update, options.upsert), {
        returnDocument: options.returnDocument ?? 'before',
        ...(options.upsert === undefined ? {} : { upsert: options.upsert }),
        ...(options.sort ? { sort: options.sort } : {}),
        ...(options.projection ? { projection: options.projection } : {}),
      })) as T | null,
    updateOne: async (filter, update, options = {}) => toUpdateResult(await collection.updateOne(query(filter), upsertUpdate(filter, update, options.upsert), options)),
    updateMany: async (filter, update, options = {}) => toUpdateResult(await collection.updateMany(query(filter), upsertUpdate(filter, update, options.upsert), options)),
    replaceOne: async (filter, replacement, options = {}) => toUpdateResult(await collection.replaceOne(query(filter), replacement, options)),
    deleteOne: async (filter) => ({ deletedCount: (await collection.deleteOne(query(filter))).deletedCount }),
    deleteMany: async (filter) => ({ deletedCount: (await collection.deleteMany(query(filter))).deletedCount }),
    countDocuments: (filter) => collection.countDocuments(query(filter)),
    aggregate: <R>(pipeline: Record<string, unknown>[]) => collection.aggregate(pipeline) as unknown as TCursor<R>,
    bulkWrite: async (operations, options) => {
      const result = await collection.bulkWrite(operations.map(bulkOperation), { ordered: options?.ordered ?? true });
      return {
        insertedCount: result.insertedCount,
        matchedCount: result.matchedCount,
        modifiedCount: result.modifiedCount,
        deletedCount: result.deletedCount,
        upsertedCount: result.upsertedCount,
      };
    },
    createIndex: (keys, options = {}) => collection.createIndex(keys, options),
  };
}
