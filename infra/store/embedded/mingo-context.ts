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
import { truncateDate } from './date-trunc.ts';
import { isPlainObject } from './document-values.ts';

/**
 * The mingo operators the embedded store uses, with two corrections where mingo 7 departs from
 * MongoDB (checked in tests/contract):
 * - `$dateTrunc` is ours (date-trunc.ts): mingo's ignores the time zone when picking the bin.
 * - `$count` over no documents yields `{n: 0}`; MongoDB yields no document.
 */

function $dateTrunc(obj: Record<string, unknown>, expr: unknown, options: Options): unknown {
  const args = evalExpr(obj, expr, options);
  if (!isPlainObject(args)) throw new Error('$dateTrunc only supports an object as its argument');
  const { date, unit, binSize, timezone, startOfWeek } = args;
  if (date === null || date === undefined || unit === null || unit === undefined) return null;
  if (!(date instanceof Date)) throw new Error("$dateTrunc requires 'date' to be a date");
  return truncateDate({
    date,
    unit: String(unit),
    ...(binSize === undefined || binSize === null ? {} : { binSize: Number(binSize) }),
    ...(typeof timezone === 'string' ? { timezone } : {}),
    ...(typeof startOfWeek === 'string' ? { startOfWeek } : {}),
  });
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
