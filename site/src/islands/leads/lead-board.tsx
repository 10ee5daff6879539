import { useEffect, useMemo, useState } from 'react';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { LEAD_STATUSES, type TLeadStatus } from '../../../../shared/leads/lead.constants.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { FormAlert } from '../../components/field.tsx';
import { KanbanBoard, type TKanbanCard } from '../../components/kanban-board.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { assigneeName, useAssignees } from '../../lib/assignees.ts';
import { compactMoney, label, oneLineAddress, phone, relativeTime } from '../../lib/format.ts';
import { boardMove, canWriteLeads, LEAD_STATUS_TONE } from '../../lib/lead-rules.ts';
import { useViewer } from '../../lib/use-role.ts';
import type { TLeadCounts } from './lead-list.tsx';
import { CreateDealDialog } from '../deals/create-deal-dialog.tsx';
import { LeadStatusDialog } from './lead-status-dialog.tsx';

const PER_COLUMN = 25;
const COLUMNS = LEAD_STATUSES.map((status) => ({ id: status, title: label(status) }));

type TColumnState = { items: TLead[]; nextCursor: string | null; loading: boolean };
type TScope = 'all' | 'me' | 'unassigned';

const emptyColumns = (): Record<TLeadStatus, TColumnState> =>
  Object.fromEntries(LEAD_STATUSES.map((status) => [status, { items: [], nextCursor: null, loading: true }])) as unknown as Record<TLeadStatus, TColumnState>;

/**
 * The acquisition pipeline as a board: a column per status with its total, the most recently
 * active leads first (more on demand, so a pipeline of 100k stays light). Drag a card, or focus it
 * and press Shift+←/→, to move it; a click or Enter opens a quick view with the same moves, which
 * is also how phones move cards. Moves the role may not make are explained, not attempted.
 */
