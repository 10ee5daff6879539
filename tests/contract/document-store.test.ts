/**
 * The document-store contract: one set of behaviours, run against the embedded store always and
 * against a real MongoDB as well when MONGODB_URI is set (a throwaway database, dropped after).
 * Expectations are MongoDB's documented behaviour; the embedded store must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { openMongoDatabase } from '../../infra/store/mongo/mongo-database.ts';
import type { TCollection, TDatabase, TDocument, TFilter } from '../../shared/ports/document-store.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { seeded } from '../support/seeded-random.ts';

interface TTarget {
  name: string;
  open: () => Promise<TDatabase>;
  cleanup: () => Promise<void>;
}

const mongoUri = process.env.MONGODB_URI;
const mongoDbName = `dealcycle_contract_${process.pid}_${Date.now()}`;

const targets: TTarget[] = [
  { name: 'embedded store', open: () => openEmbeddedDatabase({ name: 'contract' }), cleanup: async () => {} },
  ...(mongoUri
    ? [
        {
          name: 'MongoDB',
          open: () => openMongoDatabase({ uri: mongoUri, dbName: mongoDbName }),
          cleanup: async () => {
            const { MongoClient } = await import('mongodb');
            const client = await MongoClient.connect(mongoUri);
            await client.db(mongoDbName).dropDatabase();
            await client.close();
          },
        },
      ]
    : []),
];

/** The error a promise rejects with, as a record (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}

const ids = (documents: TDocument[]): string[] => documents.map((document) => document._id);
const sortedIds = (documents: TDocument[]): string[] => ids(documents).sort();

const people: TDocument[] = [
  { _id: 'p1', name: 'Ann', age: 31, tags: ['vip', 'cash'], address: { city: 'Austin', zip: '78701' }, joined: new Date('2026-01-05T10:00:00Z'), score: null },
  { _id: 'p2', name: 'Bob', age: 25, tags: ['cash'], address: { city: 'Dallas', zip: '75201' }, joined: new Date('2026-02-10T10:00:00Z') },
  { _id: 'p3', name: 'Cid', age: 42, tags: [], address: { city: 'Austin', zip: '78702' }, joined: new Date('2026-03-15T10:00:00Z'), score: 7 },
  {
    _id: 'p4',
    name: 'Dee',
    age: 25,
    address: { city: 'Houston' },
    joined: new Date('2026-03-20T10:00:00Z'),
    score: 3,
    history: [
      { status: 'new', by: 'u1' },
      { status: 'contacted', by: 'u2' },
    ],
  },
  { _id: 'p5', name: 'eve', tags: ['vip'], joined: new Date('2025-12-31T23:00:00Z'), history: [{ status: 'new', by: 'u2' }] },
];

const filterCases: [string, TFilter, string[]][] = [
  ['equality', { age: 25 }, ['p2', 'p4']],
  ['$gt', { age: { $gt: 25 } }, ['p1', 'p3']],
  ['a closed range', { age: { $gte: 25, $lt: 40 } }, ['p1', 'p2', 'p4']],
  ['$ne (missing fields count as not equal)', { age: { $ne: 25 } }, ['p1', 'p3', 'p5']],
  ['$in', { age: { $in: [31, 42] } }, ['p1', 'p3']],
  ['$nin', { age: { $nin: [25] } }, ['p1', 'p3', 'p5']],
  ['$exists: false', { age: { $exists: false } }, ['p5']],
  ['null (matches null and missing)', { score: null }, ['p1', 'p2', 'p5']],
  ['$exists: true (null exists)', { score: { $exists: true } }, ['p1', 'p3', 'p4']],
  ['an array element', { tags: 'vip' }, ['p1', 'p5']],
  ['$all', { tags: { $all: ['vip', 'cash'] } }, ['p1']],
  ['$size', { tags: { $size: 0 } }, ['p3']],
  ['a dotted path into an object', { 'address.city': 'Austin' }, ['p1', 'p3']],
  ['a dotted path into an array of objects', { 'history.status': 'contacted' }, ['p4']],
  ['$elemMatch', { history: { $elemMatch: { status: 'new', by: 'u2' } } }, ['p5']],
  ['$regex with options', { name: { $regex: '^[a-c]', $options: 'i' } }, ['p1', 'p2', 'p3']],
  ['$or', { $or: [{ age: 42 }, { name: 'eve' }] }, ['p3', 'p5']],
  ['$nor', { $nor: [{ age: 25 }, { tags: 'vip' }] }, ['p3']],
  ['$not', { age: { $not: { $gt: 30 } } }, ['p2', 'p4', 'p5']],
  ['a date lower bound', { joined: { $gte: new Date('2026-03-01T00:00:00Z') } }, ['p3', 'p4']],
  ['a date upper bound', { joined: { $lt: new Date('2026-01-01T00:00:00Z') } }, ['p5']],
  ['$and with $in on a dotted path', { $and: [{ age: { $gte: 25 } }, { 'address.city': { $in: ['Dallas', 'Houston'] } }] }, ['p2', 'p4']],
  ['$expr', { $expr: { $gt: ['$age', 30] } }, ['p1', 'p3']],
  ['$type', { score: { $type: 'number' } }, ['p3', 'p4']],
  ['a range on an array (any element within)', { tags: { $gte: 'cat', $lt: 'w' } }, ['p1', 'p5']],
  ['$regex on an array', { tags: { $regex: '^c' } }, ['p1', 'p2']],
  ['$regex on a non-string field', { age: { $regex: '2' } }, []],
  ['$ne on an array (no element equal; missing counts)', { tags: { $ne: 'cash' } }, ['p3', 'p4', 'p5']],
  ['$nin on an array', { tags: { $nin: ['vip', 'gold'] } }, ['p2', 'p3', 'p4']],
  ['$in on an array', { tags: { $in: ['gold', 'cash'] } }, ['p1', 'p2']],
  ['null (an array without null elements does not match)', { tags: null }, ['p4']],
  ['$and of conditions on one array', { $and: [{ tags: 'vip' }, { tags: { $regex: '^ca' } }] }, ['p1']],
  ['$or inside $and', { $and: [{ age: { $gte: 25 } }, { $or: [{ tags: 'vip' }, { 'address.city': 'Houston' }] }] }, ['p1', 'p4']],
  ['$or with a range and an _id tie-break', { $or: [{ age: { $gt: 31 } }, { age: 31, _id: { $gt: 'p0' } }] }, ['p1', 'p3']],
];


describe.each(targets)('document store contract: $name', (target) => {
  let db: TDatabase;
  let counter = 0;
  const freshName = (): string => `c${Date.now().toString(36)}_${++counter}`;
  const fresh = <T extends TDocument = TDocument>(): TCollection<T> => db.collection<T>(freshName());

  beforeAll(async () => {
    db = await target.open();
  });

  afterAll(async () => {
    await db.close();
    await target.cleanup();
  });

  describe('inserting and reading', () => {
    it('returns an inserted document unchanged, Dates (also nested and in arrays) as Dates', async () => {
      const collection = fresh();
      const document = {
        _id: 'd1',
        at: new Date('2026-05-01T12:34:56.789Z'),
        nested: { at: new Date('2026-05-02T00:00:00Z'), list: [new Date('2026-05-03T00:00:00Z'), { at: new Date(0) }] },
        text: 'ü€😀',
        number: 1.5,
        flag: false,
        nothing: null,
      };
      expect(await collection.insertOne(document)).toEqual({ insertedId: 'd1' });
      const found = await collection.findOne({ _id: 'd1' });
      expect(found).toEqual(document);
      expect(found?.at).toBeInstanceOf(Date);
      expect((found?.nested as { list: unknown[] }).list[0]).toBeInstanceOf(Date);
    });

    it('inserts many documents and counts them', async () => {
      const collection = fresh();
      expect(await collection.insertMany(people)).toEqual({ insertedCount: 5 });
      expect(await collection.countDocuments()).toBe(5);
      expect(await collection.countDocuments({ age: 25 })).toBe(2);
    });

    it('returns null from findOne when nothing matches', async () => {
      expect(await fresh().findOne({ _id: 'missing' })).toBeNull();
    });

    it('rejects a duplicate _id with MongoDB duplicate key error', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'a', n: 1 });
      const error = await rejection(collection.insertOne({ _id: 'a', n: 2 }));
      expect(error).toMatchObject({ name: 'MongoServerError', code: 11000, keyValue: { _id: 'a' } });
      expect(String(error.message)).toMatch(/^E11000 duplicate key error collection: \S+\.c\w+ index: _id_ dup key: \{ _id: "a" \}$/);
      expect(await collection.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
    });

    it('stops an ordered insertMany at the first duplicate and reports what was inserted', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'b' });
      const error = await rejection(collection.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]));
      expect(error).toMatchObject({ name: 'MongoBulkWriteError', code: 11000, insertedCount: 1 });
      expect(error.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
      expect(sortedIds(await collection.find({}).toArray())).toEqual(['a', 'b']);
    });

    it('continues an unordered insertMany past duplicates and reports each one', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'b' });
      const error = await rejection(collection.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }, { _id: 'a' }], { ordered: false }));
      expect(error).toMatchObject({ name: 'MongoBulkWriteError', code: 11000, insertedCount: 2 });
      expect(error.writeErrors).toMatchObject([
        { index: 1, code: 11000 },
        { index: 3, code: 11000 },
      ]);
      expect(sortedIds(await collection.find({}).toArray())).toEqual(['a', 'b', 'c']);
    });
  });

  describe('query operators', () => {
    let plain: TCollection;
    let indexed: TCollection;

    beforeAll(async () => {
      plain = fresh();
      indexed = fresh();
      await plain.insertMany(people);
      for (const keys of [{ age: 1 }, { 'address.city': 1, age: -1 }, { joined: -1 }, { tags: 1 }, { score: 1 }, { name: 1 }] as Record<string, 1 | -1>[]) {
        await indexed.createIndex(keys);
      }
      await indexed.insertMany(people);
    });

    it.each(filterCases)('matches %s', async (_label, filter, expected) => {
      expect(sortedIds(await plain.find(filter).toArray())).toEqual(expected);
      expect(await plain.countDocuments(filter)).toBe(expected.length);
    });

    it.each(filterCases)('matches %s the same way when indexes exist', async (_label, filter, expected) => {
      expect(sortedIds(await indexed.find(filter).toArray())).toEqual(expected);
      expect(await indexed.countDocuments(filter)).toBe(expected.length);
    });

    it.each([
      ['missing values first, then by a second key', { age: 1, name: 1 }, {}, ['p5', 'p2', 'p4', 'p1', 'p3']],
      ['descending with skip and limit', { age: -1, _id: 1 }, { skip: 1, limit: 2 }, ['p1', 'p2']],
      ['dates, newest first', { joined: -1 }, { limit: 2 }, ['p4', 'p3']],
      ['a dotted path, then _id descending', { 'address.city': 1, _id: -1 }, {}, ['p5', 'p3', 'p1', 'p2', 'p4']],
      ['an array field (its smallest element, ascending), matching one element', { tags: 1 }, { filter: { tags: 'vip' }, limit: 10 }, ['p1', 'p5']],
      ['an array field (its largest element, descending)', { tags: -1, _id: 1 }, { filter: { tags: { $in: ['vip', 'cash'] } } }, ['p1', 'p5', 'p2']],
    ] as [string, Record<string, 1 | -1>, { skip?: number; limit?: number; filter?: TFilter }, string[]][])('sorts by %s', async (_label, sort, { filter = {}, ...page }, expected) => {
      expect(ids(await plain.find(filter, { sort, ...page }).toArray())).toEqual(expected);
      expect(ids(await indexed.find(filter, { sort, ...page }).toArray())).toEqual(expected);
    });

    it('projects included fields (with _id unless excluded), excluded fields and nested paths', async () => {
      expect(await plain.findOne({ _id: 'p1' }, { projection: { name: 1, age: 1 } })).toEqual({ _id: 'p1', name: 'Ann', age: 31 });
      expect(await plain.findOne({ _id: 'p1' }, { projection: { _id: 0, name: 1 } })).toEqual({ name: 'Ann' });
      expect(await plain.findOne({ _id: 'p2' }, { projection: { tags: 0, address: 0, joined: 0 } })).toEqual({ _id: 'p2', name: 'Bob', age: 25 });
      expect(await plain.findOne({ _id: 'p1' }, { projection: { 'address.city': 1 } })).toEqual({ _id: 'p1', address: { city: 'Austin' } });
      expect(await plain.findOne({ _id: 'p4' }, { projection: { 'history.by': 1 } })).toEqual({ _id: 'p4', history: [{ by: 'u1' }, { by: 'u2' }] });
    });

    it('iterates a cursor with for await in the same order as toArray', async () => {
      const seen: string[] = [];
      for await (const document of plain.find({}, { sort: { _id: -1 } })) seen.push(document._id);
      expect(seen).toEqual(['p5', 'p4', 'p3', 'p2', 'p1']);
    });
  });

  describe('list queries on indexes', () => {
    const statuses = ['new', 'contacted', 'qualified', 'dead'];
    const random = seeded(7);
    const leads = Array.from({ length: 600 }, (_, i) => ({
      _id: `lead_${String(i).padStart(4, '0')}`,
      tenant_id: `t${Math.floor(random() * 3)}`,
      status: statuses[Math.floor(random() * statuses.length)] as string,
      score: Math.floor(random() * 100),
      created_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 90 * 86_400_000)),
    }));
    let collection: TCollection<(typeof leads)[number]>;

    beforeAll(async () => {
      collection = fresh();
      await collection.createIndex({ tenant_id: 1, created_at: -1 });
      await collection.createIndex({ tenant_id: 1, status: 1, score: -1 });
      await collection.insertMany(leads.slice(0, 300));
      for (const lead of leads.slice(300)) await collection.insertOne(lead);
      await collection.deleteMany({ score: { $lt: 5 } });
      await collection.updateMany({ status: 'dead' }, { $inc: { score: 1 } });
    });

    const expected = (keep: (lead: (typeof leads)[number]) => boolean, order: (a: (typeof leads)[number], b: (typeof leads)[number]) => number) =>
      leads
        .filter((lead) => lead.score >= 5)
        .map((lead) => (lead.status === 'dead' ? { ...lead, score: lead.score + 1 } : lead))
        .filter(keep)
        .sort(order)
        .map((lead) => lead._id);
    const newestFirst = (a: { created_at: Date; _id: string }, b: { created_at: Date; _id: string }) => b.created_at.getTime() - a.created_at.getTime() || a._id.localeCompare(b._id);

    it('lists the newest documents of one tenant with an extra equality filter, page by page', async () => {
      const all = expected((lead) => lead.tenant_id === 't1' && lead.status === 'qualified', newestFirst);
      const page = await collection.find({ tenant_id: 't1', status: 'qualified' }, { sort: { created_at: -1, _id: 1 }, skip: 10, limit: 20 }).toArray();
      expect(ids(page)).toEqual(all.slice(10, 30));
    });

    it('lists the newest documents of one tenant within a date range', async () => {
      const from = new Date(Date.UTC(2026, 1, 1));
      const to = new Date(Date.UTC(2026, 2, 1));
      const all = expected((lead) => lead.tenant_id === 't2' && lead.created_at >= from && lead.created_at < to, newestFirst);
      const page = await collection.find({ tenant_id: 't2', created_at: { $gte: from, $lt: to } }, { sort: { created_at: -1, _id: 1 }, limit: 25 }).toArray();
      expect(ids(page)).toEqual(all.slice(0, 25));
      expect(await collection.countDocuments({ tenant_id: 't2', created_at: { $gte: from, $lt: to } })).toBe(all.length);
    });

    it('lists by score within statuses, oldest first, with a selective filter', async () => {
      const all = expected(
        (lead) => lead.tenant_id === 't0' && ['new', 'dead'].includes(lead.status) && lead.score > 90,
        (a, b) => a.created_at.getTime() - b.created_at.getTime() || a._id.localeCompare(b._id),
      );
      const found = await collection.find({ tenant_id: 't0', status: { $in: ['new', 'dead'] }, score: { $gt: 90 } }, { sort: { created_at: 1, _id: 1 } }).toArray();
      expect(ids(found)).toEqual(all);
    });

    it('counts a tenant and a tenant status exactly', async () => {
      expect(await collection.countDocuments({ tenant_id: 't0' })).toBe(expected((lead) => lead.tenant_id === 't0', newestFirst).length);
      expect(await collection.countDocuments({ tenant_id: 't0', status: 'new' })).toBe(expected((lead) => lead.tenant_id === 't0' && lead.status === 'new', newestFirst).length);
    });
  });

  describe('update operators', () => {
    const base = { _id: 'u', n: 5, list: [1, 2, 3], tags: ['a'], nested: { x: 1 }, at: new Date('2026-01-10T00:00:00Z') };

    it.each([
      ['$set creates nested paths', { $set: { 'deep.er.value': 1, n: 6 } }, { n: 6, deep: { er: { value: 1 } } }],
      ['$unset removes fields', { $unset: { n: '', 'nested.x': '' } }, { nested: {} }],
      ['$inc adds to existing and missing fields', { $inc: { n: 2, fresh: 3 } }, { n: 7, fresh: 3 }],
      ['$push appends', { $push: { list: 4 } }, { list: [1, 2, 3, 4] }],
      ['$push with $each and $slice keeps the last items', { $push: { list: { $each: [4, 5], $slice: -3 } } }, { list: [3, 4, 5] }],
      ['$push creates a missing array', { $push: { fresh: 'x' } }, { fresh: ['x'] }],
      ['$addToSet skips present values', { $addToSet: { tags: { $each: ['a', 'b', 'b'] } } }, { tags: ['a', 'b'] }],
      ['$pull removes matching values', { $pull: { list: { $gte: 2 } } }, { list: [1] }],
      ['$min keeps the smaller value', { $min: { n: 3, at: new Date('2026-02-01T00:00:00Z') } }, { n: 3, at: new Date('2026-01-10T00:00:00Z') }],
      ['$max keeps the larger value', { $max: { n: 3, at: new Date('2026-02-01T00:00:00Z') } }, { n: 5, at: new Date('2026-02-01T00:00:00Z') }],
      ['$setOnInsert does nothing to an existing document', { $setOnInsert: { created: true }, $set: { n: 1 } }, { n: 1 }],
    ] as [string, Record<string, Record<string, unknown>>, Record<string, unknown>][])('%s', async (_label, update, changes) => {
      const collection = fresh();
      await collection.insertOne(base);
      const result = await collection.updateOne({ _id: 'u' }, update);
      expect(result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      const expectedDocument: Record<string, unknown> = { ...base, ...changes };
      if ('$unset' in update) delete expectedDocument.n;
      expect(await collection.findOne({ _id: 'u' })).toEqual(expectedDocument);
    });

    it('counts matched and modified documents separately (a no-op $set modifies nothing)', async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 'a', status: 'new' },
        { _id: 'b', status: 'new' },
        { _id: 'c', status: 'old' },
      ]);
      expect(await collection.updateMany({}, { $set: { status: 'new' } })).toEqual({ matchedCount: 3, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await collection.updateOne({ _id: 'zzz' }, { $set: { status: 'x' } })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null });
    });

    it('upserts from the filter equalities, dotted paths and $and included, then applies $set and $setOnInsert', async () => {
      const collection = fresh();
      const result = await collection.updateOne(
        { tenant_id: 't1', 'address.city': 'Austin', kind: { $eq: 'seller' }, score: { $gt: 5 }, $and: [{ status: 'new' }] },
        { $set: { name: 'Ann' }, $setOnInsert: { created_at: new Date('2026-01-01T00:00:00Z') }, $inc: { visits: 1 } },
        { upsert: true },
      );
      expect(result).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
      expect(typeof result.upsertedId).toBe('string');
      const created = await collection.findOne({ _id: result.upsertedId as string });
      expect(created).toEqual({
        _id: result.upsertedId,
        tenant_id: 't1',
        address: { city: 'Austin' },
        kind: 'seller',
        status: 'new',
        name: 'Ann',
        created_at: new Date('2026-01-01T00:00:00Z'),
        visits: 1,
      });
    });

    it('upserts once and matches the created document afterwards, keeping the filter _id', async () => {
      const collection = fresh();
      const update = { $inc: { count: 1 }, $setOnInsert: { first: true } };
      expect(await collection.updateOne({ _id: 'k1' }, update, { upsert: true })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'k1' });
      expect(await collection.updateOne({ _id: 'k1' }, update, { upsert: true })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await collection.find({}).toArray()).toEqual([{ _id: 'k1', count: 2, first: true }]);
    });

    it.each([
      ['$inc on a string', { $inc: { name: 1 } }, 14],
      ['changing _id', { $set: { _id: 'other' } }, 66],
      ['two operators on one path', { $set: { n: 1 }, $inc: { n: 1 } }, 40],
      ['a path and its parent', { $set: { nested: {}, 'nested.x': 2 } }, 40],
    ] as [string, Record<string, Record<string, unknown>>, number][])('refuses %s with the server error code', async (_label, update, code) => {
      const collection = fresh();
      await collection.insertOne({ _id: 'e', name: 'x', n: 1, nested: { x: 1 } });
      expect(await rejection(collection.updateOne({ _id: 'e' }, update))).toMatchObject({ name: 'MongoServerError', code });
      expect(await collection.findOne({ _id: 'e' })).toEqual({ _id: 'e', name: 'x', n: 1, nested: { x: 1 } });
    });

    it('refuses an update without operators', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'r', n: 1 });
      const error = await rejection(collection.updateOne({ _id: 'r' }, { n: 2 } as unknown as Record<string, Record<string, unknown>>));
      expect(String(error.message)).toMatch(/atomic operators/);
    });
  });

  describe('findOneAndUpdate', () => {
    it('returns the document before the update by default, and after on request', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'f', n: 1 });
      expect(await collection.findOneAndUpdate({ _id: 'f' }, { $inc: { n: 1 } })).toEqual({ _id: 'f', n: 1 });
      expect(await collection.findOneAndUpdate({ _id: 'f' }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({ _id: 'f', n: 3 });
      expect(await collection.findOneAndUpdate({ _id: 'zz' }, { $inc: { n: 1 } })).toBeNull();
    });

    it('updates the first document in sort order and projects the result', async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 'j1', status: 'queued', priority: 2, payload: 'a' },
        { _id: 'j2', status: 'queued', priority: 5, payload: 'b' },
        { _id: 'j3', status: 'done', priority: 9, payload: 'c' },
      ]);
      const claimed = await collection.findOneAndUpdate(
        { status: 'queued' },
        { $set: { status: 'running' } },
        { sort: { priority: -1 }, returnDocument: 'after', projection: { status: 1 } },
      );
      expect(claimed).toEqual({ _id: 'j2', status: 'running' });
    });

    it('upserts: returns null before, and the created document after', async () => {
      const collection = fresh();
      expect(await collection.findOneAndUpdate({ _id: 'x1' }, { $set: { a: 1 } }, { upsert: true })).toBeNull();
      expect(await collection.findOneAndUpdate({ _id: 'x2' }, { $set: { a: 2 } }, { upsert: true, returnDocument: 'after' })).toEqual({ _id: 'x2', a: 2 });
      expect(await collection.countDocuments()).toBe(2);
    });
  });

  describe('replacing and deleting', () => {
    it('replaces a whole document, keeping its _id, and upserts with the filter _id', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'r1', a: 1, b: 2 });
      expect(await collection.replaceOne({ a: 1 }, { _id: 'r1', c: 3 })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
      expect(await collection.findOne({ _id: 'r1' })).toEqual({ _id: 'r1', c: 3 });
      expect(await collection.replaceOne({ _id: 'r2' }, { _id: 'r2', d: 4 }, { upsert: true })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'r2' });
      expect(await collection.findOne({ _id: 'r2' })).toEqual({ _id: 'r2', d: 4 });
    });

    it('refuses a replacement that changes _id', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'r1', a: 1 });
      expect(await rejection(collection.replaceOne({ _id: 'r1' }, { _id: 'r9', a: 2 }))).toMatchObject({ code: 66 });
    });

    it('deletes one or all matching documents', async () => {
      const collection = fresh();
      await collection.insertMany(people);
      expect(await collection.deleteOne({ age: 25 })).toEqual({ deletedCount: 1 });
      expect(await collection.countDocuments({ age: 25 })).toBe(1);
      expect(await collection.deleteMany({ tags: 'vip' })).toEqual({ deletedCount: 2 });
      expect(await collection.deleteMany({ tags: 'vip' })).toEqual({ deletedCount: 0 });
      expect(await collection.countDocuments()).toBe(2);
    });
  });

  describe('aggregation', () => {
    // $lookup names collections, so these are named.
    let dealsName: string;
    let buyerName: string;
    let communicationsName: string;
    let deals: TCollection;
    let buyers: TCollection;
    let communications: TCollection;

    beforeAll(async () => {
      [dealsName, buyerName, communicationsName] = [freshName(), freshName(), freshName()];
      deals = db.collection(dealsName);
      buyers = db.collection(buyerName);
      communications = db.collection(communicationsName);
      await buyers.insertMany([
        { _id: 'b1', tenant_id: 't1', name: 'Cash Co' },
        { _id: 'b2', tenant_id: 't1', name: 'Flip LLC' },
        { _id: 'b9', tenant_id: 't2', name: 'Other tenant' },
      ]);
      await deals.insertMany([
        { _id: 'd1', tenant_id: 't1', status: 'open', price: 100, buyer_id: 'b1', closed_at: new Date('2026-03-10T03:00:00Z') },
        { _id: 'd2', tenant_id: 't1', status: 'open', price: 300, buyer_id: 'b2', closed_at: new Date('2026-03-10T15:00:00Z') },
        { _id: 'd3', tenant_id: 't1', status: 'closed', price: 200, buyer_id: 'b1', closed_at: new Date('2026-03-31T23:30:00Z') },
        { _id: 'd4', tenant_id: 't1', status: 'closed', price: 50, buyer_id: 'b9', closed_at: new Date('2026-04-01T12:00:00Z') },
        { _id: 'd5', tenant_id: 't2', status: 'open', price: 999, buyer_id: 'b9', closed_at: new Date('2026-04-02T12:00:00Z') },
      ]);
      await communications.insertMany([
        { _id: 'm1', tenant_id: 't1', deal_id: 'd1', direction: 'inbound', at: new Date('2026-03-01T00:00:00Z') },
        { _id: 'm2', tenant_id: 't1', deal_id: 'd1', direction: 'outbound', at: new Date('2026-03-02T00:00:00Z') },
        { _id: 'm3', tenant_id: 't1', deal_id: 'd1', direction: 'inbound', at: new Date('2026-03-03T00:00:00Z') },
        { _id: 'm4', tenant_id: 't1', deal_id: 'd2', direction: 'inbound', at: new Date('2026-03-04T00:00:00Z') },
      ]);
    });

    it('groups with accumulators and sorts the groups', async () => {
      const rows = await deals
        .aggregate([
          { $match: { tenant_id: 't1' } },
          { $sort: { _id: 1 } },
          { $group: { _id: '$status', total: { $sum: '$price' }, average: { $avg: '$price' }, deals: { $push: '$_id' }, count: { $sum: 1 } } },
          { $sort: { total: -1 } },
        ])
        .toArray();
      expect(rows).toEqual([
        { _id: 'open', total: 400, average: 200, deals: ['d1', 'd2'], count: 2 },
        { _id: 'closed', total: 250, average: 125, deals: ['d3', 'd4'], count: 2 },
      ]);
    });

    it('counts with $count, and returns nothing for no matches', async () => {
      expect(await deals.aggregate([{ $match: { status: 'open' } }, { $count: 'n' }]).toArray()).toEqual([{ n: 3 }]);
      expect(await deals.aggregate([{ $match: { status: 'none' } }, { $count: 'n' }]).toArray()).toEqual([]);
    });

    it('runs several sub-pipelines with $facet', async () => {
      const [result] = await deals
        .aggregate([
          { $match: { tenant_id: 't1' } },
          {
            $facet: {
              byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
              top: [{ $sort: { price: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
              total: [{ $count: 'n' }],
            },
          },
        ])
        .toArray();
      expect(result).toEqual({
        byStatus: [
          { _id: 'closed', n: 2 },
          { _id: 'open', n: 2 },
        ],
        top: [{ _id: 'd2' }],
        total: [{ n: 4 }],
      });
    });

    it('truncates dates with $dateTrunc in a time zone', async () => {
      const rows = await deals
        .aggregate([
          { $match: { tenant_id: 't1' } },
          {
            $group: {
              _id: { $dateTrunc: { date: '$closed_at', unit: 'day', timezone: 'America/Chicago' } },
              n: { $sum: 1 },
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      // 2026-03-10T03:00Z is still March 9 in Chicago (UTC-5 after the DST change on March 8).
      expect(rows).toEqual([
        { _id: new Date('2026-03-09T05:00:00Z'), n: 1 },
        { _id: new Date('2026-03-10T05:00:00Z'), n: 1 },
        { _id: new Date('2026-03-31T05:00:00Z'), n: 1 },
        { _id: new Date('2026-04-01T05:00:00Z'), n: 1 },
      ]);
      const months = await deals
        .aggregate([
          { $match: { tenant_id: 't1' } },
          { $group: { _id: { $dateTrunc: { date: '$closed_at', unit: 'month' } }, n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(months).toEqual([
        { _id: new Date('2026-03-01T00:00:00Z'), n: 3 },
        { _id: new Date('2026-04-01T00:00:00Z'), n: 1 },
      ]);
      const units = await deals
        .aggregate([
          { $match: { _id: 'd1' } },
          {
            $project: {
              week: { $dateTrunc: { date: '$closed_at', unit: 'week' } },
              mondayWeek: { $dateTrunc: { date: '$closed_at', unit: 'week', startOfWeek: 'monday', timezone: 'America/Chicago' } },
              quarter: { $dateTrunc: { date: '$closed_at', unit: 'quarter' } },
              sixHours: { $dateTrunc: { date: '$closed_at', unit: 'hour', binSize: 6, timezone: '+05:30' } },
              fifteenMinutes: { $dateTrunc: { date: new Date('2026-03-10T03:44:59Z'), unit: 'minute', binSize: 15 } },
              missing: { $dateTrunc: { date: '$nowhere', unit: 'day' } },
            },
          },
        ])
        .toArray();
      // d1 closed 2026-03-10T03:00Z: a Tuesday in UTC, Monday 22:00 in Chicago, 08:30 in India.
      expect(units).toEqual([
        {
          _id: 'd1',
          week: new Date('2026-03-08T00:00:00Z'),
          mondayWeek: new Date('2026-03-09T05:00:00Z'),
          quarter: new Date('2026-01-01T00:00:00Z'),
          sixHours: new Date('2026-03-10T00:30:00Z'),
          fifteenMinutes: new Date('2026-03-10T03:30:00Z'),
          missing: null,
        },
      ]);
    });

    it('joins another collection with $lookup on localField/foreignField', async () => {
      const rows = await deals
        .aggregate([
          { $match: { _id: { $in: ['d1', 'd4'] } } },
          { $sort: { _id: 1 } },
          { $lookup: { from: buyerName, localField: 'buyer_id', foreignField: '_id', as: 'buyer' } },
          { $project: { buyer: 1 } },
        ])
        .toArray();
      expect(rows).toEqual([
        { _id: 'd1', buyer: [{ _id: 'b1', tenant_id: 't1', name: 'Cash Co' }] },
        { _id: 'd4', buyer: [{ _id: 'b9', tenant_id: 't2', name: 'Other tenant' }] },
      ]);
    });

    it('joins with a $lookup pipeline using let variables', async () => {
      const rows = await deals
        .aggregate([
          { $match: { tenant_id: 't1', status: 'open' } },
          { $sort: { _id: 1 } },
          {
            $lookup: {
              from: communicationsName,
              let: { dealId: '$_id' },
              pipeline: [
                { $match: { $expr: { $eq: ['$deal_id', '$$dealId'] } } },
                { $match: { direction: 'inbound' } },
                { $sort: { at: -1 } },
                { $project: { _id: 1 } },
              ],
              as: 'inbound',
            },
          },
          { $project: { inbound: 1 } },
        ])
        .toArray();
      expect(rows).toEqual([
        { _id: 'd1', inbound: [{ _id: 'm3' }, { _id: 'm1' }] },
        { _id: 'd2', inbound: [{ _id: 'm4' }] },
      ]);
    });

    it('runs a $lookup pipeline given with localField/foreignField on the matched documents only', async () => {
      const rows = await deals
        .aggregate([
          { $match: { _id: { $in: ['d1', 'd3'] } } },
          { $sort: { _id: 1 } },
          {
            $lookup: {
              from: communicationsName,
              localField: '_id',
              foreignField: 'deal_id',
              pipeline: [{ $match: { direction: 'inbound' } }, { $count: 'n' }],
              as: 'inbound',
            },
          },
          { $project: { inbound: 1 } },
        ])
        .toArray();
      expect(rows).toEqual([
        { _id: 'd1', inbound: [{ n: 2 }] },
        { _id: 'd3', inbound: [] },
      ]);
    });

    it('keeps tenant-bound $lookup joins inside the tenant', async () => {
      const tenant = bindTenant(db, 't1');
      const rows = await tenant
        .collection(dealsName)
        .aggregate([{ $sort: { _id: 1 } }, { $lookup: { from: buyerName, localField: 'buyer_id', foreignField: '_id', as: 'buyer' } }, { $project: { buyer: '$buyer.name' } }])
        .toArray();
      expect(rows).toEqual([
        { _id: 'd1', buyer: ['Cash Co'] },
        { _id: 'd2', buyer: ['Flip LLC'] },
        { _id: 'd3', buyer: ['Cash Co'] },
        { _id: 'd4', buyer: [] },
      ]);
    });

    it('keeps tenant-bound $lookup joins inside the tenant within $facet and within other look-ups', async () => {
      const tenant = bindTenant(db, 't1');
      const [faceted] = await tenant
        .collection(dealsName)
        .aggregate<{ joined: { _id: string; buyer: string[] }[] }>([
          { $facet: { joined: [{ $sort: { _id: 1 } }, { $lookup: { from: buyerName, localField: 'buyer_id', foreignField: '_id', as: 'buyer' } }, { $project: { buyer: '$buyer.name' } }] } },
        ])
        .toArray();
      expect(faceted?.joined).toEqual([
        { _id: 'd1', buyer: ['Cash Co'] },
        { _id: 'd2', buyer: ['Flip LLC'] },
        { _id: 'd3', buyer: ['Cash Co'] },
        { _id: 'd4', buyer: [] },
      ]);
      const nested = await tenant
        .collection(dealsName)
        .aggregate([
          { $match: { _id: 'd4' } },
          { $lookup: { from: dealsName, pipeline: [{ $match: { _id: { $in: ['d1', 'd4'] } } }, { $sort: { _id: 1 } }, { $lookup: { from: buyerName, localField: 'buyer_id', foreignField: '_id', as: 'buyer' } }], as: 'deals' } },
          { $project: { names: '$deals.buyer.name' } },
        ])
        .toArray();
      expect(nested).toEqual([{ _id: 'd4', names: [['Cash Co'], []] }]);
      expect(() => tenant.collection(dealsName).aggregate([{ $facet: { out: [{ $unionWith: { coll: buyerName } }] } }])).toThrow(/cannot use/);
    });

    it('never changes stored documents, whatever the stages do to theirs', async () => {
      const before = await deals.find({}, { sort: { _id: 1 } }).toArray();
      const rows = await deals
        .aggregate([
          { $match: { tenant_id: 't1' } },
          { $lookup: { from: buyerName, localField: 'buyer_id', foreignField: '_id', as: 'buyer' } },
          { $unwind: { path: '$buyer', includeArrayIndex: 'position' } },
          { $set: { 'buyer.name': 'changed', price: 0 } },
          { $unset: 'tenant_id' },
        ])
        .toArray();
      expect(rows).toHaveLength(4);
      for (const row of rows) (row as Record<string, unknown>).status = 'mutated by caller';
      expect(await deals.find({}, { sort: { _id: 1 } }).toArray()).toEqual(before);
      expect(await buyers.findOne({ _id: 'b1' })).toEqual({ _id: 'b1', tenant_id: 't1', name: 'Cash Co' });
    });
  });

  describe('bulkWrite', () => {
    it('applies mixed operations in order and reports the counts', async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
        { _id: 'c', n: 3 },
      ]);
      const result = await collection.bulkWrite([
        { insertOne: { document: { _id: 'd', n: 4 } } },
        { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 10 } } } },
        { updateMany: { filter: { n: { $gte: 3 } }, update: { $set: { big: true } } } },
        { updateOne: { filter: { _id: 'e' }, update: { $set: { n: 5 } }, upsert: true } },
        { replaceOne: { filter: { _id: 'b' }, replacement: { _id: 'b', n: 20 } } },
        { deleteOne: { filter: { _id: 'c' } } },
        { deleteMany: { filter: { n: { $lt: 0 } } } },
      ]);
      expect(result).toEqual({ insertedCount: 1, matchedCount: 5, modifiedCount: 5, deletedCount: 1, upsertedCount: 1 });
      expect(await collection.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'a', n: 11, big: true },
        { _id: 'b', n: 20 },
        { _id: 'd', n: 4, big: true },
        { _id: 'e', n: 5 },
      ]);
    });

    it('stops an ordered bulkWrite at the first error', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'a' });
      const error = await rejection(
        collection.bulkWrite([{ insertOne: { document: { _id: 'b' } } }, { insertOne: { document: { _id: 'a' } } }, { updateOne: { filter: { _id: 'b' }, update: { $set: { later: true } } } }]),
      );
      expect(error).toMatchObject({ name: 'MongoBulkWriteError', code: 11000, insertedCount: 1, matchedCount: 0 });
      expect(error.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
      expect(await collection.findOne({ _id: 'b' })).toEqual({ _id: 'b' });
    });

    it('continues an unordered bulkWrite after an error', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'a' });
      const error = await rejection(
        collection.bulkWrite(
          [{ insertOne: { document: { _id: 'a' } } }, { insertOne: { document: { _id: 'b' } } }, { updateOne: { filter: { _id: 'b' }, update: { $set: { later: true } } } }],
          { ordered: false },
        ),
      );
      expect(error).toMatchObject({ name: 'MongoBulkWriteError', code: 11000, insertedCount: 1, matchedCount: 1, modifiedCount: 1 });
      expect(error.writeErrors).toMatchObject([{ index: 0, code: 11000 }]);
      expect(await collection.findOne({ _id: 'b' })).toEqual({ _id: 'b', later: true });
    });
  });

  describe('indexes', () => {
    it('creates indexes idempotently under MongoDB default names', async () => {
      const collection = fresh();
      expect(await collection.createIndex({ tenant_id: 1, created_at: -1 })).toBe('tenant_id_1_created_at_-1');
      expect(await collection.createIndex({ tenant_id: 1, created_at: -1 })).toBe('tenant_id_1_created_at_-1');
      expect(await collection.createIndex({ email: 1 }, { name: 'by_email', unique: true })).toBe('by_email');
      expect(await collection.createIndex({ email: 1 }, { name: 'by_email', unique: true })).toBe('by_email');
    });

    it('refuses an index that reuses a name with other options', async () => {
      const collection = fresh();
      await collection.createIndex({ email: 1 });
      const error = await rejection(collection.createIndex({ email: 1 }, { unique: true }));
      expect([85, 86]).toContain(error.code);
    });

    it('enforces a unique index on insert, update and upsert, naming the index and key', async () => {
      const collection = fresh();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertMany([
        { _id: 'a', email: 'a@x.io' },
        { _id: 'b', email: 'b@x.io' },
      ]);
      const onInsert = await rejection(collection.insertOne({ _id: 'c', email: 'a@x.io' }));
      expect(onInsert).toMatchObject({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x.io' } });
      expect(String(onInsert.message)).toMatch(/index: email_1 dup key: \{ email: "a@x\.io" \}$/);
      expect(await rejection(collection.updateOne({ _id: 'b' }, { $set: { email: 'a@x.io' } }))).toMatchObject({ code: 11000 });
      expect(await rejection(collection.updateOne({ _id: 'z' }, { $set: { email: 'b@x.io' } }, { upsert: true }))).toMatchObject({ code: 11000 });
      expect(await rejection(collection.findOneAndUpdate({ _id: 'b' }, { $set: { email: 'a@x.io' } }))).toMatchObject({ code: 11000 });
      expect(await collection.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'a', email: 'a@x.io' },
        { _id: 'b', email: 'b@x.io' },
      ]);
      await collection.updateOne({ _id: 'b' }, { $set: { email: 'b2@x.io' } });
      await collection.insertOne({ _id: 'c', email: 'b@x.io' });
    });

    it('treats a missing unique field as null, so only one document may lack it', async () => {
      const collection = fresh();
      await collection.createIndex({ code: 1 }, { unique: true });
      await collection.insertOne({ _id: 'a' });
      expect(await rejection(collection.insertOne({ _id: 'b' }))).toMatchObject({ code: 11000, keyValue: { code: null } });
    });

    it('scopes a compound unique index to its whole key', async () => {
      const collection = fresh();
      await collection.createIndex({ tenant_id: 1, email: 1 }, { unique: true });
      await collection.insertMany([
        { _id: 'a', tenant_id: 't1', email: 'x@x.io' },
        { _id: 'b', tenant_id: 't2', email: 'x@x.io' },
      ]);
      const error = await rejection(collection.insertOne({ _id: 'c', tenant_id: 't1', email: 'x@x.io' }));
      expect(error).toMatchObject({ code: 11000, keyValue: { tenant_id: 't1', email: 'x@x.io' } });
      expect(String(error.message)).toMatch(/index: tenant_id_1_email_1 dup key: \{ tenant_id: "t1", email: "x@x\.io" \}$/);
    });

    it('enforces a partial unique index only on documents matching its filter', async () => {
      const collection = fresh();
      await collection.createIndex({ phone: 1 }, { unique: true, partialFilterExpression: { status: 'active' } });
      await collection.insertMany([
        { _id: 'a', phone: '+15550001', status: 'archived' },
        { _id: 'b', phone: '+15550001', status: 'archived' },
        { _id: 'c', phone: '+15550001', status: 'active' },
      ]);
      expect(await rejection(collection.insertOne({ _id: 'd', phone: '+15550001', status: 'active' }))).toMatchObject({ code: 11000 });
      expect(await rejection(collection.updateOne({ _id: 'a' }, { $set: { status: 'active' } }))).toMatchObject({ code: 11000 });
      await collection.updateOne({ _id: 'c' }, { $set: { status: 'archived' } });
      await collection.updateOne({ _id: 'a' }, { $set: { status: 'active' } });
      expect(await collection.countDocuments({ status: 'active' })).toBe(1);
    });

    it('fails to build a unique index over existing duplicates', async () => {
      const collection = fresh();
      await collection.insertMany([
        { _id: 'a', email: 'same' },
        { _id: 'b', email: 'same' },
      ]);
      expect(await rejection(collection.createIndex({ email: 1 }, { unique: true }))).toMatchObject({ code: 11000 });
      await collection.insertOne({ _id: 'c', email: 'same' });
    });
  });

  describe('isolation from callers', () => {
    it('keeps stored state when the caller mutates what it inserted, passed or got back', async () => {
      const collection = fresh();
      const document = { _id: 'i', profile: { name: 'Ann' }, tags: ['a'], at: new Date('2026-01-01T00:00:00Z') };
      await collection.insertOne(document);
      document.profile.name = 'changed';
      document.tags.push('changed');
      document.at.setFullYear(1999);

      const value = { nested: { n: 1 } };
      await collection.updateOne({ _id: 'i' }, { $set: { value } });
      value.nested.n = 99;

      const got = (await collection.findOne({ _id: 'i' })) as TDocument & { profile: { name: string }; tags: string[] };
      got.profile.name = 'changed again';
      got.tags.length = 0;
      const listed = await collection.find({}).toArray();
      (listed[0] as unknown as { profile: { name: string } }).profile.name = 'and again';

      const many = [{ _id: 'j', list: [1] }];
      await collection.insertMany(many);
      many[0]?.list.push(2);

      const bulk = { _id: 'k', list: [1] };
      await collection.bulkWrite([{ insertOne: { document: bulk } }]);
      bulk.list.push(2);
      const updated = (await collection.findOneAndUpdate({ _id: 'k' }, { $set: { seen: true } }, { returnDocument: 'after' })) as TDocument & { list: number[] };
      updated.list.push(3);

      expect(await collection.findOne({ _id: 'i' })).toEqual({
        _id: 'i',
        profile: { name: 'Ann' },
        tags: ['a'],
        at: new Date('2026-01-01T00:00:00Z'),
        value: { nested: { n: 1 } },
      });
      expect(await collection.findOne({ _id: 'j' })).toEqual({ _id: 'j', list: [1] });
      expect(await collection.findOne({ _id: 'k' })).toEqual({ _id: 'k', list: [1], seen: true });
    });
  });

  describe('concurrency', () => {
    it('loses no increment when many updates run at once', async () => {
      const collection = fresh();
      await collection.insertOne({ _id: 'counter', n: 0 });
      await Promise.all(Array.from({ length: 100 }, () => collection.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
      expect(await collection.findOne({ _id: 'counter' })).toEqual({ _id: 'counter', n: 100 });
    });

    it('hands each queued job to exactly one of many concurrent claimers', async () => {
      const collection = fresh();
      await collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `job${String(i).padStart(2, '0')}`, status: 'queued' })));
      const claims = await Promise.all(
        Array.from({ length: 30 }, (_, worker) => collection.findOneAndUpdate({ status: 'queued' }, { $set: { status: 'running', worker } }, { sort: { _id: 1 }, returnDocument: 'after' })),
      );
      const claimed = claims.filter((claim) => claim !== null).map((claim) => claim._id);
      expect(claimed.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `job${String(i).padStart(2, '0')}`));
      expect(await collection.countDocuments({ status: 'queued' })).toBe(0);
    });

    it('answers a ping', async () => {
      await expect(db.ping()).resolves.toBeUndefined();
    });
  });
});
