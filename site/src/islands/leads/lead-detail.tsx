import { useEffect, useState } from 'react';
import type { TDeal } from '../../../../shared/deals/deal.schemas.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import type { TLeadStatus } from '../../../../shared/leads/lead.constants.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { assigneeName, loadAssignees, useAssignees, type TAssignee } from '../../lib/assignees.ts';
import { dateTime, label, money, oneLineAddress, phone, relativeTime, shortDate } from '../../lib/format.ts';
import { DEAL_STATUS_TONE } from '../../lib/deal-rules.ts';
import { canDeleteLeads, canPutUnderContract, canWriteLeads, LEAD_STATUS_TONE, manualLeadMoves } from '../../lib/lead-rules.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useViewer, type TViewer } from '../../lib/use-role.ts';
import { LeadAiPanel } from '../ai/lead-ai-panel.tsx';
import { FollowUpPanel } from '../follow-ups/follow-up-panel.tsx';
import { CreateDealDialog } from '../deals/create-deal-dialog.tsx';
import { MaoCalculator } from '../records/mao-calculator.tsx';
import { MatchedBuyers } from '../records/matched-buyers.tsx';
import { RecordTimeline } from '../records/record-timeline.tsx';
import { LeadAppointments } from './lead-appointments.tsx';
import { LeadOffers } from './lead-offers.tsx';
import { LeadStatusDialog } from './lead-status-dialog.tsx';

const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

type TLoad = { status: 'loading' } | { status: 'missing' } | { status: 'failed'; message: string } | { status: 'ready'; lead: TLead };

const MOVE_LABELS: Partial<Record<TLeadStatus, string>> = { contacted: 'Mark contacted', qualified: 'Mark qualified', lost: 'Mark lost', new: 'Reopen as new' };

/**
 * A lead on one page: who and what (seller, property, score), where it stands (status moves,
 * assignee), what to do next (follow-ups, appointments, offers, the MAO calculator) and what
 * happened (the timeline, with notes). Each part offers only what the viewer's role may do.
 */
export function LeadDetail() {
  const viewer = useViewer();
  const [load, setLoad] = useState<TLoad>({ status: 'loading' });
  const [timelineKey, setTimelineKey] = useState(0);

  useEffect(() => {
    const id = recordIdFromLocation();
    if (!id) return setLoad({ status: 'missing' });
    api()
      .get<TLead>(`/api/leads/${encodeURIComponent(id)}`)
      .then((lead) => {
        setLoad({ status: 'ready', lead });
        setPageHeading(lead.full_name);
      })
      .catch((error: unknown) => setLoad(error instanceof ApiError && (error.status === 404 || error.status === 400) ? { status: 'missing' } : { status: 'failed', message: error instanceof Error ? error.message : 'Could not load the lead.' }));
  }, []);

  if (load.status === 'loading') return <Skeleton height="24rem" label="Loading the lead" />;
  if (load.status === 'failed') return <FormAlert message={load.message} />;
  if (load.status === 'missing')
    return (
      <Card>
        <EmptyState level={2} icon="home" title="Lead not found" description="It may have been deleted, or it is assigned to someone else." action={<Button href="/leads">Back to leads</Button>} />
      </Card>
    );

  const lead = load.lead;
  const changed = (next: TLead) => {
    setLoad({ status: 'ready', lead: next });
    setTimelineKey((key) => key + 1);
  };
  const writable = canWriteLeads(viewer.role);
  return (
    <div className="dc-record">
      <div className="dc-record-main">
        <LeadSummary lead={lead} viewer={viewer} onChanged={changed} />
        <RecordTimeline
          path={`/api/leads/${encodeURIComponent(lead.id)}/timeline`}
          notePath={writable ? `/api/leads/${encodeURIComponent(lead.id)}/notes` : undefined}
          noteSchema={async () => (await loadSchemas()).ZLeadNoteRequest}
          refreshKey={timelineKey}
        />
      </div>
      <div className="dc-record-side">
        <div className="dc-record-group">
          <FollowUpPanel subject={{ lead_id: lead.id }} role={viewer.role} uid={viewer.uid} onChanged={() => setTimelineKey((key) => key + 1)} />
          <LeadAiPanel lead={lead} writable={writable} onChanged={changed} />
          <LeadFacts lead={lead} />
        </div>
        <div className="dc-record-group dc-record-late">
          <LeadAppointments lead={lead} writable={writable} onChanged={changed} />
          <LeadOffers lead={lead} writable={writable} onChanged={changed} />
          <MaoCalculator path={`/api/leads/${encodeURIComponent(lead.id)}/mao`} schema={async () => (await loadSchemas()).ZMaoRequest} initialArv={lead.estimated_value} />
          <MatchedBuyers path={`/api/leads/${encodeURIComponent(lead.id)}/match-buyers`} refreshKey={timelineKey} />
        </div>
      </div>
    </div>
  );
}

