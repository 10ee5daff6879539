import { describe, expect, it } from 'vitest';
import { PipelineRunner, type TFindStored } from '../../../infra/store/embedded/aggregation-pipeline.ts';
import { compileQuery } from '../../../infra/store/embedded/mingo-context.ts';
import { addDays, dayOf, windowOf } from '../../../shared/analytics/day-range.ts';
import { LEVEL_FAMILIES, EVENT_FAMILIES } from '../../../shared/analytics/metric-families.ts';
import { pipelineValueFamily } from '../../../shared/analytics/families/level-families.ts';
import type { TDocument } from '../../../shared/ports/document-store.ts';
import { zonedDayEnd } from '../../../shared/tenants/zoned-day.ts';
import { generateAnalyticsFixture } from '../../support/analytics-fixtures.ts';

/**
 * The embedded store runs aggregation stages as compiled functions where it can
 * (infra/store/embedded/compile-pipeline.ts). Every analytics pipeline — each family's rows,
 * the per-day counting the dashboards do, the level pipelines — must give exactly what mingo
 * gives for the same stages, row for row.
 */
const TIME_ZONE = 'America/Chicago';
const now = new Date('2026-03-10T15:30:00Z');
const fixture = generateAnalyticsFixture({ tenantId: 'tnt_a', now, days: 400, leads: 1_500, reps: ['rep_1', 'rep_2', 'rep_3'], seed: 77, buyers: 6 });
const collections: Record<string, TDocument[]> = {
  leads: fixture.leads,
  deals: fixture.deals,
  buyers: fixture.buyers,
  communications: fixture.communications,
  follow_ups: fixture.followUps,
};
// Look-ups name one deal or one record (`{deal_id | _id: {$in: [...]}}` in an `$and`): narrowed by a map, then tested by mingo.
const byField = new Map<string, Map<unknown, TDocument[]>>();
const narrowed = (collection: string, field: string, values: unknown[]): TDocument[] => {
  const key = `${collection}.${field}`;
  let index = byField.get(key);
  if (!index) {
    index = new Map();
    for (const document of collections[collection] ?? []) index.set(document[field], [...(index.get(document[field]) ?? []), document]);
    byField.set(key, index);
  }
  return values.flatMap((value) => index.get(value) ?? []);
};
const findStored: TFindStored = (collection, filter) => {
  const query = compileQuery(filter);
  const parts = Array.isArray(filter.$and) ? (filter.$and as Record<string, unknown>[]) : [];
  const narrow = parts.find((part) => Object.keys(part).length === 1 && ['deal_id', '_id'].includes(Object.keys(part)[0] as string));
  const [field, condition] = narrow ? (Object.entries(narrow)[0] as [string, { $in?: unknown[] }]) : [];
  const candidates = field && Array.isArray(condition?.$in) ? narrowed(collection, field, condition.$in) : (collections[collection] ?? []);
  return candidates.filter((document) => query.test(document));
};
const compiled = new PipelineRunner(findStored);
const reference = new PipelineRunner(findStored, { compiled: false });

const countStages = (timeZone: string) => [
  {
    $group: {
      _id: { metric: '$metric', day: { $dateTrunc: { date: '$at', unit: 'day', timezone: timeZone } }, source: '$source', rep: '$rep', property_type: '$property_type', extra: '$extra', bucket: '$bucket' },
      n: { $sum: 1 },
      v: { $sum: '$amount' },
    },
  },
];

const today = dayOf(now, TIME_ZONE);
const windows = [
  { name: 'the last 30 days', window: windowOf(addDays(today, -29), today, TIME_ZONE, now) },
  { name: 'a past quarter', window: windowOf(addDays(today, -200), addDays(today, -110), TIME_ZONE, now) },
  { name: 'one day', window: windowOf(addDays(today, -3), addDays(today, -3), TIME_ZONE, now) },
];

