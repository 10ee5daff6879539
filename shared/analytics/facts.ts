import { LRUCache } from 'lru-cache';
import type { TMetricId } from './metric-catalog.ts';

/**
 * Additive figures for a stretch of time (one day in a rollup, or any sum of days): per metric
 * and per metric × one dimension value, the number of rows (`n`), the sum of their amounts
 * (`v`), and for median metrics a histogram of whole minutes (`h`). Summing two `TFacts` gives
 * the facts of both stretches, which is what makes daily rollups combine exactly.
 *
 * Keys: `metric` for the total, `metric|s|<source>`, `metric|r|<rep>`, `metric|p|<property
 * type>`, `metric|x|<reason or buyer>`; values are URI-encoded with `.` escaped, so a key is a
 * valid MongoDB field name.
 */
export type TFacts = {
  n: Record<string, number>;
  v: Record<string, number>;
  h: Record<string, Record<string, number>>;
};

/** The dimensions facts are kept by (a single one at a time, besides the total). */
export const FACT_DIMS = { source: 's', rep: 'r', property_type: 'p', extra: 'x' } as const;
export type TFactDim = keyof typeof FACT_DIMS;
export type TFactFilter = Partial<Record<TFactDim, string>>;

export const emptyFacts = (): TFacts => ({ n: {}, v: {}, h: {} });

/** Encoded values, kept: a day's facts repeat a few dozen sources, reps, types and reasons hundreds of times. */
const encodedValues = new Map<string, string>();
function encodeValue(value: string): string {
  let encoded = encodedValues.get(value);
  if (encoded === undefined) {
    encoded = encodeURIComponent(value).replace(/\./g, '%2E');
    if (encodedValues.size >= 10_000) encodedValues.clear();
    encodedValues.set(value, encoded);
  }
  return encoded;
}
export const decodeValue = (value: string) => decodeURIComponent(value);

export function factKey(metric: TMetricId, filter: TFactFilter = {}): string {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined);
  if (entries.length > 1) throw new Error('Facts are kept per metric and one dimension at a time');
  const [entry] = entries;
  return entry ? dimensionKey(metric, entry[0] as TFactDim, entry[1] as string) : metric;
}

const dimensionKey = (metric: TMetricId, dim: TFactDim, value: string) => `${metric}|${FACT_DIMS[dim]}|${encodeValue(value)}`;

/** One group of counted rows: its metric, dimension values, count, amount and histogram bucket. */
export interface TFactGroup {
  metric: TMetricId;
  source: string | null;
  rep: string | null;
  property_type: string | null;
  extra: string | null;
  bucket: number | null;
  n: number;
  v: number;
}

const DIMS = Object.keys(FACT_DIMS) as TFactDim[];

/** Adds a group to the total and to each of its dimensions' marginals (keys as `factKey` makes them). */
export function addGroup(facts: TFacts, group: TFactGroup): void {
  addToKey(facts, group.metric, group);
  for (const dim of DIMS) {
    const value = group[dim];
    if (value !== null && value !== undefined && value !== '') addToKey(facts, dimensionKey(group.metric, dim, String(value)), group);
  }
}

function addToKey(facts: TFacts, key: string, group: TFactGroup): void {
  facts.n[key] = (facts.n[key] ?? 0) + group.n;
  if (group.v) facts.v[key] = (facts.v[key] ?? 0) + group.v;
  if (group.bucket !== null && group.bucket !== undefined) {
    const histogram = (facts.h[key] ??= {});
    histogram[group.bucket] = (histogram[group.bucket] ?? 0) + group.n;
  }
}

const addInto = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const key in from) into[key] = (into[key] ?? 0) + (from[key] as number);
};

/**
 * Facts as a rollup stores them: parallel arrays (`keys[i]` counted `n[i]` times with amount
 * `v[i]`; histogram `h.keys[j]` saw bucket `h.buckets[j][k]` `h.counts[j][k]` times). A store
 * copies, and a driver decodes, arrays of numbers many times faster than objects with hundreds of
 * keys, and a dashboard reads up to two years of days per request. Entries with the same key add up.
 */
export type TPackedFacts = {
  keys: string[];
  n: number[];
  v: number[];
  h: { keys: string[]; buckets: number[][]; counts: number[][] };
};

/** Facts in either layout: what a day's figures are when read (live, or from its rollup). */
export type TAnyFacts = TFacts | TPackedFacts;

export const isPacked = (facts: TAnyFacts): facts is TPackedFacts => 'keys' in facts;

export function packFacts(facts: TFacts): TPackedFacts {
  const keys = Object.keys(facts.n);
  const h: TPackedFacts['h'] = { keys: [], buckets: [], counts: [] };
  for (const key in facts.h) {
    const histogram = facts.h[key] as Record<string, number>;
    h.keys.push(key);
    h.buckets.push(Object.keys(histogram).map(Number));
    h.counts.push(Object.values(histogram));
  }
  return { keys, n: keys.map((key) => facts.n[key] as number), v: keys.map((key) => facts.v[key] ?? 0), h };
}

