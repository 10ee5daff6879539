import type { TMetricId, TRecordKind } from './metric-catalog.ts';

/** An aggregation stage, as the document-store port takes it. */
export type TStage = Record<string, unknown>;

/** The instants a computation covers, both included, and the organisation's zone (days, weeks). */
export interface TWindow {
  start: Date;
  end: Date;
  timeZone: string;
  /** The clock's time: levels are taken here when the window ends now. */
  now: Date;
}

/**
 * One counted event (or, for levels, one open record), as every family's pipeline emits it.
 * Counting groups these rows; drill-downs page through them; custom reports group them by a
 * dimension. Because all three read the same rows, a drill-down lists exactly what was counted.
 */
export type TEventRow = {
  kind: TRecordKind;
  /** The record's id (lead, deal, communication, follow-up). */
  id: string;
  metric: TMetricId;
  at: Date;
  /** Amount (fee, minutes, days), or null. */
  amount: number | null;
  source: string | null;
  rep: string | null;
  property_type: string | null;
  /** The record's status now. */
  status: string | null;
  /** A lost or cancel reason, or a buyer id, depending on the metric. */
  extra: string | null;
  /** Histogram bucket (whole minutes) for metrics whose median is reported. */
  bucket: number | null;
};

/**
 * A family of metrics read from one collection with one pipeline: it starts with a `$match` an
 * index narrows (tenant_id first, then the family's timestamp), shapes each record into
 * `TEventRow`s, and keeps only rows whose `at` is inside the window.
 */
export interface TMetricFamily {
  id: string;
  collection: string;
  metrics: readonly TMetricId[];
  pipeline(window: TWindow): TStage[];
}

export const lit = (value: unknown) => ({ $literal: value });

/** `$project` of the row fields, from expressions over the input document. */
export function rowProjection(fields: { [K in keyof TEventRow]: unknown }): TStage {
  return { $project: { _id: 0, ...fields } };
}

/**
 * Whether `at` (an expression, such as `$$this.at`) lies in the window: keeps only a record's
 * events of the window before `$unwind`, so events of other days are never copied into rows.
 */
export const within = (window: TWindow, at: string) => ({ $and: [{ $gte: [at, window.start] }, { $lte: [at, window.end] }] });

/** Keeps the rows of the window (after a family's `$unwind` of several events per record). */
export const inWindow = (window: TWindow, field = 'at'): TStage => ({ $match: { [field]: { $gte: window.start, $lte: window.end } } });

/**
 * Records with an element of `array` whose `field` lies in the window (and that meets the
 * `element` conditions, if any). `$elemMatch` keeps both
 * bounds on one element, so a multikey index on `array.field` is read between them (a plain
 * range on an array path gets one bound only, on MongoDB and the embedded store alike).
 */
export const someInWindow = (window: TWindow, array: string, field: string, element: Record<string, unknown> = {}): TStage => ({
  $match: { [array]: { $elemMatch: { [field]: { $gte: window.start, $lte: window.end }, ...element } } },
});

/** Timestamps of the array elements (`$$this`) that satisfy `cond`, reduced with `$min`/`$max`. */
export const pickTime = (reducer: '$min' | '$max', input: unknown, cond: unknown, field: string) => ({
  [reducer]: { $map: { input: { $filter: { input, cond } }, in: `$$this.${field}` } },
});

/** Whole minutes from `from` to `to` (floored, never negative). */
export const minutesBetween = (from: unknown, to: unknown) => ({ $max: [0, { $floor: { $divide: [{ $subtract: [to, from] }, 60_000] } }] });

/** Days (fractional, never negative) from `from` to `to`. */
export const daysBetween = (from: unknown, to: unknown) => ({ $max: [0, { $divide: [{ $subtract: [to, from] }, 86_400_000] }] });
