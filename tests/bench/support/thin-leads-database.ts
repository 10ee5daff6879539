import type { TCollection, TCursor, TDatabase, TDocument, TFilter } from '../../../shared/ports/document-store.ts';

/** The fields an import's duplicate checks look leads up by. */
const KEYS = ['phone', 'other_phones', 'email', 'address_key'] as const;

/** Delegates every member to `target`, except those `overrides` replaces. */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(inner, key) {
      if (key in overrides) return (overrides as Record<PropertyKey, unknown>)[key];
      const value: unknown = Reflect.get(inner, key);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}

const cursor = <T>(items: T[]): TCursor<T> => ({
  toArray: async () => items,
  async *[Symbol.asyncIterator]() {
    yield* items;
  },
});

/**
 * A `leads` collection that keeps only what an import's duplicate checks read back (id, name and
 * the four keys) in hash maps, and answers only the lookups an import makes (`{tenant_id, <key>:
 * {$in: […]}}`, counts). Running an import against it measures the import pipeline itself —
 * reading, building, deduplicating, batching, progress — without the cost and memory of storing
 * and indexing full lead documents, which in production MongoDB does outside the process.
 */
function thinLeads<T extends TDocument>(): TCollection<T> {
  const byKey = new Map<string, Map<string, T>>(KEYS.map((key) => [key, new Map()]));
  let count = 0;
  const insert = (document: T) => {
    const thin = { _id: document._id, full_name: document.full_name } as unknown as T;
    for (const key of KEYS) {
      const values = document[key];
      for (const value of Array.isArray(values) ? values : [values]) if (typeof value === 'string') byKey.get(key)?.set(value, thin);
    }
    count++;
  };
  const unsupported = () => Promise.reject(new Error('Not supported by the thin leads collection'));
  return {
    insertOne: async (document) => {
      insert(document);
      return { insertedId: document._id };
    },
    insertMany: async (documents) => {
      for (const document of documents) insert(document);
      return { insertedCount: documents.length };
    },
    find: (filter: TFilter) => {
      const key = KEYS.find((candidate) => candidate in filter);
      const wanted = key ? ((filter[key] as { $in?: string[] }).$in ?? []) : [];
      const found = new Map<string, T>();
      for (const value of wanted) {
        const document = key ? byKey.get(key)?.get(value) : undefined;
        if (document) found.set(document._id, document);
      }
      return cursor([...found.values()]);
    },
    countDocuments: async () => count,
    findOne: unsupported,
    findOneAndUpdate: unsupported,
    updateOne: unsupported,
    updateMany: unsupported,
    replaceOne: unsupported,
    deleteOne: unsupported,
    deleteMany: unsupported,
    aggregate: () => cursor([]),
    bulkWrite: unsupported,
    createIndex: async () => 'thin',
  };
}

/** The embedded store for everything but `leads`, which is thin (see `thinLeads`). */
export function thinLeadsDatabase(db: TDatabase): TDatabase {
  const leads = thinLeads();
  return delegate(db, {
    collection<T extends TDocument>(name: string): TCollection<T> {
      return name === 'leads' ? (leads as unknown as TCollection<T>) : db.collection<T>(name);
    },
  });
}
