import { useEffect, useMemo, useState } from 'react';
import { DEAL_STATUSES, type TDealStatus } from '../../../../shared/deals/deal.constants.ts';
import type { TDeal, TDealSummary } from '../../../../shared/deals/deal.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { FormAlert } from '../../components/field.tsx';
import { KanbanBoard, type TKanbanCard } from '../../components/kanban-board.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { canManageDeals, DEAL_MOVE_LABELS, DEAL_STATUS_TONE, dealMove } from '../../lib/deal-rules.ts';
import { compactMoney, label, money, shortDate } from '../../lib/format.ts';
import { useViewer } from '../../lib/use-role.ts';
import { DealStatusDialog } from './deal-status-dialog.tsx';

const PER_COLUMN = 25;
const COLUMNS = DEAL_STATUSES.map((status) => ({ id: status, title: label(status) }));

type TColumnState = { items: TDeal[]; nextCursor: string | null; loading: boolean };

const emptyColumns = (): Record<TDealStatus, TColumnState> =>
  Object.fromEntries(DEAL_STATUSES.map((status) => [status, { items: [], nextCursor: null, loading: true }])) as unknown as Record<TDealStatus, TColumnState>;

export const dealHref = (deal: Pick<TDeal, 'id'>) => `/deals/detail?id=${encodeURIComponent(deal.id)}`;

/** The fee a card shows: the assignment fee once assigned, else what asking would earn. */
export const dealFee = (deal: Pick<TDeal, 'assignment_fee' | 'projected_fee'>): string =>
  deal.assignment_fee !== null ? `Fee ${compactMoney(deal.assignment_fee)}` : `Projected ${compactMoney(deal.projected_fee)}`;

/**
 * The disposition board: a column per deal status with its total and money, the most recently
 * active deals first. Drag a card (or Shift+←/→) to move it; an assignment asks for the buyer
 * and fee, a closing for the date, a cancellation for the reason. Reps and executives read.
 */