function LeadSummary({ lead, viewer, onChanged }: { lead: TLead; viewer: TViewer; onChanged: (lead: TLead) => void }) {
  const [moving, setMoving] = useState<TLeadStatus | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [contracting, setContracting] = useState(false);
  const [deals, setDeals] = useState<TDeal[]>([]);
  const assignees = useAssignees();
  useEffect(() => {
    // The lead's deals (one open at most): shown with a link, so the way to disposition is one click.
    if (lead.status === 'new') return;
    api()
      .get<{ items: TDeal[] }>('/api/deals', { query: { lead_id: lead.id, limit: 5 } })
      .then((page) => setDeals(page.items))
      .catch(() => setDeals([]));
  }, [lead.id, lead.status]);
  const moves = manualLeadMoves(viewer.role, lead.status);
  const writable = canWriteLeads(viewer.role);

  const move = async (to: TLeadStatus) => {
    if (to === 'lost') return setMoving(to);
    setBusy(to);
    try {
      onChanged(await api().post<TLead>(`/api/leads/${encodeURIComponent(lead.id)}/status`, { status: to }));
      toast(`${lead.full_name} is now ${label(to).toLowerCase()}`, { tone: 'success' });
    } catch (error) {
      toast('Status not changed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <div className="dc-record-summary">
        <div className="cluster">
          <Badge tone={LEAD_STATUS_TONE[lead.status]}>{label(lead.status)}</Badge>
          {lead.lead_score !== null && <Badge tone={lead.lead_score >= 70 ? 'success' : lead.lead_score >= 40 ? 'warning' : 'neutral'}>Score {lead.lead_score}</Badge>}
          <Badge>{label(lead.source)}</Badge>
          {lead.tags.map((tag) => (
            <Badge key={tag} tone="secondary">
              {tag}
            </Badge>
          ))}
        </div>
        {lead.address && <p className="dc-record-subtitle">{oneLineAddress(lead.address)}</p>}
        {lead.status === 'lost' && lead.lost_reason && (
          <p className="dc-alert" role="note">
            Lost: {lead.lost_reason}
          </p>
        )}
        {lead.ai_summary && (
          <p className="dc-ai-summary">
            <span className="dc-badge dc-badge--secondary">AI</span> {lead.ai_summary}
          </p>
        )}
        <div className="cluster">
          {lead.phone && (
            <Button href={`tel:${lead.phone}`} size="sm">
              Call {phone(lead.phone)}
            </Button>
          )}
          {lead.phone && (
            <Button href={`sms:${lead.phone}`} size="sm">
              Text
            </Button>
          )}
          {lead.email && (
            <Button href={`mailto:${lead.email}`} size="sm">
              Email
            </Button>
          )}
          {(lead.phone || lead.email) && (
            <Button href={`/communications/thread?lead_id=${encodeURIComponent(lead.id)}`} size="sm">
              Conversation
            </Button>
          )}
          {lead.phone && writable && <ClickToCall leadId={lead.id} />}
        </div>
        <AssigneeControl lead={lead} viewer={viewer} names={assignees} onChanged={onChanged} />
        {deals.length > 0 && (
          <ul className="dc-inline-list" aria-label="Deals">
            {deals.map((deal) => (
              <li key={deal.id}>
                <a href={`/deals/detail?id=${encodeURIComponent(deal.id)}`}>Deal: {deal.title}</a> <Badge tone={DEAL_STATUS_TONE[deal.status]}>{label(deal.status)}</Badge>
              </li>
            ))}
          </ul>
        )}
        {(moves.length > 0 || writable || canPutUnderContract(viewer.role, lead.status)) && (
          <div className="dc-record-actions" role="group" aria-label="Lead actions">
            {canPutUnderContract(viewer.role, lead.status) && (
              <Button size="sm" variant="primary" onClick={() => setContracting(true)}>
                Put under contract
              </Button>
            )}
            {moves.map((to) => (
              <Button key={to} size="sm" variant={to === 'lost' ? 'danger' : 'primary'} loading={busy === to} onClick={() => void move(to)}>
                {MOVE_LABELS[to] ?? `Move to ${label(to).toLowerCase()}`}
              </Button>
            ))}
            {writable && (
              <Button size="sm" href={`/leads/edit?id=${encodeURIComponent(lead.id)}`}>
                Edit
              </Button>
            )}
            {canDeleteLeads(viewer.role) && (
              <Button size="sm" variant="ghost" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            )}
          </div>
        )}
      </div>
      <LeadStatusDialog
        move={moving ? { lead, to: moving } : null}
        onClose={() => setMoving(null)}
        onMoved={(updated) => {
          setMoving(null);
          toast(`${updated.full_name} is now ${label(updated.status).toLowerCase()}`, { tone: 'success' });
          onChanged(updated);
        }}
      />
      <DeleteLeadDialog lead={lead} open={deleting} onClose={() => setDeleting(false)} />
      <CreateDealDialog
        lead={contracting ? lead : null}
        onClose={() => setContracting(false)}
        onCreated={(deal) => {
          setContracting(false);
          toast(`${lead.full_name} is under contract`, { body: 'The deal is being marketed to your buyers.', tone: 'success' });
          location.assign(`/deals/detail?id=${encodeURIComponent(deal.id)}`);
        }}
      />
    </Card>
  );
}

/** Who works the lead: admins pick anyone who takes leads; a rep takes it or gives it back. */
function AssigneeControl({ lead, viewer, names, onChanged }: { lead: TLead; viewer: TViewer; names: Map<string, TAssignee>; onChanged: (lead: TLead) => void }) {
  const [people, setPeople] = useState<TAssignee[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (viewer.role === 'admin')
      loadAssignees()
        .then(setPeople)
        .catch(() => undefined);
  }, [viewer.role]);
  const assign = async (to: string | null) => {
    setBusy(true);
    try {
      onChanged(await api().patch<TLead>(`/api/leads/${encodeURIComponent(lead.id)}`, { assigned_to: to }));
      toast(to ? `Assigned to ${assigneeName(names, to, viewer.uid).replace(/^You$/, 'you')}` : 'Lead unassigned', { tone: 'success' });
    } catch (error) {
      toast('Assignment not changed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setBusy(false);
    }
  };
  const current = assigneeName(names, lead.assigned_to, viewer.uid);
  if (viewer.role === 'admin')
    return (
      <label className="dc-inline-field">
        <span className="dc-label">Assigned to</span>
        <select className="dc-input dc-select" value={lead.assigned_to ?? ''} disabled={busy} onChange={(event) => void assign(event.currentTarget.value || null)}>
          <option value="">Unassigned</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.id === viewer.uid ? `${person.name || 'You'} (you)` : person.name || 'Teammate'}
            </option>
          ))}
          {lead.assigned_to && !people.some((person) => person.id === lead.assigned_to) && <option value={lead.assigned_to}>{current}</option>}
        </select>
      </label>
    );
  return (
    <p className="dc-inline-field">
      <span className="dc-label">Assigned to</span> <span>{current}</span>
      {viewer.role === 'acquisition_rep' && lead.assigned_to === null && (
        <Button size="sm" loading={busy} onClick={() => void assign(viewer.uid)}>
          Take this lead
        </Button>
      )}
      {viewer.role === 'acquisition_rep' && lead.assigned_to !== null && lead.assigned_to === viewer.uid && (
        <Button size="sm" variant="ghost" loading={busy} onClick={() => void assign(null)}>
          Unassign me
        </Button>
      )}
    </p>
  );
}

