import type { TServiceContext } from '../context/service-context.ts';
import { invalid } from '../errors/app-error.ts';
import { addDays, comparisonRange, dayOf, daysBetween, listDays, type TCompare } from './day-range.ts';

export interface TResolvedRange {
  from: string;
  to: string;
  days: string[];
  timeZone: string;
  today: string;
  comparison: { from: string; to: string; compare: TCompare; days: string[] } | null;
}

/** The default period: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/** A query's days in the organisation's zone, with the period it is compared with. */
export function resolveRange(ctx: TServiceContext, query: { from?: string | undefined; to?: string | undefined; compare?: TCompare | undefined }): TResolvedRange {
  const timeZone = ctx.tenant.timezone;
  const today = dayOf(ctx.ports.clock.now(), timeZone);
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw invalid('from', 'from is after to', 'query');
  if (daysBetween(from, to) > 3 * 366) throw invalid('to', 'Ranges are limited to three years', 'query');
  const compared = comparisonRange(from, to, query.compare ?? 'previous');
  return {
    from,
    to,
    days: listDays(from, to),
    timeZone,
    today,
    comparison: compared ? { ...compared, compare: query.compare ?? 'previous', days: listDays(compared.from, compared.to) } : null,
  };
}
