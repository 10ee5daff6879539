import { useEffect, useState } from 'react';
import type { TBuyer } from '../../../../shared/buyers/buyer.schemas.ts';
import type { TDeal } from '../../../../shared/deals/deal.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { act } from '../../lib/act.ts';
import { api, ApiError } from '../../lib/api-client.ts';
import { areas, priceRange, propertyTypes } from '../../lib/buy-box.ts';
import { canWriteBuyers, DEAL_STATUS_TONE } from '../../lib/deal-rules.ts';
import { label, money, phone, relativeTime, shortDate } from '../../lib/format.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useViewer } from '../../lib/use-role.ts';
import { RecordTimeline } from '../records/record-timeline.tsx';

const loadSchemas = () => import('../../../../shared/buyers/buyer.schemas.ts');

type TLoad = { status: 'loading' } | { status: 'missing' } | { status: 'failed'; message: string } | { status: 'ready'; buyer: TBuyer };

const minutes = (value: number | null) => (value === null ? '—' : value < 60 ? `${Math.round(value)} min` : value < 1440 ? `${(value / 60).toFixed(1)} h` : `${(value / 1440).toFixed(1)} days`);
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** A cash buyer: what they buy, how they perform (computed from deals and replies), their deals and their timeline. */
export function BuyerDetail() {
  const viewer = useViewer();
  const [load, setLoad] = useState<TLoad>({ status: 'loading' });
  const [deals, setDeals] = useState<TDeal[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    const id = recordIdFromLocation();
    if (!id) return setLoad({ status: 'missing' });
    api()
      .get<TBuyer>(`/api/buyers/${encodeURIComponent(id)}`)
      .then((buyer) => {
        setLoad({ status: 'ready', buyer });
        setPageHeading(buyer.full_name);
      })
      .catch((error: unknown) => setLoad(error instanceof ApiError && (error.status === 404 || error.status === 400) ? { status: 'missing' } : { status: 'failed', message: error instanceof Error ? error.message : 'Could not load the buyer.' }));
    api()
      .get<{ items: TDeal[] }>('/api/deals', { query: { buyer_id: id, limit: 50 } })
      .then((page) => setDeals(page.items))
      .catch(() => setDeals([]));
  }, []);

  if (load.status === 'loading') return <Skeleton height="24rem" label="Loading the buyer" />;
  if (load.status === 'failed') return <FormAlert message={load.message} />;
  if (load.status === 'missing')
    return (
      <Card>
        <EmptyState level={2} icon="users" title="Buyer not found" description="They may have been deleted, or the link is wrong." action={<Button href="/buyers">Back to buyers</Button>} />
      </Card>
    );

  const buyer = load.buyer;
  const writer = canWriteBuyers(viewer.role);
  const box = buyer.buy_box;
  const metrics = buyer.metrics;
  const setStatus = async (status: TBuyer['status']) => {
    setBusy(true);
    await act(
      async () => {
        const saved = await api().patch<TBuyer>(`/api/buyers/${encodeURIComponent(buyer.id)}`, { status });
        setLoad({ status: 'ready', buyer: { ...saved, metrics: saved.metrics ?? buyer.metrics } });
      },
      { done: status === 'active' ? `${buyer.full_name} is active again` : `${buyer.full_name} is inactive: no deals are matched to them`, failed: 'Not changed' },
    );
    setBusy(false);
  };

  return (
    <div className="dc-record">
      <div className="dc-record-main">
        <Card>
          <div className="dc-record-summary">
            <div className="cluster">
              <Badge tone={buyer.status === 'active' ? 'success' : 'neutral'}>{label(buyer.status)}</Badge>
              <Badge>{label(box.criteria.financing)}</Badge>
              {buyer.tags.map((tag) => (
                <Badge key={tag} tone="secondary">
                  {tag}
                </Badge>
              ))}
            </div>
            {buyer.company && <p className="dc-record-subtitle">{buyer.company}</p>}
            <div className="cluster">
              {buyer.phone && (
                <Button size="sm" href={`tel:${buyer.phone}`}>
                  Call {phone(buyer.phone)}
                </Button>
              )}
              {buyer.phone && (
                <Button size="sm" href={`sms:${buyer.phone}`}>
                  Text
                </Button>
              )}
              {buyer.email && (
                <Button size="sm" href={`mailto:${buyer.email}`}>
                  Email
                </Button>
              )}
            </div>
            {writer && (
              <div className="dc-record-actions" role="group" aria-label="Buyer actions">
                <Button size="sm" variant="primary" href={`/buyers/edit?id=${encodeURIComponent(buyer.id)}`}>
                  Edit
                </Button>
                <Button size="sm" loading={busy} onClick={() => void setStatus(buyer.status === 'active' ? 'inactive' : 'active')}>
                  {buyer.status === 'active' ? 'Mark inactive' : 'Reactivate'}
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </div>
            )}
          </div>
        </Card>
        {metrics && (
          <dl className="dc-figures dc-figures--compact" aria-label="Track record">
            <div>
              <dt>Deals bought</dt>
              <dd>{metrics.deals_bought}</dd>
            </div>
            <div>
              <dt>Invested</dt>
              <dd>{money(metrics.total_invested)}</dd>
            </div>
            <div>
              <dt>Average deal</dt>
              <dd>{money(metrics.average_deal_size)}</dd>
            </div>
            <div>
              <dt>In progress</dt>
              <dd>{metrics.deals_in_progress}</dd>
            </div>
            <div>
              <dt>Fell through</dt>
              <dd>{metrics.deals_fell_through}</dd>
            </div>
            <div>
              <dt>Replies in</dt>
              <dd>{minutes(metrics.median_response_minutes)}</dd>
            </div>
            <div>
              <dt>Response rate</dt>
              <dd>{percent(metrics.response_rate)}</dd>
            </div>
            <div>
              <dt>Last closing</dt>
              <dd>{shortDate(metrics.last_deal_closed_at)}</dd>
            </div>
          </dl>
        )}
        <RecordTimeline path={`/api/buyers/${encodeURIComponent(buyer.id)}/timeline`} notePath={writer ? `/api/buyers/${encodeURIComponent(buyer.id)}/notes` : undefined} noteSchema={async () => (await loadSchemas()).ZBuyerNoteRequest} />
      </div>
      <div className="dc-record-side">
        <div className="dc-record-group">
          <Card title="Buy box">
            <dl className="dc-details">
              <dt>Property types</dt>
              <dd>{propertyTypes(box)}</dd>
              <dt>Price</dt>
              <dd>{priceRange(box)}</dd>
              <dt>Areas</dt>
              <dd>{areas(box)}</dd>
              {box.locations.zips.length > 0 && (
                <>
                  <dt>ZIP codes</dt>
                  <dd>{box.locations.zips.join(', ')}</dd>
                </>
              )}
              <dt>Strategies</dt>
              <dd>{box.criteria.strategies.length > 0 ? box.criteria.strategies.map(label).join(', ') : '—'}</dd>
              <dt>Max repairs</dt>
              <dd>{money(box.criteria.max_repairs)}</dd>
              <dt>Min bedrooms</dt>
              <dd>{box.criteria.min_bedrooms ?? '—'}</dd>
              <dt>Last active</dt>
              <dd>{buyer.last_activity_at ? relativeTime(buyer.last_activity_at) : 'Never'}</dd>
            </dl>
            {box.criteria.notes && <p className="dc-prewrap">{box.criteria.notes}</p>}
          </Card>
          <Card title="Deals">
            {deals === null && <Skeleton lines={2} label="Loading deals" />}
            {deals?.length === 0 && <p className="muted">No deals with this buyer yet.</p>}
            {deals && deals.length > 0 && (
              <ul className="dc-list">
                {deals.map((deal) => (
                  <li key={deal.id} className="dc-list-item dc-list-item--wrap">
                    <div>
                      <a href={`/deals/detail?id=${encodeURIComponent(deal.id)}`}>{deal.title}</a> <Badge tone={DEAL_STATUS_TONE[deal.status]}>{label(deal.status)}</Badge>
                      <p className="dc-hint">
                        {money(deal.contract_price + (deal.assignment_fee ?? 0))} · fee {money(deal.assignment_fee)}
                        {deal.closed_at ? ` · closed ${shortDate(deal.closed_at)}` : ''}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        {buyer.notes && (
          <div className="dc-record-group dc-record-late">
            <Card title="Notes">
              <p className="dc-prewrap">{buyer.notes}</p>
            </Card>
          </div>
        )}
      </div>
      <DeleteBuyerDialog buyer={buyer} open={deleting} onClose={() => setDeleting(false)} />
    </div>
  );
}

function DeleteBuyerDialog({ buyer, open, onClose }: { buyer: TBuyer; open: boolean; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setMessage(null), [open]);
  const remove = async () => {
    setBusy(true);
    try {
      await api().delete(`/api/buyers/${encodeURIComponent(buyer.id)}`, { idempotent: true });
      location.assign('/buyers');
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 409 ? 'This buyer has held a deal, so they stay on record. Mark them inactive instead.' : error instanceof Error ? error.message : 'Could not delete the buyer.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Delete this buyer?"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" loading={busy} onClick={() => void remove()}>
            Delete buyer
          </Button>
        </>
      }
    >
      <p>{buyer.full_name} and their timeline will be removed. Buyers who held a deal cannot be deleted.</p>
      <FormAlert message={message} />
    </Dialog>
  );
}