function LeadFacts({ lead }: { lead: TLead }) {
  return (
    <Card title="Seller and property">
      <dl className="dc-details">
        <dt>Phone</dt>
        <dd>{lead.phone ? <a href={`tel:${lead.phone}`}>{phone(lead.phone)}</a> : '—'}</dd>
        {lead.other_phones.length > 0 && (
          <>
            <dt>Other phones</dt>
            <dd>{lead.other_phones.map(phone).join(', ')}</dd>
          </>
        )}
        <dt>Email</dt>
        <dd>{lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : '—'}</dd>
        <dt>Property</dt>
        <dd>{oneLineAddress(lead.address) || '—'}</dd>
        {lead.mailing_address && (
          <>
            <dt>Mailing address</dt>
            <dd>{oneLineAddress(lead.mailing_address)}</dd>
          </>
        )}
        <dt>Property type</dt>
        <dd>{lead.property_type ? label(lead.property_type) : '—'}</dd>
        <dt>Estimated value</dt>
        <dd>{money(lead.estimated_value)}</dd>
        <dt>Created</dt>
        <dd>{shortDate(lead.created_at)}</dd>
        <dt>First contact</dt>
        <dd>{lead.first_contacted_at ? dateTime(lead.first_contacted_at) : 'Not yet'}</dd>
        <dt>Last contact</dt>
        <dd>{lead.last_contacted ? relativeTime(lead.last_contacted) : 'Never'}</dd>
        <dt>Messages and calls</dt>
        <dd>{lead.communication_count}</dd>
      </dl>
      {lead.notes && (
        <details className="dc-disclosure">
          <summary>Notes</summary>
          <p className="dc-prewrap">{lead.notes}</p>
        </details>
      )}
    </Card>
  );
}

