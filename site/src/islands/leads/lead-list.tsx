import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { ComponentChildren } from 'preact';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import type { TLeadStatus } from '../../../../shared/leads/lead.constants.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { Table, type TColumn, type TSort } from '../../components/table.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { saveFile } from '../../lib/save-file.ts';
import { assigneeName, useAssignees } from '../../lib/assignees.ts';
import { label, money, oneLineAddress, phone as formatPhone, plural, relativeTime, shortDate } from '../../lib/format.ts';
import { DEFAULT_LEAD_SORT, EMPTY_LEAD_FILTERS, extraFilterCount, leadFilterQuery, leadListSearch, readLeadListState, type TLeadListFilters, type TLeadListSort } from '../../lib/lead-list-query.ts';
import { canWriteLeads, LEAD_STATUS_OPTIONS, LEAD_STATUS_TONE } from '../../lib/lead-rules.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import { useViewer } from '../../lib/use-role.ts';

// Loaded on use: the first selection brings the bulk bar, the Filters button the drawer.
const LeadBulkActions = lazy(() => import('./lead-bulk-actions.tsx').then((module) => ({ default: module.LeadBulkActions })));
const LeadFilters = lazy(() => import('./lead-filters.tsx').then((module) => ({ default: module.LeadFilters })));

/** `GET /api/leads/counts`: leads per status under the other filters. */
export interface TLeadCounts {
  total: number;
  by_status: Partial<Record<TLeadStatus, number>>;
}

const PAGE_SIZE = 100;
/** The phone's sort menu (the table sorts by its headers). */
const SORT_OPTIONS: { value: string; label: string }[] = [
  { value: 'created_at:desc', label: 'Newest first' },
  { value: 'created_at:asc', label: 'Oldest first' },
  { value: 'updated_at:desc', label: 'Recently updated' },
  { value: 'last_contacted:desc', label: 'Recently contacted' },
  { value: 'last_contacted:asc', label: 'Longest since contact' },
  { value: 'lead_score:desc', label: 'Highest score' },
  { value: 'estimated_value:desc', label: 'Highest value' },
  { value: 'estimated_value:asc', label: 'Lowest value' },
  { value: 'full_name:asc', label: 'Name A–Z' },
  { value: 'full_name:desc', label: 'Name Z–A' },
];

type TListState = { items: TLead[]; nextCursor: string | null; loading: boolean; loadingMore: boolean; error: string | null };

const detailHref = (lead: Pick<TLead, 'id'>) => `/leads/detail?id=${encodeURIComponent(lead.id)}`;

/**
 * The leads list: status chips with counts, search, filters in a drawer, sort, and a selection
 * for bulk assign, tag and status. Pages of 100 come from the API's cursor as the end scrolls into
 * view; the table renders only the rows on screen, so 100k leads stay fast. Phones get cards.
 * Filters and sort live in the address, so a view can be bookmarked and Back restores it.
 */
