import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { SortedIndex, type TIndexDefinition } from '../../infra/store/embedded/sorted-index.ts';
import type { TDocument } from '../../shared/ports/document-store.ts';
import { mulberry32 } from '../support/seeded-random.ts';

/** Documents with the shapes that make index order tricky: ties, nulls, missing fields, arrays, dates, mixed types. */
function generateDocuments(count: number, seed: number): TDocument[] {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const ids = new Set<string>();
  return Array.from({ length: count }, () => {
    let id = `d${Math.floor(random() * 1e9).toString(36)}`;
    while (ids.has(id)) id = `d${Math.floor(random() * 1e9).toString(36)}`;
    ids.add(id);
    const document: TDocument = { _id: id, tenant: pick(['t1', 't2']), status: pick(['new', 'contacted', null, undefined, 3]) };
    if (random() < 0.9) document.tokens = Array.from({ length: Math.floor(random() * 6) }, () => pick(['austin', 'oak', 'elm', 'tx', '78702', 'smith', 'a']));
    if (random() < 0.8) document.at = new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 30)));
    return document;
  });
}

/** Every entry of an index in order, as key values and the document id. */
function contents(index: SortedIndex): unknown[][] {
  const out: unknown[][] = [];
  const width = index.fields.length;
  index.each(index.start(), index.end(), false, (entry) => {
    out.push([...entry.slice(0, width), index.documentOf(entry)._id]);
    return true;
  });
  return out;
}

const DEFINITIONS: TIndexDefinition[] = [
  { name: 'status', keys: { tenant: 1, status: 1, at: -1, _id: 1 } },
  { name: 'tokens', keys: { tenant: 1, tokens: 1 } },
  { name: 'open', keys: { at: 1 }, partialFilterExpression: { status: 'new' } },
];

describe('sorted index', () => {
  it.each(DEFINITIONS)('holds the same entries in the same order whether documents arrive in bulk or one by one ($name)', (definition) => {
    const documents = generateDocuments(6_000, 7);
    const oneByOne = new SortedIndex(definition);
    const inBulk = new SortedIndex(definition);
    for (const document of documents) oneByOne.add(document);
    // Batches from tiny (one by one inside addMany) to several chunks' worth, onto an empty and a full index.
    for (let start = 0, size = 1; start < documents.length; start += size, size = size * 3 + 7) inBulk.addMany(documents.slice(start, start + size));
    expect(inBulk.size).toBe(oneByOne.size);
    expect(contents(inBulk)).toEqual(contents(oneByOne));
    expect(inBulk.multikey).toBe(oneByOne.multikey);
    // Ranges still find exactly what they did: the chunks are well formed.
    const from = inBulk.lowerBound(['t2'], true);
    const to = inBulk.upperBound(['t2'], true);
    expect(inBulk.rank(to) - inBulk.rank(from)).toBe(contents(oneByOne).filter((entry) => entry[0] === 't2').length);
  });

  it('finds the range of a key prefix the same way whether it holds no, a few or thousands of entries', () => {
    const index = new SortedIndex({ name: 'tokens', keys: { tenant: 1, tokens: 1 } });
    index.addMany(generateDocuments(6_000, 5));
    const rank = (range: { from: Parameters<SortedIndex['rank']>[0]; to: Parameters<SortedIndex['rank']>[0] }) => [index.rank(range.from), index.rank(range.to)];
    for (const prefix of [['t1'], ['t1', 'oak'], ['t2', 'a'], ['t1', 'nowhere'], ['t3'], ['t0', 'oak'], ['t2', '78702']]) {
      expect(rank(index.prefixRange(prefix)), prefix.join(' ')).toEqual(rank({ from: index.lowerBound(prefix, true), to: index.upperBound(prefix, true) }));
    }
    // A prefix with a handful of entries across a chunk boundary (chunks of a built index hold 512).
    const few = new SortedIndex({ name: 'status', keys: { status: 1 } });
    few.addMany(Array.from({ length: 2_000 }, (_, i) => ({ _id: `d${String(i).padStart(5, '0')}`, status: i < 509 ? 'a' : i < 514 ? 'rare' : 's' })));
    expect(rank(few.prefixRange(['rare']))).toEqual(rank({ from: few.lowerBound(['rare'], true), to: few.upperBound(['rare'], true) }));
    expect(few.rank(few.prefixRange(['rare']).to) - few.rank(few.prefixRange(['rare']).from)).toBe(5);
  });

  it('answers queries the same after a large insertMany into a collection that already has documents and indexes', async () => {
    const documents = generateDocuments(3_000, 11);
    const db = await openEmbeddedDatabase();
    const indexed = db.collection('indexed');
    const plain = db.collection('plain');
    await indexed.createIndex({ tenant: 1, tokens: 1 });
    await indexed.createIndex({ tenant: 1, status: 1, at: -1, _id: 1 });
    for (const collection of [indexed, plain]) {
      await collection.insertMany(documents.slice(0, 100));
      await collection.insertMany(documents.slice(100));
    }
    for (const filter of [{ tenant: 't1', tokens: 'oak' }, { tenant: 't2', tokens: { $in: ['a', 'elm'] } }, { tenant: 't1', status: 'new' }, { tenant: 't2', status: null }]) {
      const ids = async (collection: typeof plain) => (await collection.find(filter, { sort: { _id: 1 } }).toArray()).map((document) => document._id);
      expect(await ids(indexed)).toEqual(await ids(plain));
    }
    await db.close();
  });

  it('rejects duplicate ids inside one large unordered insertMany and stores every other document', async () => {
    const documents = generateDocuments(500, 13);
    const db = await openEmbeddedDatabase();
    const collection = db.collection('docs');
    await collection.createIndex({ tenant: 1, tokens: 1 });
    await collection.insertMany(documents.slice(0, 10));
    const batch = [...documents.slice(5, 400), documents[200] as TDocument];
    await expect(collection.insertMany(batch, { ordered: false })).rejects.toMatchObject({ code: 11000, result: { insertedCount: 390 } });
    const writeErrors = await collection.insertMany(batch, { ordered: false }).catch((error: { writeErrors: { index: number }[] }) => error.writeErrors.map((entry) => entry.index));
    expect(writeErrors).toHaveLength(batch.length);
    expect(await collection.countDocuments()).toBe(400);
    expect(await collection.countDocuments({ tenant: 't1', tokens: 'oak' })).toBe(documents.slice(0, 400).filter((document) => document.tenant === 't1' && (document.tokens as string[] | undefined)?.includes('oak')).length);
    await db.close();
  });
});