function DeleteLeadDialog({ lead, open, onClose }: { lead: TLead; open: boolean; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => setMessage(null), [open]);
  const remove = async () => {
    setBusy(true);
    try {
      await api().delete(`/api/leads/${encodeURIComponent(lead.id)}`, { idempotent: true });
      toast(`${lead.full_name} deleted`, { tone: 'success' });
      location.assign('/leads');
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 409 ? 'This lead has a deal, so it cannot be deleted. Mark it lost instead.' : error instanceof Error ? error.message : 'Could not delete the lead.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Delete this lead?"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" loading={busy} onClick={() => void remove()}>
            Delete lead
          </Button>
        </>
      }
    >
      <p>{lead.full_name}, with their follow-ups and timeline, will be removed for everyone. Messages and calls stay in the inbox.</p>
      <FormAlert message={message} />
    </Dialog>
  );
}

/** Click-to-call through DealCycle: your phone rings from the organisation's number, then the seller's (logged and recorded). */
function ClickToCall({ leadId }: { leadId: string }) {
  const [busy, setBusy] = useState(false);
  const call = async () => {
    setBusy(true);
    try {
      await api().post('/api/communications/calls', { to: { lead_id: leadId } });
      toast('Calling: your phone rings first, then we connect the seller', { tone: 'success' });
    } catch (error) {
      toast('Call not started', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="sm" loading={busy} onClick={() => void call()}>
      Call via DealCycle
    </Button>
  );
}
