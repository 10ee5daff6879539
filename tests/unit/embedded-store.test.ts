import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import type { TDocument, TFilter, TSort } from '../../shared/ports/document-store.ts';
import { seeded } from '../support/seeded-random.ts';

/** A clock the test moves by hand. */
function manualClock(start: string): TClock & { advance(seconds: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (seconds) => (now += seconds * 1000) };
}


describe('embedded store', () => {
  it('expires documents when a TTL index date plus expireAfterSeconds passes on the injected clock', async () => {
    const clock = manualClock('2026-06-01T00:00:00Z');
    const db = await openEmbeddedDatabase({ clock });
    const sessions = db.collection('sessions');
    await sessions.createIndex({ expires_at: 1 }, { expireAfterSeconds: 60 });
    await sessions.insertMany([
      { _id: 'soon', expires_at: new Date('2026-06-01T00:00:00Z') },
      { _id: 'later', expires_at: new Date('2026-06-01T00:10:00Z') },
      { _id: 'earliest-of-many', expires_at: [new Date('2026-06-01T01:00:00Z'), new Date('2026-06-01T00:00:30Z')] },
      { _id: 'no-date', expires_at: 'tomorrow' },
      { _id: 'no-field' },
    ]);
    clock.advance(59);
    expect(await sessions.countDocuments()).toBe(5);
    clock.advance(1);
    expect((await sessions.find({}).toArray()).map((document) => document._id).sort()).toEqual(['earliest-of-many', 'later', 'no-date', 'no-field']);
    clock.advance(30);
    expect(await sessions.findOne({ _id: 'earliest-of-many' })).toBeNull();
    clock.advance(600);
    expect((await sessions.aggregate([{ $sort: { _id: 1 } }]).toArray()).map((document) => document._id)).toEqual(['no-date', 'no-field']);
    await db.close();
  });

  it('sets $currentDate from the injected clock', async () => {
    const clock = manualClock('2026-02-03T04:05:06Z');
    const db = await openEmbeddedDatabase({ clock });
    await db.collection('c').updateOne({ _id: 'a' }, { $currentDate: { touched_at: true } }, { upsert: true });
    expect(await db.collection('c').findOne({ _id: 'a' })).toEqual({ _id: 'a', touched_at: new Date('2026-02-03T04:05:06Z') });
    await db.close();
  });

  it('refuses $out and $merge, which would write behind the store', async () => {
    const db = await openEmbeddedDatabase();
    await db.collection('c').insertOne({ _id: 'a' });
    await expect(db.collection('c').aggregate([{ $out: 'elsewhere' }]).toArray()).rejects.toThrow(/\$out/);
    await expect(db.collection('c').aggregate([{ $merge: { into: 'elsewhere' } }]).toArray()).rejects.toThrow(/\$merge/);
    await db.close();
  });

  it('refuses every operation once closed', async () => {
    const db = await openEmbeddedDatabase();
    const collection = db.collection('c');
    await db.close();
    await expect(collection.insertOne({ _id: 'a' })).rejects.toThrow(/closed/);
    await expect(collection.find({}).toArray()).rejects.toThrow(/closed/);
    await expect(db.ping()).rejects.toThrow(/closed/);
  });

  it('answers random filters, sorts and pages the same with indexes as without', async () => {
    const random = seeded(42);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const db = await openEmbeddedDatabase();
    const plain = db.collection('plain');
    const indexed = db.collection('indexed');
    await indexed.createIndex({ tenant_id: 1, created_at: -1 });
    await indexed.createIndex({ tenant_id: 1, status: 1, score: -1 });
    await indexed.createIndex({ score: 1 });
    await indexed.createIndex({ tags: 1 });
    const statuses = ['new', 'contacted', 'qualified', null, undefined] as const;
    const documents: TDocument[] = Array.from({ length: 1500 }, (_, i) => {
      const document: TDocument = { _id: `d${String(i).padStart(5, '0')}`, tenant_id: pick(['t1', 't2', 't3']), created_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 1e9)) };
      const status = pick(statuses);
      if (status !== undefined) document.status = status;
      // Mixed types on purpose: numbers, strings, missing.
      const roll = random();
      if (roll < 0.8) document.score = Math.floor(random() * 50);
      else if (roll < 0.9) document.score = `s${Math.floor(random() * 5)}`;
      if (random() < 0.5) document.tags = random() < 0.5 ? [pick(['a', 'b', 'c']), pick(['a', 'b', 'c'])] : [];
      return document;
    });
    await plain.insertMany(documents);
    await indexed.insertMany(documents.slice(0, 700));
    for (const document of documents.slice(700)) await indexed.insertOne(document);
    for (const collection of [plain, indexed]) {
      await collection.updateMany({ score: { $gte: 45 } }, { $set: { status: 'qualified' } });
      await collection.deleteMany({ score: 0 });
    }

    const filters = (): TFilter => {
      const filter: TFilter = {};
      if (random() < 0.9) filter.tenant_id = random() < 0.8 ? pick(['t1', 't2', 't3']) : { $in: ['t1', 't3'] };
      if (random() < 0.4) filter.status = pick(['new', 'contacted', 'qualified', null, { $in: ['new', null] }, { $ne: 'new' }, { $nin: ['new', null] }, { $exists: false }]);
      const score = random();
      if (score < 0.2) filter.score = { $gte: Math.floor(random() * 50) };
      else if (score < 0.35) filter.score = { $gt: 10, $lte: 30 };
      else if (score < 0.45) filter.score = { $lt: 's3' };
      else if (score < 0.5) filter.score = { $exists: true, $ne: 7 };
      if (random() < 0.3) filter.created_at = { $gte: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 1e9)) };
      if (random() < 0.15) filter.tags = pick(['a', 'b', { $size: 0 }]);
      return filter;
    };
    const sorts: (TSort | undefined)[] = [undefined, { created_at: -1 }, { created_at: 1 }, { score: -1 }, { status: 1, score: -1 }, { created_at: -1, _id: 1 }, { tags: 1 }];
    for (let round = 0; round < 400; round++) {
      const filter = filters();
      const sort = pick(sorts);
      const fullSort: TSort = { ...sort, _id: 1 };
      const page = random() < 0.6 ? { skip: Math.floor(random() * 5), limit: 1 + Math.floor(random() * 30) } : {};
      const expected = await plain.find(filter, { sort: fullSort, ...page }).toArray();
      expect(await indexed.find(filter, { sort: fullSort, ...page }).toArray(), JSON.stringify({ filter, fullSort, page })).toEqual(expected);
      expect(await indexed.countDocuments(filter), JSON.stringify(filter)).toBe(await plain.countDocuments(filter));
    }
    await db.close();
  }, 30_000);
});
