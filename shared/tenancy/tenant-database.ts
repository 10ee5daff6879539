import type {
  TBulkOperation,
  TCollection,
  TDatabase,
  TDocument,
  TFilter,
  TFindOptions,
  TUpdate,
} from '../ports/document-store.ts';

/**
 * A database bound to one tenant. Every filter, insert, update, upsert and aggregation it
 * issues carries `tenant_id`, so a request can never read or change another tenant's
 * documents; another tenant's id simply matches nothing (404). Services only ever receive
 * this, never the raw database.
 */
export interface TTenantDatabase {
  readonly tenantId: string;
  collection<T extends TDocument = TDocument>(name: string): TCollection<T>;
}

export function bindTenant(db: TDatabase, tenantId: string): TTenantDatabase {
  if (!tenantId) throw new Error('bindTenant needs a tenant id');
  return {
    tenantId,
    collection: <T extends TDocument>(name: string) => tenantCollection<T>(db.collection<T>(name), tenantId),
  };
}

const scope = (filter: TFilter | undefined, tenantId: string): TFilter => ({ ...filter, tenant_id: tenantId });

/** Removes any attempt to move a document to another tenant; upserts get the tenant from the filter. */
function scopeUpdate(update: TUpdate): TUpdate {
  const scoped: TUpdate = {};
  for (const [operator, fields] of Object.entries(update)) {
    const { tenant_id: _ignored, ...rest } = fields;
    scoped[operator] = rest;
  }
  return scoped;
}

/** `$lookup` joins only within the tenant, at any depth; stages that write elsewhere or read other collections unscoped are not allowed. */
function scopePipeline(pipeline: Record<string, unknown>[], tenantId: string): Record<string, unknown>[] {
  return [{ $match: { tenant_id: tenantId } }, ...scopeStages(pipeline, tenantId)];
}

/** The stages with every `$lookup` (also inside `$facet` and inside other look-ups) limited to the tenant. */
function scopeStages(stages: Record<string, unknown>[], tenantId: string): Record<string, unknown>[] {
  return stages.map((stage) => {
    if ('$out' in stage || '$merge' in stage || '$unionWith' in stage || '$graphLookup' in stage) {
      throw new Error('Tenant-bound aggregations cannot use $out, $merge, $unionWith or $graphLookup');
    }
    const lookup = stage.$lookup as Record<string, unknown> | undefined;
    if (lookup) {
      const inner = (lookup.pipeline as Record<string, unknown>[] | undefined) ?? [];
      return { $lookup: { ...lookup, pipeline: [{ $match: { tenant_id: tenantId } }, ...scopeStages(inner, tenantId)] } };
    }
    const facet = stage.$facet as Record<string, Record<string, unknown>[]> | undefined;
    if (facet) return { $facet: Object.fromEntries(Object.entries(facet).map(([name, branch]) => [name, scopeStages(branch, tenantId)])) };
    return stage;
  });
}

function scopeOperation<T extends TDocument>(operation: TBulkOperation<T>, tenantId: string): TBulkOperation<T> {
  if ('insertOne' in operation) return { insertOne: { document: { ...operation.insertOne.document, tenant_id: tenantId } } };
  if ('updateOne' in operation)
    return { updateOne: { ...operation.updateOne, filter: scope(operation.updateOne.filter, tenantId), update: scopeUpdate(operation.updateOne.update) } };
  if ('updateMany' in operation)
    return { updateMany: { ...operation.updateMany, filter: scope(operation.updateMany.filter, tenantId), update: scopeUpdate(operation.updateMany.update) } };
  if ('replaceOne' in operation)
    return {
      replaceOne: {
        ...operation.replaceOne,
        filter: scope(operation.replaceOne.filter, tenantId),
        replacement: { ...operation.replaceOne.replacement, tenant_id: tenantId },
      },
    };
  if ('deleteOne' in operation) return { deleteOne: { filter: scope(operation.deleteOne.filter, tenantId) } };
  return { deleteMany: { filter: scope(operation.deleteMany.filter, tenantId) } };
}

function tenantCollection<T extends TDocument>(inner: TCollection<T>, tenantId: string): TCollection<T> {
  const withTenant = (document: T): T => ({ ...document, tenant_id: tenantId });
  return {
    insertOne: (document) => inner.insertOne(withTenant(document)),
    insertMany: (documents, options) => inner.insertMany(documents.map(withTenant), options),
    find: (filter, options?: TFindOptions) => inner.find(scope(filter, tenantId), options),
    findOne: (filter, options) => inner.findOne(scope(filter, tenantId), options),
    findOneAndUpdate: (filter, update, options) => inner.findOneAndUpdate(scope(filter, tenantId), scopeUpdate(update), options),
    updateOne: (filter, update, options) => inner.updateOne(scope(filter, tenantId), scopeUpdate(update), options),
    updateMany: (filter, update, options) => inner.updateMany(scope(filter, tenantId), scopeUpdate(update), options),
    replaceOne: (filter, replacement, options) => inner.replaceOne(scope(filter, tenantId), withTenant(replacement), options),
    deleteOne: (filter) => inner.deleteOne(scope(filter, tenantId)),
    deleteMany: (filter) => inner.deleteMany(scope(filter, tenantId)),
    countDocuments: (filter) => inner.countDocuments(scope(filter, tenantId)),
    aggregate: (pipeline) => inner.aggregate(scopePipeline(pipeline, tenantId)),
    bulkWrite: (operations, options) => inner.bulkWrite(operations.map((operation) => scopeOperation(operation, tenantId)), options),
    createIndex: () => Promise.reject(new Error('Indexes are declared in shared/indexes.ts, not per tenant')),
  };
}