describe('compiled aggregation stages', () => {
  for (const family of EVENT_FAMILIES) {
    it(`give the ${family.id} family exactly mingo's rows and daily counts`, () => {
      const documents = collections[family.collection] ?? [];
      let rows = 0;
      for (const { name, window } of windows) {
        const pipeline = family.pipeline(window);
        const expected = reference.run(documents, pipeline);
        expect(compiled.run(documents, pipeline), name).toEqual(expected);
        expect(compiled.run(documents, [...pipeline, ...countStages(TIME_ZONE)]), name).toEqual(reference.run(documents, [...pipeline, ...countStages(TIME_ZONE)]));
        rows += expected.length;
      }
      expect(rows).toBeGreaterThan(0);
    });
  }

  it('give every level family exactly mingo’s open records, now and at past instants', () => {
    for (const family of LEVEL_FAMILIES) {
      const documents = collections[family.collection] ?? [];
      for (const at of [now, zonedDayEnd(addDays(today, -40), TIME_ZONE), zonedDayEnd(addDays(today, -300), TIME_ZONE)]) {
        for (const pipeline of family.pipelines(at, now)) {
          expect(compiled.run(documents, pipeline), `${family.id} at ${at.toISOString()}`).toEqual(reference.run(documents, pipeline));
        }
      }
    }
    expect(reference.run(fixture.deals, pipelineValueFamily.pipelines(now, now)[0] ?? []).length).toBeGreaterThan(0);
  });

  it('evaluate list and logic operators as mingo does: missing and non-array lists, short-circuits, empty inputs, nested scopes', () => {
    const documents: TDocument[] = [
      { _id: 'a', xs: [1, 2], ys: [3], tags: ['x', 'y'], status: 'open', history: [{ to: 'lost', at: 1 }, { to: 'won', at: 2 }] },
      { _id: 'b', xs: [], ys: null, tags: [], status: null, history: [] },
      { _id: 'c', xs: [5], tags: ['z'], status: 'closed', history: [{ to: 'won', at: 3 }] },
    ];
    const outcome = (runner: PipelineRunner, pipeline: Record<string, unknown>[]) => {
      try {
        return runner.run(documents, pipeline);
      } catch (error) {
        return `throws: ${(error as Error).message}`;
      }
    };
    const pipelines: Record<string, unknown>[][] = [
      [{ $project: { all: { $concatArrays: ['$xs', '$ys', ['k']] }, none: { $concatArrays: [] } } }],
      [{ $project: { all: { $concatArrays: ['$xs', 5] } } }],
      [{ $project: { all: { $concatArrays: '$xs' } } }],
      [{ $project: { hit: { $in: ['$status', ['open', null, 'closed']] }, miss: { $in: ['$status', []] }, own: { $in: ['x', '$tags'] } } }],
      [{ $project: { first: { $ifNull: ['$ys', '$status', 'none'] }, empty: { $ifNull: ['$missing', null] } } }],
      [{ $project: { and: { $and: ['$status', { $in: ['y', '$tags'] }] }, or: { $or: [false, '$ys', { $eq: ['$status', 'closed'] }] }, nothing: { $and: [] } } }],
      [{ $project: { lost: { $map: { input: { $filter: { input: '$history', cond: { $eq: ['$$this.to', 'lost'] } } }, as: 'move', in: { at: '$$move.at', again: { $filter: { input: '$tags', cond: { $ne: ['$$this', '$$move.to'] } } } } } } } }],
      [{ $project: { row: { id: '$_id', pair: ['$status', { $size: '$xs' }], nested: { last: { $arrayElemAt: ['$xs', -1] } } } } }],
      [{ $unwind: '$tags' }, { $project: { tags: 1, xs: 1 } }],
    ];
    for (const pipeline of pipelines) expect(outcome(compiled, pipeline), JSON.stringify(pipeline)).toEqual(outcome(reference, pipeline));
    expect(compiled.run(documents, pipelines[0] as Record<string, unknown>[]).map((row) => row.all)).toEqual([[1, 2, 3, 'k'], null, null]);
  });

  it('group by the same keys as mingo: kinds kept apart, -0 with 0, NaN with NaN, missing apart from null within an object, arrays, objects and dates by value', () => {
    const at = (iso: string) => new Date(iso);
    const values = [0, -0, 1, '1', 'a', null, undefined, Number.NaN, Number.NaN, true, 'true', [1, 2], [1, 2], [2, 1], { a: 1, b: 2 }, { b: 2, a: 1 }, at('2026-03-01T05:00:00Z'), at('2026-03-01T05:00:00Z'), 't1772341200000'];
    const documents: TDocument[] = values.map((value, index) => ({ _id: `d${index}`, ...(value === undefined ? {} : { k: value }), tag: index % 3 === 0 ? 'x' : null, at: at(`2026-03-0${1 + (index % 4)}T0${index % 10}:30:00Z`), amount: index }));
    const stages = [
      [{ $group: { _id: '$k', n: { $sum: 1 }, ids: { $push: '$_id' } } }],
      [{ $group: { _id: { k: '$k', tag: '$tag' }, n: { $sum: 1 }, v: { $sum: '$amount' } } }],
      [{ $group: { _id: { day: { $dateTrunc: { date: '$at', unit: 'day', timezone: TIME_ZONE } }, k: '$k' }, n: { $sum: 1 } } }],
      [{ $group: { _id: { week: { $dateTrunc: { date: '$at', unit: 'week', binSize: 2, timezone: '$zone', startOfWeek: 'monday' } } }, n: { $sum: 1 } } }],
      [{ $group: { _id: null, n: { $sum: 1 } } }],
    ];
    for (const pipeline of stages) {
      const withZone = documents.map((document) => ({ ...document, zone: TIME_ZONE }));
      expect(compiled.run(withZone, pipeline), JSON.stringify(pipeline)).toEqual(reference.run(withZone, pipeline));
    }
    // 0 and -0 are one group, null and missing one (a whole `_id` of nothing is null), NaN one; '1' and 1 two;
    // equal arrays, objects (in any key order) and dates one each.
    expect(compiled.run(documents, stages[0] as unknown as Record<string, unknown>[]).map((group) => group.n)).toEqual([2, 1, 1, 1, 2, 2, 1, 1, 2, 1, 2, 2, 1]);
    // Parts with more than 128 values (a key string instead of a number), at any position; the
    // last two documents would share a key if the parts' numbers were not kept apart (1|1300, 11|300).
    const many: TDocument[] = [
      ...Array.from({ length: 1400 }, (_, index) => ({ _id: `m${index}`, a: index % 12, b: index, c: index % 7, d: String(index % 11) })),
      { _id: 'x1', a: 1, b: 1300 },
      { _id: 'x2', a: 11, b: 300 },
    ];
    for (const _id of [{ a: '$a', b: '$b' }, { c: '$c', a: '$a' }, { c: '$c', d: '$d', b: '$b', a: '$a' }, '$b']) {
      const pipeline = [{ $group: { _id, n: { $sum: 1 } } }];
      expect(compiled.run(many, pipeline), JSON.stringify(_id)).toEqual(reference.run(many, pipeline));
    }
    // A key only mingo compares (a RegExp) sends the whole stage to mingo, wherever it turns up.
    const withPatterns = [...documents.slice(0, 4), { _id: 'r1', k: /ab/ }, { _id: 'r2', k: /cd/ }, { _id: 'r3', k: /ab/ }, ...documents.slice(4)];
    const onePass = [{ $match: { _id: { $ne: 'd1' } } }, { $project: { k: 1, tag: 1, at: 1 } }, { $addFields: { at: ['$at'] } }, { $unwind: '$at' }, ...(stages[1] as Record<string, unknown>[])];
    for (const pipeline of [...stages.slice(0, 2), onePass]) expect(compiled.run(withPatterns, pipeline)).toEqual(reference.run(withPatterns, pipeline));
  });
});
