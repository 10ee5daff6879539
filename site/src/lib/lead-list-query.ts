import { LEAD_SOURCES, LEAD_STATUSES, PROPERTY_TYPES, type TLeadSource, type TLeadStatus, type TPropertyType } from '../../../shared/leads/lead.constants.ts';

/** The leads list's filters as the page keeps them (and writes them to its address, so views can be shared and Back restores them). */
export interface TLeadListFilters {
  status: TLeadStatus[];
  source: TLeadSource[];
  property_type: TPropertyType[];
  /** A user id, `me`, `unassigned`, or '' for anyone. */
  assigned_to: string;
  tag: string;
  min_value: string;
  max_value: string;
  created_from: string;
  created_to: string;
  q: string;
}

export const LEAD_LIST_SORTS = ['created_at', 'updated_at', 'last_contacted', 'estimated_value', 'lead_score', 'full_name'] as const;
export type TLeadListSort = { key: (typeof LEAD_LIST_SORTS)[number]; direction: 'asc' | 'desc' };

export const EMPTY_LEAD_FILTERS: TLeadListFilters = { status: [], source: [], property_type: [], assigned_to: '', tag: '', min_value: '', max_value: '', created_from: '', created_to: '', q: '' };
export const DEFAULT_LEAD_SORT: TLeadListSort = { key: 'created_at', direction: 'desc' };

const listOf = <T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] =>
  params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .filter((value): value is T => (allowed as readonly string[]).includes(value));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d+(\.\d+)?$/;

/** Filters and sort from the page's query string; anything unknown or malformed is dropped, never sent. */
export function readLeadListState(search: string): { filters: TLeadListFilters; sort: TLeadListSort } {
  const params = new URLSearchParams(search);
  const text = (name: string, pattern?: RegExp) => {
    const value = (params.get(name) ?? '').trim().slice(0, 100);
    return pattern && !pattern.test(value) ? '' : value;
  };
  const sortKey = params.get('sort');
  return {
    filters: {
      status: listOf(params, 'status', LEAD_STATUSES),
      source: listOf(params, 'source', LEAD_SOURCES),
      property_type: listOf(params, 'property_type', PROPERTY_TYPES),
      assigned_to: text('assigned_to', /^[\w-]{1,128}$/),
      tag: text('tag', /^[\w -]{1,40}$/),
      min_value: text('min_value', AMOUNT),
      max_value: text('max_value', AMOUNT),
      created_from: text('created_from', DAY),
      created_to: text('created_to', DAY),
      q: text('q'),
    },
    sort: {
      key: (LEAD_LIST_SORTS as readonly string[]).includes(sortKey ?? '') ? (sortKey as TLeadListSort['key']) : DEFAULT_LEAD_SORT.key,
      direction: params.get('direction') === 'asc' ? 'asc' : 'desc',
    },
  };
}

/** The API query (`GET /api/leads` and `/counts`) for these filters; empty values are left out. */
export function leadFilterQuery(filters: TLeadListFilters, options: { withStatus?: boolean } = {}): Record<string, string> {
  const query: Record<string, string> = {};
  if (options.withStatus !== false && filters.status.length > 0) query.status = filters.status.join(',');
  if (filters.source.length > 0) query.source = filters.source.join(',');
  if (filters.property_type.length > 0) query.property_type = filters.property_type.join(',');
  for (const key of ['assigned_to', 'tag', 'min_value', 'max_value', 'created_from', 'created_to', 'q'] as const) {
    const value = filters[key].trim();
    if (value) query[key] = value;
  }
  return query;
}

/** The page's own query string for a state (defaults omitted, so a plain `/leads` stays plain). */
export function leadListSearch(filters: TLeadListFilters, sort: TLeadListSort): string {
  const query = leadFilterQuery(filters);
  if (sort.key !== DEFAULT_LEAD_SORT.key || sort.direction !== DEFAULT_LEAD_SORT.direction) Object.assign(query, { sort: sort.key, direction: sort.direction });
  const search = new URLSearchParams(query).toString();
  return search ? `?${search}` : '';
}

/** How many filters besides status and search are set (the Filters button's badge). */
export const extraFilterCount = (filters: TLeadListFilters): number =>
  [filters.source.length > 0, filters.property_type.length > 0, filters.assigned_to, filters.tag, filters.min_value || filters.max_value, filters.created_from || filters.created_to].filter(Boolean).length;
