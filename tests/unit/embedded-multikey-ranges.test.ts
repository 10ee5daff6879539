import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { compileQuery } from '../../infra/store/embedded/mingo-context.ts';
import { countDocuments, findDocuments } from '../../infra/store/embedded/query-planner.ts';
import { normalizeIndexSpec, SortedIndex } from '../../infra/store/embedded/sorted-index.ts';
import type { TIndexEntry } from '../../infra/store/embedded/sorted-index.ts';
import type { TDocument, TFilter } from '../../shared/ports/document-store.ts';
import { mulberry32 } from '../support/seeded-random.ts';

const day = (n: number): Date => new Date(Date.UTC(2026, 0, n));

/** An index that counts the entries a query reads: the planner's candidates. */
class CountingIndex extends SortedIndex {
  read = 0;
  override documentOf(entry: TIndexEntry): TDocument {
    this.read++;
    return super.documentOf(entry);
  }
}

/** A collection view over `documents` with one counting index on `keys`. */
function viewWithIndex(documents: TDocument[], keys: Record<string, 1 | -1>): { view: { documents: Map<string, TDocument>; indexes: SortedIndex[] }; index: CountingIndex } {
  const index = new CountingIndex(normalizeIndexSpec({ keys }));
  index.build(documents);
  return { view: { documents: new Map(documents.map((document) => [document._id, document])), indexes: [index] }, index };
}

const ids = (documents: readonly TDocument[]): string[] => documents.map((document) => document._id).sort();

/** Leads moving at day 1 and day 10 (straddling days 3–5), at day 4, and at day 20. */
const histories: TDocument[] = [
  { _id: 'straddles', tenant_id: 't1', h: [{ at: day(1) }, { at: day(10) }] },
  { _id: 'inside', tenant_id: 't1', h: [{ at: day(2) }, { at: day(4) }] },
  { _id: 'after', tenant_id: 't1', h: [{ at: day(20) }] },
  ...Array.from({ length: 40 }, (_, i) => ({ _id: `late-${String(i).padStart(2, '0')}`, tenant_id: 't1', h: [{ at: day(11 + (i % 15)) }] })),
];

