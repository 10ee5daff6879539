import { lazy, Suspense, useEffect, useState } from 'react';
import type { TDealStatus } from '../../../../shared/deals/deal.constants.ts';
import type { TDeal } from '../../../../shared/deals/deal.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert, Input, Textarea } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { canManageDeals, canNoteDeals, DEAL_MOVE_LABELS, DEAL_STATUS_TONE } from '../../lib/deal-rules.ts';
import { label, money, oneLineAddress, parseMoney, phone, shortDate } from '../../lib/format.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';
import { FollowUpPanel } from '../follow-ups/follow-up-panel.tsx';
import { MaoCalculator } from '../records/mao-calculator.tsx';
import { MatchedBuyers } from '../records/matched-buyers.tsx';
import { RecordTimeline } from '../records/record-timeline.tsx';
import { DealStatusDialog } from './deal-status-dialog.tsx';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

const loadSchemas = () => import('../../../../shared/deals/deal.schemas.ts');
// The blast panel (and its dialog) loads with the deal, not with the page.
const DealBlast = lazy(() => import('../communications/deal-blast.tsx').then((module) => ({ default: module.DealBlast })));

type TLoad = { status: 'loading' } | { status: 'missing' } | { status: 'failed'; message: string } | { status: 'ready'; deal: TDeal };

/**
 * A deal on one page: its figures and buyer, the moves it can make now (assign, close, cancel,
 * back to marketing), the buyers who match it (assign one from the list), the MAO for the fee
 * wanted, its follow-ups and its timeline.
 */
export function DealDetail() {
  const viewer = useViewer();
  const [load, setLoad] = useState<TLoad>({ status: 'loading' });
  const [move, setMove] = useState<{ deal: TDeal; to: TDealStatus; buyerId?: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const id = recordIdFromLocation();
    if (!id) return setLoad({ status: 'missing' });
    api()
      .get<TDeal>(`/api/deals/${encodeURIComponent(id)}`)
      .then((deal) => {
        setLoad({ status: 'ready', deal });
        setPageHeading(deal.title);
      })
      .catch((error: unknown) => setLoad(error instanceof ApiError && (error.status === 404 || error.status === 400) ? { status: 'missing' } : { status: 'failed', message: error instanceof Error ? error.message : 'Could not load the deal.' }));
  }, []);

  if (load.status === 'loading') return <Skeleton height="24rem" label="Loading the deal" />;
  if (load.status === 'failed') return <FormAlert message={load.message} />;
  if (load.status === 'missing')
    return (
      <Card>
        <EmptyState level={2} icon="building" title="Deal not found" description="It may belong to another rep's pipeline, or the link is wrong." action={<Button href="/deals">Back to deals</Button>} />
      </Card>
    );

  const deal = load.deal;
  const manager = canManageDeals(viewer.role);
  const changed = (next: TDeal) => {
    setLoad({ status: 'ready', deal: next });
    setRefresh((value) => value + 1);
  };
  const frozen = deal.status === 'closed' || deal.status === 'cancelled';
  return (
    <div className="dc-record">
      <div className="dc-record-main">
        <Card>
          <div className="dc-record-summary">
            <div className="cluster">
              <Badge tone={DEAL_STATUS_TONE[deal.status]}>{label(deal.status)}</Badge>
              {deal.property.property_type && <Badge>{label(deal.property.property_type)}</Badge>}
            </div>
            {deal.property.address && <p className="dc-record-subtitle">{oneLineAddress(deal.property.address)}</p>}
            {deal.status === 'cancelled' && deal.cancel_reason && (
              <p className="dc-alert" role="note">
                Cancelled: {deal.cancel_reason}
              </p>
            )}
            <dl className="dc-figures dc-figures--compact">
              <div>
                <dt>Contract</dt>
                <dd>{money(deal.contract_price)}</dd>
              </div>
              <div>
                <dt>Asking</dt>
                <dd>{money(deal.asking_price)}</dd>
              </div>
              <div>
                <dt>{deal.assignment_fee !== null ? 'Assignment fee' : 'Projected fee'}</dt>
                <dd>{money(deal.assignment_fee ?? deal.projected_fee)}</dd>
              </div>
              <div>
                <dt>ARV</dt>
                <dd>{money(deal.arv)}</dd>
              </div>
              <div>
                <dt>Repairs</dt>
                <dd>{money(deal.repair_estimate)}</dd>
              </div>
              <div>
                <dt>MAO</dt>
                <dd>{money(deal.mao.mao)}</dd>
              </div>
            </dl>
            <dl className="dc-details">
              <dt>Seller</dt>
              <dd>
                <a href={`/leads/detail?id=${encodeURIComponent(deal.lead_id)}`}>{deal.seller_name}</a>
              </dd>
              <dt>Buyer</dt>
              <dd>
                {deal.buyer ? (
                  <>
                    <a href={`/buyers/detail?id=${encodeURIComponent(deal.buyer.id)}`}>{deal.buyer.full_name}</a>
                    {deal.buyer.company ? ` (${deal.buyer.company})` : ''}
                    {deal.buyer.phone ? ` · ${phone(deal.buyer.phone)}` : ''}
                  </>
                ) : (
                  'Not assigned yet'
                )}
              </dd>
              <dt>Closing date</dt>
              <dd>{shortDate(deal.closing_date)}</dd>
              {deal.closed_at && (
                <>
                  <dt>Closed</dt>
                  <dd>{shortDate(deal.closed_at)}</dd>
                </>
              )}
              <dt>Marketing since</dt>
              <dd>{shortDate(deal.marketing_started_at)}</dd>
            </dl>
            {deal.notes && <p className="dc-prewrap">{deal.notes}</p>}
            {manager && (deal.next_statuses.length > 0 || !frozen) && (
              <div className="dc-record-actions" role="group" aria-label="Deal actions">
                {deal.next_statuses.map((to) => (
                  <Button key={to} size="sm" variant={to === 'cancelled' ? 'danger' : to === 'marketing' ? 'secondary' : 'primary'} onClick={() => setMove({ deal, to })}>
                    {DEAL_MOVE_LABELS[to]}
                  </Button>
                ))}
                {!frozen && (
                  <Button size="sm" onClick={() => setEditing(true)}>
                    Edit figures
                  </Button>
                )}
              </div>
            )}
          </div>
        </Card>
        <MatchedBuyers
          path={`/api/deals/${encodeURIComponent(deal.id)}/buyers`}
          refreshKey={refresh}
          action={
            manager && deal.status === 'marketing'
              ? (match) => (
                  <Button size="sm" onClick={() => setMove({ deal, to: 'assigned', buyerId: match.buyer.id })} aria-label={`Assign to ${match.buyer.full_name}`}>
                    Assign
                  </Button>
                )
              : undefined
          }
        />
        <Suspense fallback={null}>
          <DealBlast dealId={deal.id} canSend={manager && deal.status === 'marketing'} onSent={() => setRefresh((value) => value + 1)} />
        </Suspense>
        <RecordTimeline
          path={`/api/deals/${encodeURIComponent(deal.id)}/timeline`}
          notePath={canNoteDeals(viewer.role) ? `/api/deals/${encodeURIComponent(deal.id)}/notes` : undefined}
          noteSchema={async () => (await loadSchemas()).ZDealNoteRequest}
          refreshKey={refresh}
        />
      </div>
      <div className="dc-record-side">
        <div className="dc-record-group">
          <FollowUpPanel subject={{ deal_id: deal.id }} role={viewer.role} uid={viewer.uid} onChanged={() => setRefresh((value) => value + 1)} />
        </div>
        <div className="dc-record-group dc-record-late">
          <MaoCalculator path={`/api/deals/${encodeURIComponent(deal.id)}/mao`} schema={async () => (await loadSchemas()).ZDealMaoRequest} fixed={{ arv: deal.arv, repairs: deal.repair_estimate }} initialFee={Math.max(0, deal.projected_fee)} />
        </div>
      </div>
      <DealStatusDialog
        move={move}
        onClose={() => setMove(null)}
        onMoved={(saved) => {
          setMove(null);
          toast(saved.status === 'assigned' && saved.buyer ? `Assigned to ${saved.buyer.full_name}` : `The deal is ${label(saved.status).toLowerCase()}`, { tone: 'success' });
          changed(saved);
        }}
      />
      <EditDealDialog
        deal={editing ? deal : null}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          toast('Deal saved', { tone: 'success' });
          changed(saved);
        }}
      />
    </div>
  );
}

