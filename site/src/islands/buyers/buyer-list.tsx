import { useEffect, useRef, useState } from 'react';
import type { ComponentChildren } from 'preact';
import { PROPERTY_TYPES } from '../../../../shared/leads/lead.constants.ts';
import { US_STATES } from '../../../../shared/schemas/us-states.ts';
import type { TBuyer } from '../../../../shared/buyers/buyer.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Table, type TColumn, type TSort } from '../../components/table.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { areas, priceRange, propertyTypes } from '../../lib/buy-box.ts';
import { canWriteBuyers } from '../../lib/deal-rules.ts';
import { label, parseMoney, phone, plural, relativeTime } from '../../lib/format.ts';
import { saveFile } from '../../lib/save-file.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import { useViewer } from '../../lib/use-role.ts';

type TBuyerSort = 'created_at' | 'full_name' | 'last_activity_at';

const detailHref = (buyer: Pick<TBuyer, 'id'>) => `/buyers/detail?id=${encodeURIComponent(buyer.id)}`;

/**
 * Cash buyers with their buy box and track record: search, filter by status, property type,
 * state and a price they would pay, sort, export what is shown. Pages load as the end scrolls
 * into view; phones get cards.
 */
export function BuyerList() {
  const viewer = useViewer();
  const isPhone = useMediaQuery(PHONE_QUERY);
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'active' | 'inactive' | ''>('active');
  const [type, setType] = useState('');
  const [state, setState] = useState('');
  const [price, setPrice] = useState('');
  const [sort, setSort] = useState<{ key: TBuyerSort; direction: 'asc' | 'desc' }>({ key: 'last_activity_at', direction: 'desc' });
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setQ(query.trim()), 300);
    return () => clearTimeout(timer);
  }, [query]);

  const priceValue = parseMoney(price);
  const filters = { q: q || undefined, status: status || undefined, property_type: type || undefined, state: state || undefined, price: priceValue !== undefined && !Number.isNaN(priceValue) ? priceValue : undefined };
  const list = useCursorList<TBuyer>('/api/buyers', { ...filters, sort: sort.key, direction: sort.direction, limit: 100 });

  const exportCsv = async () => {
    setExporting(true);
    try {
      saveFile(await api().download('/api/buyers/export', { query: { ...filters, sort: sort.key, direction: sort.direction } }), 'buyers.csv');
    } catch (error) {
      toast('Export failed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setExporting(false);
    }
  };

  const columns: TColumn<TBuyer>[] = [
    {
      key: 'full_name',
      header: 'Buyer',
      width: 'minmax(11rem, 1.4fr)',
      sortValue: (buyer) => buyer.full_name,
      cell: (buyer) => (
        <a href={detailHref(buyer)} tabIndex={-1} className="dc-row-link">
          {buyer.full_name}
          {buyer.company ? <span className="muted"> · {buyer.company}</span> : null}
        </a>
      ),
    },
    { key: 'phone', header: 'Phone', width: 'minmax(8rem, 0.9fr)', cell: (buyer) => (buyer.phone ? phone(buyer.phone) : (buyer.email ?? '—')) },
    { key: 'types', header: 'Buys', width: 'minmax(9rem, 1.2fr)', cell: (buyer) => propertyTypes(buyer.buy_box) },
    { key: 'price', header: 'Price range', width: 'minmax(8rem, 0.9fr)', cell: (buyer) => priceRange(buyer.buy_box) },
    { key: 'areas', header: 'Areas', width: 'minmax(9rem, 1.2fr)', cell: (buyer) => areas(buyer.buy_box) },
    { key: 'deals', header: 'Bought', width: 'minmax(5rem, 0.5fr)', align: 'end', cell: (buyer) => buyer.metrics?.deals_bought ?? 0 },
    { key: 'last_activity_at', header: 'Last active', width: 'minmax(7rem, 0.8fr)', sortValue: (buyer) => buyer.last_activity_at, cell: (buyer) => (buyer.last_activity_at ? relativeTime(buyer.last_activity_at) : 'Never') },
    { key: 'status', header: 'Status', width: 'minmax(6rem, 0.6fr)', cell: (buyer) => <Badge tone={buyer.status === 'active' ? 'success' : 'neutral'}>{label(buyer.status)}</Badge> },
  ];
  const tableSort: TSort = { key: sort.key, direction: sort.direction === 'asc' ? 'ascending' : 'descending' };
  const filtered = Boolean(q || type || state || price) || status !== 'active';
  const empty = filtered ? (
    <EmptyState icon="search" title="No buyers match" description="Try another search or fewer filters." />
  ) : (
    <EmptyState icon="users" title="No buyers yet" description="Add the cash buyers you sell to, with what they buy." action={canWriteBuyers(viewer.role) ? <Button href="/buyers/new" variant="primary">New buyer</Button> : undefined} />
  );

  return (
    <div className="stack">
      <div className="dc-toolbar">
        <div className="dc-chip-row" role="group" aria-label="Filter by status">
          {(['active', 'inactive', ''] as const).map((value) => (
            <button key={value || 'all'} type="button" className="dc-chip" aria-pressed={status === value} onClick={() => setStatus(value)}>
              {value === '' ? 'All' : label(value)}
            </button>
          ))}
        </div>
        <div className="dc-toolbar-row">
          <label className="dc-search-field">
            <span className="visually-hidden">Search buyers</span>
            <input className="dc-input" type="search" placeholder="Search name, company, phone or email" value={query} maxLength={100} onInput={(event) => setQuery(event.currentTarget.value)} />
          </label>
          <label className="dc-inline-select">
            <span className="visually-hidden">Property type</span>
            <select className="dc-input dc-select" value={type} onChange={(event) => setType(event.currentTarget.value)}>
              <option value="">Any property type</option>
              {PROPERTY_TYPES.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
          </label>
          <label className="dc-inline-select dc-inline-select--narrow">
            <span className="visually-hidden">State</span>
            <select className="dc-input dc-select" value={state} onChange={(event) => setState(event.currentTarget.value)}>
              <option value="">Any state</option>
              {US_STATES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label className="dc-inline-select dc-inline-select--narrow">
            <span className="visually-hidden">Buys at this price</span>
            <input className="dc-input" inputMode="numeric" placeholder="Buys at $…" value={price} onInput={(event) => setPrice(event.currentTarget.value)} />
          </label>
          <Button onClick={() => void exportCsv()} loading={exporting}>
            Export CSV
          </Button>
        </div>
      </div>
      {list.error && <FormAlert message={list.error} />}
      <p className="muted dc-list-summary" aria-live="polite">
        {list.loading ? 'Loading buyers…' : `${plural(list.items.length, 'buyer')}${list.nextCursor ? ' loaded (more as you scroll)' : ''}`}
      </p>
      {isPhone ? (
        <BuyerCards buyers={list.items} loading={list.loading} hasMore={Boolean(list.nextCursor)} loadingMore={list.loadingMore} onMore={list.loadMore} empty={empty} />
      ) : (
        <Card flush className="dc-card--table">
          <Table
            label="Buyers"
            columns={columns}
            rows={list.items}
            rowKey={(buyer) => buyer.id}
            onRowActivate={(buyer) => location.assign(detailHref(buyer))}
            sort={tableSort}
            onSortChange={(next) => setSort({ key: next.key as TBuyerSort, direction: next.direction === 'ascending' ? 'asc' : 'desc' })}
            height={560}
            minWidth="66rem"
            loading={list.loading}
            empty={empty}
            onEndReached={list.loadMore}
          />
          {list.loadingMore && <p className="muted dc-table-footer">Loading more buyers…</p>}
        </Card>
      )}
    </div>
  );
}

function BuyerCards({ buyers, loading, hasMore, loadingMore, onMore, empty }: { buyers: TBuyer[]; loading: boolean; hasMore: boolean; loadingMore: boolean; onMore: () => void; empty: ComponentChildren }) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasMore) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && onMore());
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, onMore]);
  if (loading) return <Card>Loading buyers…</Card>;
  if (buyers.length === 0) return <Card>{empty}</Card>;
  return (
    <>
      <ul className="dc-record-cards" aria-label="Buyers">
        {buyers.map((buyer) => (
          <li key={buyer.id} className="dc-record-card">
            <a className="dc-record-card-link" href={detailHref(buyer)}>
              <span className="dc-record-card-title">
                {buyer.full_name} {buyer.status === 'inactive' && <Badge>Inactive</Badge>}
              </span>
              {buyer.company && <span className="dc-record-card-line">{buyer.company}</span>}
              <span className="dc-record-card-line">
                {propertyTypes(buyer.buy_box)} · {priceRange(buyer.buy_box)}
              </span>
              <span className="dc-record-card-meta">
                <span>{areas(buyer.buy_box)}</span>
                <span>{plural(buyer.metrics?.deals_bought ?? 0, 'deal')} bought</span>
                <span>{buyer.last_activity_at ? `Active ${relativeTime(buyer.last_activity_at)}` : 'No activity yet'}</span>
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