export function LeadBoard() {
  const viewer = useViewer();
  const names = useAssignees();
  const [scope, setScope] = useState<TScope>('all');
  const [columns, setColumns] = useState(emptyColumns);
  const [counts, setCounts] = useState<TLeadCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<TLead | null>(null);
  const [lostMove, setLostMove] = useState<TLead | null>(null);
  const [contracting, setContracting] = useState<TLead | null>(null);

  const scopeQuery = scope === 'all' ? {} : { assigned_to: scope };
  const fetchColumn = (status: TLeadStatus, cursor?: string) =>
    api().get<{ items: TLead[]; nextCursor: string | null }>('/api/leads', { query: { ...scopeQuery, status, sort: 'updated_at', direction: 'desc', limit: PER_COLUMN, cursor } });

  useEffect(() => {
    setColumns(emptyColumns());
    setError(null);
    let stale = false;
    Promise.all(LEAD_STATUSES.map(async (status) => [status, await fetchColumn(status)] as const))
      .then((pages) => {
        if (stale) return;
        setColumns(Object.fromEntries(pages.map(([status, page]) => [status, { items: page.items, nextCursor: page.nextCursor, loading: false }])) as unknown as Record<TLeadStatus, TColumnState>);
      })
      .catch((failure: unknown) => !stale && setError(failure instanceof Error ? failure.message : 'Could not load the pipeline.'));
    api()
      .get<TLeadCounts>('/api/leads/counts', { query: scopeQuery })
      .then((answer) => !stale && setCounts(answer))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [scope]);

  const more = async (status: TLeadStatus) => {
    const column = columns[status];
    if (!column.nextCursor) return;
    setColumns((current) => ({ ...current, [status]: { ...current[status], loading: true } }));
    try {
      const page = await fetchColumn(status, column.nextCursor);
      setColumns((current) => ({ ...current, [status]: { items: [...current[status].items, ...page.items], nextCursor: page.nextCursor, loading: false } }));
    } catch (failure) {
      setColumns((current) => ({ ...current, [status]: { ...current[status], loading: false } }));
      toast('Could not load more leads', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    }
  };

  /** Puts a lead in its new column at the top (or removes it, when `to` is null) and fixes the counts. */
  const place = (lead: TLead, from: TLeadStatus) => {
    setColumns((current) => ({
      ...current,
      [from]: { ...current[from], items: current[from].items.filter((entry) => entry.id !== lead.id) },
      [lead.status]: { ...current[lead.status], items: [lead, ...current[lead.status].items.filter((entry) => entry.id !== lead.id)] },
    }));
    if (from !== lead.status)
      setCounts((current) =>
        current ? { ...current, by_status: { ...current.by_status, [from]: Math.max(0, (current.by_status[from] ?? 1) - 1), [lead.status]: (current.by_status[lead.status] ?? 0) + 1 } } : current,
      );
  };

  const leadById = useMemo(() => new Map(LEAD_STATUSES.flatMap((status) => columns[status].items.map((lead) => [lead.id, lead] as const))), [columns]);

  const requestMove = async (lead: TLead, to: TLeadStatus) => {
    const decision = boardMove(viewer.role, lead.status, to);
    if (decision.kind === 'refused') return toast('Not moved', { body: decision.message, tone: 'info' });
    if (decision.kind === 'needs-deal') return setContracting(lead);
    if (decision.kind === 'needs-reason') return setLostMove(lead);
    const from = lead.status;
    // Optimistic: the card moves now and comes back if the API refuses.
    place({ ...lead, status: to }, from);
    try {
      const saved = await api().post<TLead>(`/api/leads/${encodeURIComponent(lead.id)}/status`, { status: to });
      place(saved, to);
    } catch (failure) {
      place(lead, to);
      toast('Not moved', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    }
  };

  const cards: TKanbanCard[] = LEAD_STATUSES.flatMap((status) =>
    columns[status].items.map((lead) => ({
      id: lead.id,
      columnId: status,
      title: lead.full_name,
      subtitle: oneLineAddress(lead.address) || phone(lead.phone),
      meta: (
        <span className="dc-kanban-meta">
          {[lead.lead_score !== null ? `Score ${lead.lead_score}` : '', lead.estimated_value !== null ? compactMoney(lead.estimated_value) : '', assigneeName(names, lead.assigned_to, viewer.uid)].filter(Boolean).join(' · ')}
        </span>
      ),
    })),
  );
  const loading = LEAD_STATUSES.some((status) => columns[status].loading && columns[status].items.length === 0);
  const readOnly = !canWriteLeads(viewer.role);

  return (
    <div className="stack">
      <div className="dc-toolbar-row">
        <div className="dc-chip-row" role="group" aria-label="Whose leads">
          {(['all', 'me', 'unassigned'] as const).map((value) => (
            <button key={value} type="button" className="dc-chip" aria-pressed={scope === value} onClick={() => setScope(value)}>
              {value === 'all' ? (viewer.role === 'acquisition_rep' ? 'Mine and unassigned' : 'Everyone’s') : value === 'me' ? 'Mine' : 'Unassigned'}
            </button>
          ))}
        </div>
        <p className="muted dc-list-summary">{readOnly ? 'Read only: your role does not move leads.' : 'Drag a card to another column, or open it to move it.'}</p>
      </div>
      {error && <FormAlert message={error} />}
      {loading && !error ? (
        <Skeleton height="28rem" label="Loading the pipeline" />
      ) : (
        <KanbanBoard
          label="Lead pipeline"
          columns={COLUMNS}
          cards={cards}
          counts={counts?.by_status}
          readOnly={readOnly}
          onMove={(id, to) => {
            const lead = leadById.get(id);
            if (lead) void requestMove(lead, to as TLeadStatus);
          }}
          onOpen={(card) => setOpen(leadById.get(card.id) ?? null)}
          columnFooter={(column) => {
            const state = columns[column.id as TLeadStatus];
            return state.nextCursor ? (
              <Button size="sm" variant="ghost" loading={state.loading} onClick={() => void more(column.id as TLeadStatus)}>
                Show more
              </Button>
            ) : null;
          }}
        />
      )}
      <LeadQuickView
        lead={open}
        onClose={() => setOpen(null)}
        assignee={open ? assigneeName(names, open.assigned_to, viewer.uid) : ''}
        moves={open ? LEAD_STATUSES.filter((to) => to !== open.status && boardMove(viewer.role, open.status, to).kind !== 'refused') : []}
        onMove={(to) => {
          const lead = open;
          setOpen(null);
          if (lead) void requestMove(lead, to);
        }}
      />
      <CreateDealDialog
        lead={contracting}
        onClose={() => setContracting(null)}
        onCreated={() => {
          const lead = contracting;
          setContracting(null);
          if (!lead) return;
          place({ ...lead, status: 'under_contract' }, lead.status);
          toast(`${lead.full_name} is under contract`, { body: 'Its deal is on the deals board, in marketing.', tone: 'success' });
        }}
      />
      <LeadStatusDialog
        move={lostMove ? { lead: lostMove, to: 'lost' } : null}
        onClose={() => setLostMove(null)}
        onMoved={(saved) => {
          const from = lostMove?.status ?? saved.status;
          setLostMove(null);
          place(saved, from);
          toast(`${saved.full_name} marked lost`, { tone: 'success' });
        }}
      />
    </div>
  );
}

interface LeadQuickViewProps {
  lead: TLead | null;
  assignee: string;
  moves: TLeadStatus[];
  onClose: () => void;
  onMove: (to: TLeadStatus) => void;
}

/** A card opened on the board: the essentials, the moves this viewer can make, and the way to the lead. */
function LeadQuickView({ lead, assignee, moves, onClose, onMove }: LeadQuickViewProps) {
  return (
    <Drawer open={lead !== null} onClose={onClose} title={lead?.full_name ?? 'Lead'}>
      {lead && (
        <div className="stack">
          <div className="cluster">
            <Badge tone={LEAD_STATUS_TONE[lead.status]}>{label(lead.status)}</Badge>
            {lead.lead_score !== null && <Badge>Score {lead.lead_score}</Badge>}
          </div>
          <dl className="dc-details">
            <dt>Property</dt>
            <dd>{oneLineAddress(lead.address) || '—'}</dd>
            <dt>Phone</dt>
            <dd>{lead.phone ? <a href={`tel:${lead.phone}`}>{phone(lead.phone)}</a> : '—'}</dd>
            <dt>Assigned to</dt>
            <dd>{assignee}</dd>
            <dt>Last contact</dt>
            <dd>{lead.last_contacted ? relativeTime(lead.last_contacted) : 'Never'}</dd>
          </dl>
          {lead.ai_summary && <p className="dc-ai-summary">{lead.ai_summary}</p>}
          {moves.length > 0 && (
            <div className="stack" role="group" aria-label="Move to">
              <p className="dc-label">Move to</p>
              <div className="cluster">
                {moves.map((to) => (
                  <Button key={to} size="sm" variant={to === 'lost' ? 'danger' : 'secondary'} onClick={() => onMove(to)}>
                    {label(to)}
                  </Button>
                ))}
              </div>
            </div>
          )}
          <Button variant="primary" href={`/leads/detail?id=${encodeURIComponent(lead.id)}`}>
            Open the lead
          </Button>
        </div>
      )}
    </Drawer>
  );
}