/** Contract figures, closing date and notes; the API freezes them once the deal is closed or cancelled. */
function EditDealDialog({ deal, onClose, onSaved }: { deal: TDeal | null; onClose: () => void; onSaved: (deal: TDeal) => void }) {
  const [values, setValues] = useState({ contract: '', asking: '', arv: '', repairs: '', closing: '', notes: '' });
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZUpdateDealRequest,
    send: (value) => api().patch<TDeal>(`/api/deals/${encodeURIComponent(deal?.id ?? '')}`, value),
    onDone: onSaved,
  });
  useDialogOpening(() => {
    if (!deal) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setValues({ contract: String(deal.contract_price), asking: String(deal.asking_price), arv: String(deal.arv), repairs: String(deal.repair_estimate), closing: deal.closing_date?.slice(0, 10) ?? '', notes: deal.notes });
  }, [deal?.id]);
  const set = (patch: Partial<typeof values>) => setValues((current) => ({ ...current, ...patch }));
  const submit = (event: Event) => {
    event.preventDefault();
    if (!deal) return;
    const body: Record<string, unknown> = {};
    const figure = (key: string, value: string, before: number) => {
      const parsed = parseMoney(value);
      if (parsed !== before) body[key] = parsed;
    };
    figure('contract_price', values.contract, deal.contract_price);
    figure('asking_price', values.asking, deal.asking_price);
    figure('arv', values.arv, deal.arv);
    figure('repair_estimate', values.repairs, deal.repair_estimate);
    if (values.closing !== (deal.closing_date?.slice(0, 10) ?? '')) body.closing_date = values.closing || null;
    if (values.notes.trim() !== deal.notes) body.notes = values.notes.trim();
    if (Object.keys(body).length === 0) return onClose();
    void form.submit(body);
  };
  return (
    <Dialog open={deal !== null} onClose={onClose} title="Edit the deal's figures">
      <form className="dc-form" onSubmit={submit} noValidate>
        <div className="dc-form-row">
          <Input label="Contract price ($)" inputMode="numeric" value={values.contract} onValue={(contract) => set({ contract })} error={form.errors.contract_price} />
          <Input label="Asking price ($)" inputMode="numeric" value={values.asking} onValue={(asking) => set({ asking })} error={form.errors.asking_price} />
        </div>
        <div className="dc-form-row">
          <Input label="ARV ($)" inputMode="numeric" value={values.arv} onValue={(arv) => set({ arv })} error={form.errors.arv} />
          <Input label="Repairs ($)" inputMode="numeric" value={values.repairs} onValue={(repairs) => set({ repairs })} error={form.errors.repair_estimate} />
        </div>
        <Input label="Closing date" type="date" value={values.closing} onValue={(closing) => set({ closing })} error={form.errors.closing_date} />
        <Textarea label="Notes" rows={3} maxLength={5000} value={values.notes} onValue={(notes) => set({ notes })} error={form.errors.notes} />
        <FormAlert message={form.message ?? form.errors._} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
