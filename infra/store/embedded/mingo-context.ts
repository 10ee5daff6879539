import { Context, evalExpr } from 'mingo/core';
import type { Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import { Query } from 'mingo/query';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import type { TFilter } from '../../../shared/ports/document-store.ts';
import { isPlainObject } from './document-values.ts';

/**
 * The mingo operators the embedded store uses, with two corrections where mingo 7 departs from
 * MongoDB (checked in tests/contract):
 * - `$dateTrunc` with a `timezone` truncates the UTC date, not the local one (so a 22:00 local
 *   time the day before lands in the wrong day); ours truncates local wall-clock time.
 * - `$count` over no documents yields `{n: 0}`; MongoDB yields no document.
 */

const mingoDateTrunc = expressionOperators.$dateTrunc;

const formatters = new Map<string, Intl.DateTimeFormat>();
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;
const DAY_MS = 86_400_000;
/** Per zone and UTC day: the offset, when the day holds no transition (one Intl call per day, not per document). */
const dayOffsets = new Map<string, number | null>();

/** Minutes to add to UTC to get wall-clock time in `timezone` (an Olson name or ±hh[:mm]) at `date`. */
export function zoneOffsetMinutes(timezone: string, date: Date): number {
  const fixed = OFFSET.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  const day = Math.floor(date.getTime() / DAY_MS);
  const key = `${timezone}@${day}`;
  let cached = dayOffsets.get(key);
  if (cached === undefined) {
    const start = exactOffset(timezone, new Date(day * DAY_MS));
    cached = start === exactOffset(timezone, new Date((day + 1) * DAY_MS - 1)) ? start : null;
    if (dayOffsets.size > 50_000) dayOffsets.clear();
    dayOffsets.set(key, cached);
  }
  return cached ?? exactOffset(timezone, date);
}

function exactOffset(timezone: string, date: Date): number {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wall - (date.getTime() - date.getUTCMilliseconds())) / 60_000);
}

function $dateTrunc(obj: Record<string, unknown>, expr: unknown, options: Options): unknown {
  const args = evalExpr(obj, expr, options) as Record<string, unknown> | null;
  const timezone = args?.timezone;
  if (!isPlainObject(args) || typeof timezone !== 'string' || !(args.date instanceof Date) || ['UTC', 'GMT', 'Z'].includes(timezone)) {
    return mingoDateTrunc(obj, expr, options);
  }
  // Truncate the wall-clock time as if it were UTC, then turn the local result back into an instant.
  const offset = zoneOffsetMinutes(timezone, args.date);
  const local = new Date(args.date.getTime() + offset * 60_000);
  const { timezone: _zone, ...rest } = args;
  const truncated = mingoDateTrunc(obj, { ...rest, date: local }, options);
  if (!(truncated instanceof Date)) return truncated;
  let instant = truncated.getTime() - offset * 60_000;
  const offsetThen = zoneOffsetMinutes(timezone, new Date(instant));
  if (offsetThen !== offset) instant = truncated.getTime() - offsetThen * 60_000;
  return new Date(instant);
}

function $count(collection: Iterator, expr: unknown, options: Options): Iterator {
  return pipelineOperators.$count(collection, expr as string, options).filter((row: Record<string, unknown>) => (row[expr as string] as number) > 0);
}

/** Every query, expression, accumulator, projection and window operator, corrected as above. */
export const BASE_OPERATORS = {
  accumulator: accumulatorOperators,
  expression: { ...expressionOperators, $dateTrunc },
  projection: projectionOperators,
  query: queryOperators,
  window: windowOperators,
};

/** Pipeline stages minus `$out`/`$merge` (they would write behind the store's back) and `$lookup` (ours). */
export function pipelineStages(lookup: typeof pipelineOperators.$lookup): typeof pipelineOperators {
  const { $out: _out, $merge: _merge, ...stages } = pipelineOperators;
  return { ...stages, $count, $lookup: lookup } as typeof pipelineOperators;
}

const queryContext = Context.init(BASE_OPERATORS);

/** A compiled filter with the store's operators. */
export const compileQuery = (filter: TFilter): Query => new Query(filter, { context: queryContext });
