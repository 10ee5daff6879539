import type { TServiceContext } from '../context/service-context.ts';
import { dayOfTruncated } from './day-range.ts';
import { addGroup, emptyFacts, type TFactGroup, type TFacts } from './facts.ts';
import type { TLevelFamily } from './families/level-families.ts';
import type { TMetricId } from './metric-catalog.ts';
import { EVENT_FAMILIES } from './metric-families.ts';
import type { TEventRow, TMetricFamily, TStage, TWindow } from './metric-family.ts';

type TGroupRow = { _id: Omit<TFactGroup, 'n' | 'v'> & { day: Date }; n: number; v: number };

/** Counts a family's rows per metric, local day and dimension values, in the store. */
const countStages = (window: TWindow): TStage[] => [
  {
    $group: {
      _id: {
        metric: '$metric',
        day: { $dateTrunc: { date: '$at', unit: 'day', timezone: window.timeZone } },
        source: '$source',
        rep: '$rep',
        property_type: '$property_type',
        extra: '$extra',
        bucket: '$bucket',
      },
      n: { $sum: 1 },
      v: { $sum: '$amount' },
    },
  },
];

/**
 * Runs every family (or the ones given) over the window and returns facts per local day. The
 * store does the counting (one `$group` per family); this folds the groups into `TFacts`.
 */
export async function computeDailyFacts(ctx: TServiceContext, window: TWindow, families: readonly TMetricFamily[] = EVENT_FAMILIES): Promise<Map<string, TFacts>> {
  const days = new Map<string, TFacts>();
  const dayNames = new Map<number, string>();
  for (const family of families) {
    const groups = await ctx.db
      .collection(family.collection)
      .aggregate<TGroupRow>([...family.pipeline(window), ...countStages(window)])
      .toArray();
    for (const group of groups) {
      const instant = group._id.day.getTime();
      let day = dayNames.get(instant);
      if (!day) {
        day = dayOfTruncated(group._id.day, window.timeZone);
        dayNames.set(instant, day);
      }
      let facts = days.get(day);
      if (!facts) days.set(day, (facts = emptyFacts()));
      addGroup(facts, { ...group._id, n: group.n, v: group.v ?? 0 });
    }
  }
  return days;
}

/** The rows of a level family at `at` (deduplicated by record), as facts. */
export async function computeLevel(ctx: TServiceContext, family: TLevelFamily, at: Date, now: Date): Promise<TFacts> {
  const facts = emptyFacts();
  const pipelines = family.pipelines(at, now);
  if (pipelines.length === 1) {
    // One pipeline gives each record once (TLevelFamily): nothing to deduplicate, so the store
    // counts, and only the groups (not every open record) come back.
    const groups = await ctx.db
      .collection(family.collection)
      .aggregate<{ _id: Omit<TFactGroup, 'n' | 'v'>; n: number; v: number }>([
        ...(pipelines[0] as TStage[]),
        { $group: { _id: { metric: '$metric', source: '$source', rep: '$rep', property_type: '$property_type', extra: '$extra', bucket: '$bucket' }, n: { $sum: 1 }, v: { $sum: '$amount' } } },
      ])
      .toArray();
    for (const group of groups) addGroup(facts, { ...group._id, n: group.n, v: group.v ?? 0 });
    return facts;
  }
  for (const row of await levelRows(ctx, family, at, now)) {
    addGroup(facts, { metric: row.metric, source: row.source, rep: row.rep, property_type: row.property_type, extra: row.extra, bucket: row.bucket, n: 1, v: row.amount ?? 0 });
  }
  return facts;
}

export async function levelRows(ctx: TServiceContext, family: TLevelFamily, at: Date, now: Date): Promise<TEventRow[]> {
  const byId = new Map<string, TEventRow>();
  for (const pipeline of family.pipelines(at, now)) {
    for (const row of await ctx.db.collection(family.collection).aggregate<TEventRow>(pipeline).toArray()) byId.set(row.id, row);
  }
  return [...byId.values()];
}

export const metricsOfFamilies = (families: readonly TMetricFamily[]): TMetricId[] => families.flatMap((family) => family.metrics);