describe('embedded store planning on multikey ranges', () => {
  it('finds a document whose array elements straddle a window, as mingo does, with or without an index', async () => {
    const db = await openEmbeddedDatabase();
    const plain = db.collection('plain');
    const indexed = db.collection('indexed');
    const compound = db.collection('compound');
    await indexed.createIndex({ 'h.at': 1 });
    await compound.createIndex({ tenant_id: 1, 'h.at': -1 });
    for (const collection of [plain, indexed, compound]) await collection.insertMany(histories);
    const filters: TFilter[] = [
      { 'h.at': { $gte: day(3), $lt: day(5) } },
      { tenant_id: 't1', 'h.at': { $gt: day(3), $lte: day(5) } },
      { $and: [{ 'h.at': { $gte: day(3) } }, { 'h.at': { $lt: day(5) } }] },
    ];
    for (const filter of filters) {
      const expected = histories.filter((document) => compileQuery(filter).test(document)).map((document) => document._id).sort();
      expect(expected, JSON.stringify(filter)).toEqual(['inside', 'straddles']);
      for (const collection of [plain, indexed, compound]) {
        expect(ids(await collection.find(filter).toArray()), JSON.stringify(filter)).toEqual(expected);
        expect(await collection.countDocuments(filter), JSON.stringify(filter)).toBe(expected.length);
        expect(ids(await collection.aggregate([{ $match: filter }]).toArray()), JSON.stringify(filter)).toEqual(expected);
      }
    }
    await db.close();
  });

  it('reads a one-sided range for separate bounds on an array path, and the tight range for $elemMatch', () => {
    const { view, index } = viewWithIndex(histories, { 'h.at': 1 });
    expect(ids(findDocuments(view, { 'h.at': { $gte: day(3), $lt: day(5) } }))).toEqual(['inside', 'straddles']);
    // One bound only, the narrower: before day 5 (days 1, 2 and 4), not from day 3 on (43 entries).
    expect(index.read).toBe(3);

    index.read = 0;
    const elemMatch: TFilter = { h: { $elemMatch: { at: { $gte: day(3), $lt: day(5) } } } };
    expect(ids(findDocuments(view, elemMatch))).toEqual(['inside']);
    expect(countDocuments(view, elemMatch)).toBe(1);
    // Both bounds: only the day-4 entry, read once for the find and once for the count.
    expect(index.read).toBe(2);
  });

  it('keeps both bounds where no document has an array on the path', () => {
    const scalars = Array.from({ length: 30 }, (_, i) => ({ _id: `s${String(i).padStart(2, '0')}`, at: day(1 + i) }));
    const { view, index } = viewWithIndex(scalars, { at: 1 });
    expect(countDocuments(view, { at: { $gte: day(3), $lt: day(5) } })).toBe(2);
    expect(ids(findDocuments(view, { $and: [{ at: { $gte: day(3) } }, { at: { $lt: day(5) } }] }))).toEqual(['s02', 's03']);
    // The count came from ranks alone; the find read the two entries of the intersected range.
    expect(index.read).toBe(2);
  });

  it('does not keep $elemMatch bounds together when the sub-field itself holds arrays', () => {
    const nested = [{ _id: 'nested', h: [{ at: [day(1), day(10)] }] }, ...histories];
    const filter: TFilter = { h: { $elemMatch: { at: { $gte: day(3), $lt: day(5) } } } };
    const expected = nested.filter((document) => compileQuery(filter).test(document)).map((document) => document._id).sort();
    expect(expected).toEqual(['inside', 'nested']);
    expect(ids(findDocuments(viewWithIndex(nested, { 'h.at': 1 }).view, filter))).toEqual(expected);
  });

  it('reads an anchored regex on an array path as its prefix range, and a plain string range with one bound', () => {
    const words = ['apple', 'banana', 'bandana', 'cherry', 'date', 'fig', 'grape', 'kiwi', 'lemon', 'mango'];
    const documents: TDocument[] = [{ _id: 'straddles', tags: ['apple', 'zebra'] }, ...words.map((word, i) => ({ _id: `w${String(i)}`, tags: [word, `${word}-2`] }))];
    const { view, index } = viewWithIndex(documents, { tags: 1 });
    expect(ids(findDocuments(view, { tags: { $regex: '^ban' } }))).toEqual(['w1', 'w2']);
    expect(ids(findDocuments(view, { tags: /^band/ }))).toEqual(['w2']);
    expect(index.read).toBe(6);

    index.read = 0;
    // The search filter's shape: a range (not usable whole) and the regex that bounds it.
    expect(ids(findDocuments(view, { $and: [{ tags: { $gte: 'ban', $lt: 'ban\uffff' } }, { tags: { $regex: '^ban' } }] }))).toEqual(['w1', 'w2']);
    expect(index.read).toBe(4);

    expect(ids(findDocuments(view, { tags: { $gte: 'b', $lt: 'c' } }))).toEqual(['straddles', 'w1', 'w2']);
    for (const filter of [{ tags: { $regex: '^a|z' } }, { tags: { $regex: '^Ap', $options: 'i' } }, { tags: { $regex: '^ap?' } }, { tags: { $regex: '^ban\\.a' } }]) {
      const expected = documents.filter((document) => compileQuery(filter).test(document)).map((document) => document._id).sort();
      expect(ids(findDocuments(view, filter)), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('answers random window filters over histories the same with indexes as without', async () => {
    const random = mulberry32(20261124);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const someDay = (): Date => day(1 + Math.floor(random() * 30));
    const db = await openEmbeddedDatabase();
    const plain = db.collection('plain');
    const indexed = db.collection('indexed');
    await indexed.createIndex({ tenant_id: 1, 'h.at': 1 });
    await indexed.createIndex({ 'h.at': -1 });
    await indexed.createIndex({ tags: 1 });
    const documents: TDocument[] = Array.from({ length: 600 }, (_, i) => {
      const document: TDocument = { _id: `d${String(i).padStart(4, '0')}`, tenant_id: pick(['t1', 't2']) };
      const shape = random();
      if (shape < 0.8) document.h = Array.from({ length: Math.floor(random() * 4) }, () => ({ at: someDay(), to: pick(['new', 'offer', 'closed']) }));
      else if (shape < 0.9) document.h = { at: someDay() };
      else if (shape < 0.95) document.h = [{ at: [someDay(), someDay()] }];
      if (random() < 0.7) document.tags = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(['alpha', 'alps', 'beta', 'bet', 'gamma', 'delta']));
      return document;
    });
    await plain.insertMany(documents);
    await indexed.insertMany(documents);

    const filters = (): TFilter => {
      const [from, to] = [someDay(), someDay()].sort((a, b) => a.getTime() - b.getTime()) as [Date, Date];
      const filter: TFilter = random() < 0.6 ? { tenant_id: pick(['t1', 't2']) } : {};
      const form = random();
      if (form < 0.3) filter['h.at'] = { $gte: from, $lt: to };
      else if (form < 0.5) filter.$and = [{ 'h.at': { $gt: from } }, { 'h.at': { $lte: to } }];
      else if (form < 0.8) filter.h = { $elemMatch: random() < 0.5 ? { at: { $gte: from, $lt: to } } : { at: { $gte: from, $lt: to }, to: pick(['new', 'offer']) } };
      else filter.tags = pick([{ $regex: '^al' }, { $regex: '^bet' }, { $gte: 'b', $lt: 'c' }, { $regex: '^alp', $gt: 'alpha' }]);
      return filter;
    };
    for (let round = 0; round < 300; round++) {
      const filter = filters();
      const expected = await plain.find(filter, { sort: { _id: 1 } }).toArray();
      const query = compileQuery(filter);
      expect(expected.map((document) => document._id), JSON.stringify(filter)).toEqual(documents.filter((document) => query.test(document)).map((document) => document._id));
      expect(await indexed.find(filter, { sort: { _id: 1 } }).toArray(), JSON.stringify(filter)).toEqual(expected);
      expect(await indexed.countDocuments(filter), JSON.stringify(filter)).toBe(expected.length);
    }
    await db.close();
  }, 30_000);
});