/** Packed facts followed by more (nothing is merged: entries with the same key add up when read). */
export const appendPacked = (first: TPackedFacts, more: TPackedFacts): TPackedFacts => ({
  keys: [...first.keys, ...more.keys],
  n: [...first.n, ...more.n],
  v: [...first.v, ...more.v],
  h: { keys: [...first.h.keys, ...more.h.keys], buckets: [...first.h.buckets, ...more.h.buckets], counts: [...first.h.counts, ...more.h.counts] },
});

/** Adds packed counts and amounts (not histograms) into `into`. */
function addPackedCounts(into: TFacts, packed: TPackedFacts): void {
  for (let index = 0; index < packed.keys.length; index++) {
    const key = packed.keys[index] as string;
    into.n[key] = (into.n[key] ?? 0) + (packed.n[index] as number);
    if (packed.v[index]) into.v[key] = (into.v[key] ?? 0) + (packed.v[index] as number);
  }
}

function addPackedHistogram(into: Record<string, number>, packed: TPackedFacts, key: string): void {
  for (let index = 0; index < packed.h.keys.length; index++) {
    if (packed.h.keys[index] !== key) continue;
    const buckets = packed.h.buckets[index] as number[];
    const counts = packed.h.counts[index] as number[];
    // Whole-number buckets index the object as they are (no string made per bucket).
    for (let at = 0; at < buckets.length; at++) into[buckets[at] as number] = (into[buckets[at] as number] ?? 0) + (counts[at] as number);
  }
}

/** Adds `from` into `into` (in place) and returns it. */
export function mergeFacts(into: TFacts, from: TAnyFacts): TFacts {
  if (isPacked(from)) {
    addPackedCounts(into, from);
    for (const key of new Set(from.h.keys)) addPackedHistogram((into.h[key] ??= {}), from, key);
    return into;
  }
  addInto(into.n, from.n);
  addInto(into.v, from.v);
  for (const key in from.h) addInto((into.h[key] ??= {}), from.h[key] as Record<string, number>);
  return into;
}

/** Numbers of shared facts (see shareFacts): a sum of the same numbers is the same sum. */
const sharedIds = new WeakMap<TPackedFacts, number>();
let lastSharedId = 0;

/**
 * Marks packed facts as shared: frozen (every reader holds the same object) and numbered, so that
 * sums of them are kept (sharedSums). Rolled-up days held in memory are shared
 * (rollups/read-rolled-up-days.ts): a dashboard sums the same days on every request.
 */
export function shareFacts(facts: TPackedFacts): TPackedFacts {
  if (sharedIds.has(facts)) return facts;
  for (const list of [facts.keys, facts.n, facts.v, facts.h.keys, facts.h.buckets, facts.h.counts, ...facts.h.buckets, ...facts.h.counts]) Object.freeze(list);
  Object.freeze(facts.h);
  sharedIds.set(Object.freeze(facts), ++lastSharedId);
  return facts;
}

export const isShared = (facts: TAnyFacts): facts is TPackedFacts => isPacked(facts) && sharedIds.has(facts);

/**
 * Sums of two or more shared facts, by their numbers. Only sumFacts reads them, as one part
 * among others, so they never reach a caller (who may add to what it gets). Bounded by keys held.
 */
const sharedSums = new LRUCache<string, TFacts>({
  maxSize: 2_000_000,
  sizeCalculation: (facts) => 1 + Object.keys(facts.n).length + Object.keys(facts.h).length * 8,
});

/** The parts with their shared ones (two or more) replaced by their kept sum. */
function withSharedSummed(parts: TAnyFacts[]): TAnyFacts[] {
  const ids: number[] = [];
  const shared: TPackedFacts[] = [];
  const rest: TAnyFacts[] = [];
  for (const part of parts) {
    const id = isPacked(part) ? sharedIds.get(part) : undefined;
    if (id === undefined) rest.push(part);
    else {
      ids.push(id);
      shared.push(part as TPackedFacts);
    }
  }
  if (shared.length < 2) return parts;
  const key = ids.join(',');
  let sum = sharedSums.get(key);
  if (!sum) {
    sum = addUp(shared);
    sharedSums.set(key, sum);
  }
  return [sum, ...rest];
}

/**
 * The sum of several stretches' facts. Histograms (most of a day's facts: one per metric and
 * dimension value, a bucket per minute) are summed when first read — a dashboard reads the few
 * medians it shows — and then kept; reading every one (enumerating, serialising) gives the same
 * sums as an eager merge. Shared parts (rolled-up days) are summed once and the sum kept, so a
 * dashboard adds today to the same 29 (or 364) days it summed on the last request.
 */