export function DealBoard() {
  const viewer = useViewer();
  const [columns, setColumns] = useState(emptyColumns);
  const [summary, setSummary] = useState<TDealSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<TDeal | null>(null);
  const [pending, setPending] = useState<{ deal: TDeal; to: TDealStatus } | null>(null);

  const fetchColumn = (status: TDealStatus, cursor?: string) => api().get<{ items: TDeal[]; nextCursor: string | null }>('/api/deals', { query: { status, sort: 'updated_at', direction: 'desc', limit: PER_COLUMN, cursor } });
  const loadSummary = () =>
    api()
      .get<TDealSummary>('/api/deals/summary')
      .then(setSummary)
      .catch(() => undefined);

  useEffect(() => {
    Promise.all(DEAL_STATUSES.map(async (status) => [status, await fetchColumn(status)] as const))
      .then((pages) => setColumns(Object.fromEntries(pages.map(([status, page]) => [status, { items: page.items, nextCursor: page.nextCursor, loading: false }])) as unknown as Record<TDealStatus, TColumnState>))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'Could not load the deals.'));
    void loadSummary();
  }, []);

  const more = async (status: TDealStatus) => {
    const column = columns[status];
    if (!column.nextCursor) return;
    setColumns((current) => ({ ...current, [status]: { ...current[status], loading: true } }));
    try {
      const page = await fetchColumn(status, column.nextCursor);
      setColumns((current) => ({ ...current, [status]: { items: [...current[status].items, ...page.items], nextCursor: page.nextCursor, loading: false } }));
    } catch (failure) {
      setColumns((current) => ({ ...current, [status]: { ...current[status], loading: false } }));
      toast('Could not load more deals', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    }
  };

  const place = (deal: TDeal, from: TDealStatus) => {
    setColumns((current) => ({
      ...current,
      [from]: { ...current[from], items: current[from].items.filter((entry) => entry.id !== deal.id) },
      [deal.status]: { ...current[deal.status], items: [deal, ...current[deal.status].items.filter((entry) => entry.id !== deal.id)] },
    }));
    void loadSummary();
  };

  const byId = useMemo(() => new Map(DEAL_STATUSES.flatMap((status) => columns[status].items.map((deal) => [deal.id, deal] as const))), [columns]);

  const requestMove = async (deal: TDeal, to: TDealStatus) => {
    const decision = dealMove(viewer.role, deal.status, to);
    if (decision.kind === 'refused') return toast('Not moved', { body: decision.message, tone: 'info' });
    if (decision.kind !== 'move') return setPending({ deal, to });
    try {
      const saved = await api().post<TDeal>(`/api/deals/${encodeURIComponent(deal.id)}/status`, { status: to });
      place(saved, deal.status);
      toast(`${saved.title} is ${label(saved.status).toLowerCase()}`, { tone: 'success' });
    } catch (failure) {
      toast('Not moved', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    }
  };

  const cards: TKanbanCard[] = DEAL_STATUSES.flatMap((status) =>
    columns[status].items.map((deal) => ({
      id: deal.id,
      columnId: status,
      title: deal.title,
      subtitle: [deal.seller_name, deal.buyer ? `→ ${deal.buyer.full_name}` : ''].filter(Boolean).join(' '),
      meta: <span className="dc-kanban-meta">{[`Asking ${compactMoney(deal.asking_price)}`, dealFee(deal), deal.closing_date ? `Closes ${shortDate(deal.closing_date)}` : ''].filter(Boolean).join(' · ')}</span>,
    })),
  );
  const loading = DEAL_STATUSES.some((status) => columns[status].loading && columns[status].items.length === 0) && !error;
  const counts = summary ? Object.fromEntries(DEAL_STATUSES.map((status) => [status, summary.by_status[status]?.count ?? 0])) : undefined;
  const readOnly = !canManageDeals(viewer.role);

  return (
    <div className="stack">
      {summary && (
        <dl className="dc-figures" aria-label="Deals in money">
          <div>
            <dt>Marketing</dt>
            <dd>{money(summary.by_status.marketing?.asking_total ?? 0)}</dd>
            <dd className="dc-hint">Projected fees {money(summary.projected_fees)}</dd>
          </div>
          <div>
            <dt>Assigned</dt>
            <dd>{money(summary.pending_fees)}</dd>
            <dd className="dc-hint">Fees waiting to close</dd>
          </div>
          <div>
            <dt>Closed</dt>
            <dd>{money(summary.revenue)}</dd>
            <dd className="dc-hint">{summary.average_fee !== null ? `Average fee ${money(summary.average_fee)}` : 'No closings yet'}</dd>
          </div>
        </dl>
      )}
      <p className="muted dc-list-summary">
        {readOnly ? (viewer.role === 'acquisition_rep' ? 'The deals of the leads you put under contract. Admins and disposition managers move deals.' : 'Read only.') : 'Drag a card to another column, or open it to move it.'}
      </p>
      {error && <FormAlert message={error} />}
      {loading ? (
        <Skeleton height="24rem" label="Loading the deals" />
      ) : (
        <KanbanBoard
          label="Deal pipeline"
          columns={COLUMNS}
          cards={cards}
          counts={counts}
          readOnly={readOnly}
          onMove={(id, to) => {
            const deal = byId.get(id);
            if (deal) void requestMove(deal, to as TDealStatus);
          }}
          onOpen={(card) => setOpen(byId.get(card.id) ?? null)}
          columnFooter={(column) => {
            const state = columns[column.id as TDealStatus];
            return state.nextCursor ? (
              <Button size="sm" variant="ghost" loading={state.loading} onClick={() => void more(column.id as TDealStatus)}>
                Show more
              </Button>
            ) : null;
          }}
        />
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open?.title ?? 'Deal'}>
        {open && (
          <div className="stack">
            <div className="cluster">
              <Badge tone={DEAL_STATUS_TONE[open.status]}>{label(open.status)}</Badge>
            </div>
            <dl className="dc-details">
              <dt>Seller</dt>
              <dd>{open.seller_name}</dd>
              <dt>Contract</dt>
              <dd>{money(open.contract_price)}</dd>
              <dt>Asking</dt>
              <dd>{money(open.asking_price)}</dd>
              <dt>Fee</dt>
              <dd>{open.assignment_fee !== null ? money(open.assignment_fee) : `${money(open.projected_fee)} projected`}</dd>
              <dt>Buyer</dt>
              <dd>{open.buyer?.full_name ?? '—'}</dd>
              <dt>Closing</dt>
              <dd>{shortDate(open.closing_date)}</dd>
            </dl>
            {!readOnly && open.next_statuses.length > 0 && (
              <div className="cluster" role="group" aria-label="Move the deal">
                {open.next_statuses.map((to) => (
                  <Button
                    key={to}
                    size="sm"
                    variant={to === 'cancelled' ? 'danger' : 'secondary'}
                    onClick={() => {
                      const deal = open;
                      setOpen(null);
                      void requestMove(deal, to);
                    }}
                  >
                    {DEAL_MOVE_LABELS[to]}
                  </Button>
                ))}
              </div>
            )}
            <Button variant="primary" href={dealHref(open)}>
              Open the deal
            </Button>
          </div>
        )}
      </Drawer>
      <DealStatusDialog
        move={pending}
        onClose={() => setPending(null)}
        onMoved={(saved) => {
          const from = pending?.deal.status ?? saved.status;
          setPending(null);
          place(saved, from);
          toast(`${saved.title} is ${label(saved.status).toLowerCase()}`, { tone: 'success' });
        }}
      />
    </div>
  );
}
