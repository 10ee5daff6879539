import type { TPrincipal } from '../auth/principal.ts';
import { AppError, type TFieldError } from '../errors/app-error.ts';
import type { TFilter } from '../ports/document-store.ts';
import { searchTokenFilter } from '../search/search-tokens.ts';
import { zonedDayEnd, zonedDayStart } from '../tenants/zoned-day.ts';
import type { TLeadFilters } from './lead.schemas.ts';

/**
 * The one translation of the lead list's filters (`ZListLeadsQuery`) into a store filter, with
 * the caller's visibility (reps: their leads and unassigned ones) applied. The list, the
 * counts and the CSV export all use it, so they always agree. Every value reaches the store as
 * a value, never as an operator: the schema has already typed and bounded it.
 */
export function buildLeadListFilter(principal: TPrincipal, timeZone: string, query: Partial<TLeadFilters>): TFilter {
  const errors: TFieldError[] = [];
  const filter: TFilter = {};
  const and: TFilter[] = [];
  const oneOrAny = <T>(values: T[]) => (values.length === 1 ? values[0] : { $in: values });

  if (query.status?.length) filter.status = oneOrAny(query.status);
  if (query.source?.length) filter.source = oneOrAny(query.source);
  if (query.property_type?.length) filter.property_type = oneOrAny(query.property_type);
  if (query.tag?.length) filter.tags = oneOrAny(query.tag);

  const assignees = visibleAssignees(principal, query.assigned_to);
  if (assignees) filter.assigned_to = oneOrAny(assignees);

  if (query.min_value !== undefined && query.max_value !== undefined && query.min_value > query.max_value) {
    errors.push({ location: 'query', field: 'max_value', detail: 'The maximum value is below the minimum' });
  }
  if (query.min_value !== undefined || query.max_value !== undefined) {
    filter.estimated_value = {
      ...(query.min_value === undefined ? {} : { $gte: query.min_value }),
      ...(query.max_value === undefined ? {} : { $lte: query.max_value }),
    };
  }

  if (query.created_from && query.created_to && query.created_from > query.created_to) {
    errors.push({ location: 'query', field: 'created_to', detail: 'The end date is before the start date' });
  }
  if (query.created_from || query.created_to) {
    filter.created_at = {
      ...(query.created_from ? { $gte: zonedDayStart(query.created_from, timeZone) } : {}),
      ...(query.created_to ? { $lte: zonedDayEnd(query.created_to, timeZone) } : {}),
    };
  }

  if (query.q) {
    const search = searchTokenFilter(query.q);
    if (search) and.push(search);
  }
  if (errors.length > 0) throw new AppError('invalid', errors.map((error) => error.detail).join('; '), { fieldErrors: errors });
  return and.length > 0 ? { ...filter, $and: and } : filter;
}

/**
 * Assignees to match, or undefined for "anyone". `me` is the caller, `unassigned` is nobody;
 * a rep's request is narrowed to what they may see (an empty list then matches nothing).
 */
function visibleAssignees(principal: TPrincipal, requested: string[] | undefined): (string | null)[] | undefined {
  const wanted = requested?.length
    ? [...new Set(requested.map((value) => (value === 'me' ? principal.uid : value === 'unassigned' ? null : value)))]
    : undefined;
  if (principal.role !== 'acquisition_rep') return wanted;
  const visible = [principal.uid, null];
  return wanted ? wanted.filter((value) => visible.includes(value)) : visible;
}