export const sumFacts = (all: Iterable<TAnyFacts>): TFacts => addUp(withSharedSummed([...all]));

function addUp(parts: readonly TAnyFacts[]): TFacts {
  const total = emptyFacts();
  const histogramKeys = new Set<string>();
  for (const facts of parts) {
    if (isPacked(facts)) {
      addPackedCounts(total, facts);
      for (const key of facts.h.keys) histogramKeys.add(key);
      continue;
    }
    addInto(total.n, facts.n);
    addInto(total.v, facts.v);
    for (const key in facts.h) histogramKeys.add(key);
  }
  for (const key of histogramKeys) {
    Object.defineProperty(total.h, key, {
      enumerable: true,
      configurable: true,
      get() {
        const merged: Record<string, number> = {};
        for (const facts of parts) {
          if (isPacked(facts)) {
            addPackedHistogram(merged, facts, key);
            continue;
          }
          const histogram = facts.h[key];
          if (histogram) addInto(merged, histogram);
        }
        Object.defineProperty(total.h, key, { value: merged, enumerable: true, writable: true, configurable: true });
        return merged;
      },
      set(value: Record<string, number>) {
        Object.defineProperty(total.h, key, { value, enumerable: true, writable: true, configurable: true });
      },
    });
  }
  return total;
}

/** The median of a histogram of whole numbers (the mean of the two middle values for an even count). */
export function histogramMedian(histogram: Record<string, number> | undefined): number | null {
  if (!histogram) return null;
  const buckets: [bucket: number, count: number][] = [];
  let total = 0;
  let sorted = true;
  // Non-negative whole-number keys enumerate in ascending order: sort only when another kind appears.
  for (const key in histogram) {
    const count = histogram[key] as number;
    if (!(count > 0)) continue;
    const bucket = Number(key);
    if (buckets.length > 0 && bucket < (buckets.at(-1) as [number, number])[0]) sorted = false;
    buckets.push([bucket, count]);
    total += count;
  }
  if (total === 0) return null;
  if (!sorted) buckets.sort((a, b) => a[0] - b[0]);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (rank < seen) return bucket;
    }
    return buckets.at(-1)?.[0] ?? 0;
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

/** Reads facts, optionally narrowed to one dimension value (a rep's own figures, one source). */
export interface TFactsReader {
  count(metric: TMetricId, filter?: TFactFilter): number;
  amount(metric: TMetricId, filter?: TFactFilter): number;
  median(metric: TMetricId, filter?: TFactFilter): number | null;
  /** Values a dimension takes for a metric, with their counts and amounts. */
  breakdown(metric: TMetricId, dim: TFactDim): { value: string; n: number; v: number }[];
}

export function readFacts(any: TAnyFacts, scope: TFactFilter = {}): TFactsReader {
  if (isPacked(any)) return readPacked(any, scope);
  const facts = any;
  const key = (metric: TMetricId, filter: TFactFilter = {}) => factKey(metric, { ...scope, ...filter });
  return {
    count: (metric, filter) => facts.n[key(metric, filter)] ?? 0,
    amount: (metric, filter) => facts.v[key(metric, filter)] ?? 0,
    median: (metric, filter) => histogramMedian(facts.h[key(metric, filter)]),
    breakdown(metric, dim) {
      if (Object.keys(scope).length > 0) return [];
      const prefix = `${metric}|${FACT_DIMS[dim]}|`;
      return Object.keys(facts.n)
        .filter((candidate) => candidate.startsWith(prefix))
        .map((candidate) => ({ value: decodeValue(candidate.slice(prefix.length)), n: facts.n[candidate] ?? 0, v: facts.v[candidate] ?? 0 }));
    },
  };
}

/** A packed day read as it is: a trend chart reads a few keys of each day, cheaper to find than to unpack hundreds. */
function readPacked(packed: TPackedFacts, scope: TFactFilter): TFactsReader {
  let unpacked: TFactsReader | undefined;
  const whole = () => (unpacked ??= readFacts(sumFacts([packed]), scope));
  const key = (metric: TMetricId, filter: TFactFilter = {}) => factKey(metric, { ...scope, ...filter });
  const total = (values: number[], wanted: string) => {
    let sum = 0;
    for (let index = 0; index < packed.keys.length; index++) if (packed.keys[index] === wanted) sum += values[index] as number;
    return sum;
  };
  return {
    count: (metric, filter) => total(packed.n, key(metric, filter)),
    amount: (metric, filter) => total(packed.v, key(metric, filter)),
    median: (metric, filter) => whole().median(metric, filter),
    breakdown: (metric, dim) => whole().breakdown(metric, dim),
  };
}
