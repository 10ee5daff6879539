import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { findPage } from '../../shared/schemas/pagination.ts';
import { seeded } from '../support/seeded-random.ts';

type TRow = { _id: string; value: number | null; group: string };

async function rowsWithNullsAndTies() {
  const db = await openEmbeddedDatabase();
  const rows = db.collection<TRow>('rows');
  await rows.createIndex({ group: 1, value: 1, _id: 1 });
  const random = seeded(7);
  const documents: TRow[] = Array.from({ length: 60 }, (_, index) => ({
    _id: `r${String(index).padStart(3, '0')}`,
    value: random() < 0.3 ? null : Math.floor(random() * 10),
    group: index % 5 === 0 ? 'other' : 'mine',
  }));
  // A missing field sorts like null.
  const { value: _value, ...missing } = { ...documents[1], _id: 'r999' } as TRow;
  await rows.insertMany([...documents, missing as TRow]);
  return { rows, expected: [...documents, { ...(missing as TRow), value: null }].filter((row) => row.group === 'mine') };
}

const order = (direction: 1 | -1) => (a: TRow, b: TRow) => {
  const left = a.value ?? Number.NEGATIVE_INFINITY;
  const right = b.value ?? Number.NEGATIVE_INFINITY;
  return left === right ? (a._id < b._id ? -direction : direction) : (left - right) * direction;
};

describe('findPage', () => {
  it.each([1, -1] as const)('walks a nullable sort field with ties (direction %d) in order, every row exactly once', async (direction) => {
    const { rows, expected } = await rowsWithNullsAndTies();
    for (const limit of [1, 3, 7, 100]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await findPage(rows, { group: 'mine' }, { sortField: 'value', direction, limit, cursor });
        seen.push(...result.items.map((row) => row._id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen, `limit ${limit}`).toEqual([...expected].sort(order(direction)).map((row) => row._id));
    }
  });

  it('leaves out projected fields', async () => {
    const { rows } = await rowsWithNullsAndTies();
    const page = await findPage(rows, {}, { sortField: 'value', direction: 1, limit: 2, projection: { group: 0 } });
    expect(page.items[0]).not.toHaveProperty('group');
  });
});