export function LeadList() {
  const viewer = useViewer();
  const isPhone = useMediaQuery(PHONE_QUERY);
  const assignees = useAssignees();
  const [filters, setFilters] = useState<TLeadListFilters>(EMPTY_LEAD_FILTERS);
  const [sort, setSort] = useState<TLeadListSort>(DEFAULT_LEAD_SORT);
  const [ready, setReady] = useState(false);
  const [query, setQuery] = useState('');
  const [list, setList] = useState<TListState>({ items: [], nextCursor: null, loading: true, loadingMore: false, error: null });
  const [counts, setCounts] = useState<TLeadCounts | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [reload, setReload] = useState(0);
  // Answers of an older query must not land in a newer list.
  const generation = useRef(0);

  useEffect(() => {
    const state = readLeadListState(location.search);
    setFilters(state.filters);
    setSort(state.sort);
    setQuery(state.filters.q);
    setReady(true);
  }, []);

  // The search box asks once typing pauses.
  useEffect(() => {
    if (!ready || query.trim() === filters.q) return;
    const timer = setTimeout(() => setFilters((current) => ({ ...current, q: query.trim() })), 300);
    return () => clearTimeout(timer);
  }, [query, ready]);

  useEffect(() => {
    if (!ready) return;
    const run = ++generation.current;
    const controller = new AbortController();
    history.replaceState(history.state, '', `${location.pathname}${leadListSearch(filters, sort)}`);
    setList((current) => ({ ...current, loading: true, error: null }));
    api()
      .get<{ items: TLead[]; nextCursor: string | null }>('/api/leads', { query: { ...leadFilterQuery(filters), sort: sort.key, direction: sort.direction, limit: PAGE_SIZE }, signal: controller.signal })
      .then((page) => {
        if (run === generation.current) setList({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ items: [], nextCursor: null, loading: false, loadingMore: false, error: error instanceof Error ? error.message : 'Could not load leads.' });
      });
    api()
      .get<TLeadCounts>('/api/leads/counts', { query: leadFilterQuery(filters, { withStatus: false }), signal: controller.signal })
      .then(setCounts)
      .catch(() => undefined);
    return () => controller.abort();
  }, [filters, sort, ready, reload]);

  const loadMore = useCallback(() => {
    if (!list.nextCursor || list.loadingMore || list.loading) return;
    const run = generation.current;
    setList((current) => ({ ...current, loadingMore: true }));
    api()
      .get<{ items: TLead[]; nextCursor: string | null }>('/api/leads', { query: { ...leadFilterQuery(filters), sort: sort.key, direction: sort.direction, limit: PAGE_SIZE, cursor: list.nextCursor } })
      .then((page) => {
        if (run !== generation.current) return;
        setList((current) => ({ ...current, items: [...current.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false }));
      })
      .catch((error: unknown) => {
        if (run === generation.current) setList((current) => ({ ...current, loadingMore: false, error: error instanceof Error ? error.message : 'Could not load more leads.' }));
      });
  }, [list.nextCursor, list.loadingMore, list.loading, filters, sort]);

  const [exporting, setExporting] = useState(false);
  /** The view as CSV: the same filters and order, everything the viewer may see. */
  const exportCsv = async () => {
    setExporting(true);
    try {
      saveFile(await api().download('/api/leads/export', { query: { ...leadFilterQuery(filters), sort: sort.key, direction: sort.direction } }), 'leads.csv');
    } catch (error) {
      toast('Export failed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setExporting(false);
    }
  };
  const writer = canWriteLeads(viewer.role);
  const toggleStatus = (status: TLeadStatus | null) => {
    setSelected(new Set());
    setFilters((current) => ({ ...current, status: status === null ? [] : current.status.includes(status) ? current.status.filter((entry) => entry !== status) : [...current.status, status] }));
  };
  const total = counts ? (filters.status.length > 0 ? filters.status.reduce((sum, status) => sum + (counts.by_status[status] ?? 0), 0) : counts.total) : null;
  const filtered = extraFilterCount(filters) > 0 || filters.status.length > 0 || filters.q !== '';
  const clearAll = () => {
    setQuery('');
    setSelected(new Set());
    setFilters(EMPTY_LEAD_FILTERS);
  };

  // Column minimums sum to the width a 1440 px screen leaves the table (70rem); narrower screens scroll inside it.
  const columns: TColumn<TLead>[] = [
    {
      key: 'full_name',
      header: 'Seller',
      width: 'minmax(10rem, 1.4fr)',
      sortValue: (lead) => lead.full_name,
      cell: (lead) => (
        <a href={detailHref(lead)} tabIndex={-1} className="dc-row-link">
          {lead.full_name}
        </a>
      ),
    },
    { key: 'address', header: 'Property', width: 'minmax(11rem, 2fr)', cell: (lead) => oneLineAddress(lead.address) || <span className="muted">No address</span> },
    { key: 'phone', header: 'Phone', width: 'minmax(8rem, 0.9fr)', cell: (lead) => formatPhone(lead.phone) },
    { key: 'status', header: 'Status', width: 'minmax(7.5rem, 0.8fr)', cell: (lead) => <Badge tone={LEAD_STATUS_TONE[lead.status]}>{label(lead.status)}</Badge> },
    { key: 'lead_score', header: 'Score', width: 'minmax(4.5rem, 0.5fr)', align: 'end', sortValue: (lead) => lead.lead_score, cell: (lead) => lead.lead_score ?? '—' },
    { key: 'estimated_value', header: 'Value', width: 'minmax(6.5rem, 0.7fr)', align: 'end', sortValue: (lead) => lead.estimated_value, cell: (lead) => money(lead.estimated_value) },
    { key: 'assigned_to', header: 'Assigned', width: 'minmax(7.5rem, 0.9fr)', cell: (lead) => assigneeName(assignees, lead.assigned_to, viewer.uid) },
    { key: 'last_contacted', header: 'Last contact', width: 'minmax(7rem, 0.8fr)', sortValue: (lead) => lead.last_contacted, cell: (lead) => (lead.last_contacted ? relativeTime(lead.last_contacted) : 'Never') },
    { key: 'created_at', header: 'Created', width: 'minmax(6.5rem, 0.7fr)', sortValue: (lead) => lead.created_at, cell: (lead) => shortDate(lead.created_at) },
  ];
  const tableSort: TSort = { key: sort.key, direction: sort.direction === 'asc' ? 'ascending' : 'descending' };

  const empty = filtered ? (
    <EmptyState icon="search" title="No leads match these filters" description="Try fewer filters or another search." action={<Button onClick={clearAll}>Clear filters</Button>} />
  ) : (
    <EmptyState
      icon="home"
      title="No leads yet"
      description="Add a seller by hand or import a list."
      action={
        writer ? (
          <div className="cluster">
            <Button href="/leads/new" variant="primary">
              New lead
            </Button>
            <Button href="/leads/import-export">Import a CSV</Button>
          </div>
        ) : undefined
      }
    />
  );

  return (
    <div className="stack">
      <div className="dc-toolbar">
        <div className="dc-chip-row" role="group" aria-label="Filter by status">
          <button type="button" className="dc-chip" aria-pressed={filters.status.length === 0} onClick={() => toggleStatus(null)}>
            All{counts ? ` · ${counts.total.toLocaleString('en-US')}` : ''}
          </button>
          {LEAD_STATUS_OPTIONS.map((option) => (
            <button key={option.value} type="button" className="dc-chip" aria-pressed={filters.status.includes(option.value)} onClick={() => toggleStatus(option.value)}>
              {option.label}
              {counts ? ` · ${(counts.by_status[option.value] ?? 0).toLocaleString('en-US')}` : ''}
            </button>
          ))}
        </div>
        <div className="dc-toolbar-row">
          <label className="dc-search-field">
            <span className="visually-hidden">Search leads</span>
            <input className="dc-input" type="search" placeholder="Search name, phone, email or address" value={query} maxLength={100} onInput={(event) => setQuery(event.currentTarget.value)} />
          </label>
          <Button onClick={() => setFiltersOpen(true)} aria-haspopup="dialog">
            Filters{extraFilterCount(filters) > 0 ? ` (${extraFilterCount(filters)})` : ''}
          </Button>
          {isPhone && (
            <label className="dc-inline-select">
              <span className="visually-hidden">Sort by</span>
              <select
                className="dc-input dc-select"
                value={`${sort.key}:${sort.direction}`}
                onChange={(event) => {
                  const [key, direction] = event.currentTarget.value.split(':') as [TLeadListSort['key'], TLeadListSort['direction']];
                  setSort({ key, direction });
                }}
              >
                {SORT_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Button onClick={() => void exportCsv()} loading={exporting}>
            Export
          </Button>
          {filtered && (
            <Button variant="ghost" onClick={clearAll}>
              Clear all
            </Button>
          )}
        </div>
      </div>

      {writer && selected.size > 0 && (
        <Suspense fallback={<p className="dc-bulk-bar">{plural(selected.size, 'lead')} selected</p>}>
          <LeadBulkActions
            ids={[...selected]}
            role={viewer.role}
            uid={viewer.uid}
            onClear={() => setSelected(new Set())}
            onDone={() => {
              setSelected(new Set());
              setReload((value) => value + 1);
            }}
          />
        </Suspense>
      )}

      {list.error && (
        <div className="dc-alert" role="alert">
          {list.error}{' '}
          <button type="button" className="dc-link-button" onClick={() => setReload((value) => value + 1)}>
            Try again
          </button>
        </div>
      )}

      <p className="muted dc-list-summary" aria-live="polite">
        {list.loading ? 'Loading leads…' : total !== null ? `Showing ${list.items.length.toLocaleString('en-US')} of ${plural(total, 'lead')}` : `${plural(list.items.length, 'lead')} loaded`}
      </p>

      {isPhone ? (
        <LeadCards
          leads={list.items}
          loading={list.loading}
          hasMore={Boolean(list.nextCursor)}
          loadingMore={list.loadingMore}
          onMore={loadMore}
          selectable={writer}
          selected={selected}
          onSelect={setSelected}
          assigneeLabel={(lead) => assigneeName(assignees, lead.assigned_to, viewer.uid)}
          empty={empty}
        />
      ) : (
        <Card flush className="dc-card--table">
          <Table
            label="Leads"
            columns={columns}
            rows={list.items}
            rowKey={(lead) => lead.id}
            onRowActivate={(lead) => location.assign(detailHref(lead))}
            sort={tableSort}
            onSortChange={(next) => {
              setSelected(new Set());
              setSort({ key: next.key as TLeadListSort['key'], direction: next.direction === 'ascending' ? 'asc' : 'desc' });
            }}
            height={560}
            minWidth="70rem"
            loading={list.loading}
            empty={empty}
            selection={writer ? { selected, onChange: setSelected, rowLabel: (lead) => `Select ${lead.full_name}` } : undefined}
            onEndReached={loadMore}
          />
          {list.loadingMore && <p className="muted dc-table-footer">Loading more leads…</p>}
        </Card>
      )}

      {filtersOpen && (
        <Suspense fallback={null}>
          <LeadFilters
            open={filtersOpen}
            filters={filters}
            role={viewer.role}
            onClose={() => setFiltersOpen(false)}
            onApply={(next) => {
              setSelected(new Set());
              setFilters({ ...next, status: filters.status, q: filters.q });
              setFiltersOpen(false);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

interface LeadCardsProps {
  leads: TLead[];
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  selectable: boolean;
  selected: Set<string>;
  onSelect: (next: Set<string>) => void;
  assigneeLabel: (lead: TLead) => string;
  empty: ComponentChildren;
}

/** The phone's list: one card per lead, the next page loading as the end comes into view. */
function LeadCards({ leads, loading, hasMore, loadingMore, onMore, selectable, selected, onSelect, assigneeLabel, empty }: LeadCardsProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, onMore]);

  if (loading)
    return (
      <ul className="dc-record-cards" aria-busy="true" aria-label="Leads">
        {Array.from({ length: 4 }, (_, index) => (
          <li key={index} className="dc-record-card">
            <span className="dc-skeleton-line" />
            <span className="dc-skeleton-line" />
          </li>
        ))}
      </ul>
    );
  if (leads.length === 0) return <Card>{empty}</Card>;
  return (
    <>
      <ul className="dc-record-cards" aria-label="Leads">
        {leads.map((lead) => (
          <li key={lead.id} className={selected.has(lead.id) ? 'dc-record-card is-selected' : 'dc-record-card'}>
            {selectable && (
              <input
                type="checkbox"
                className="dc-record-card-check"
                aria-label={`Select ${lead.full_name}`}
                checked={selected.has(lead.id)}
                onChange={() => {
                  const next = new Set(selected);
                  if (next.has(lead.id)) next.delete(lead.id);
                  else next.add(lead.id);
                  onSelect(next);
                }}
              />
            )}
            <a className="dc-record-card-link" href={detailHref(lead)}>
              <span className="dc-record-card-title">
                {lead.full_name} <Badge tone={LEAD_STATUS_TONE[lead.status]}>{label(lead.status)}</Badge>
              </span>
              <span className="dc-record-card-line">{oneLineAddress(lead.address) || formatPhone(lead.phone)}</span>
              <span className="dc-record-card-meta">
                <span>{assigneeLabel(lead)}</span>
                {lead.lead_score !== null && <span>Score {lead.lead_score}</span>}
                {lead.estimated_value !== null && <span>{money(lead.estimated_value)}</span>}
                <span>{lead.last_contacted ? `Contacted ${relativeTime(lead.last_contacted)}` : 'Not contacted yet'}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="dc-load-more">
        {hasMore && (
          <Button size="sm" loading={loadingMore} onClick={onMore}>
            Load more
          </Button>
        )}
      </div>
    </>
  );
}
