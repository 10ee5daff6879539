import { useEffect, useState } from 'react';
import type { TRole } from '../../../../shared/auth/principal.ts';
import type { TFollowUp } from '../../../../shared/follow-ups/follow-up.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { assigneeName, useAssignees } from '../../lib/assignees.ts';
import { canKeepFollowUps } from '../../lib/lead-rules.ts';
import { FollowUpDialog } from './follow-up-dialog.tsx';
import { FollowUpItem } from './follow-up-item.tsx';

export interface FollowUpPanelProps {
  subject: { lead_id: string } | { deal_id: string };
  role: TRole | null;
  uid: string | null;
  /** Called after a change, so the page can refresh its timeline. */
  onChanged?: () => void;
}

/** May this viewer complete or edit it? Its assignee, its creator and admins (the API's rule). */
export const canEditFollowUp = (followUp: TFollowUp, role: TRole | null, uid: string | null): boolean =>
  canKeepFollowUps(role) && (role === 'admin' || followUp.assigned_to === uid || followUp.created_by === uid);

/** The follow-ups of one lead or deal: open ones by due time, done ones folded away. */
export function FollowUpPanel({ subject, role, uid, onChanged }: FollowUpPanelProps) {
  const [items, setItems] = useState<TFollowUp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ editing: TFollowUp | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [showDone, setShowDone] = useState(false);
  const assignees = useAssignees();

  useEffect(() => {
    api()
      .get<{ items: TFollowUp[] }>('/api/follow-ups', { query: { ...subject, view: 'all', limit: 100 } })
      .then((page) => setItems(page.items))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'Could not load follow-ups.'));
  }, ['lead_id' in subject ? subject.lead_id : subject.deal_id]);

  const replace = (saved: TFollowUp) => setItems((current) => [...(current ?? []).filter((entry) => entry.id !== saved.id), saved].sort((a, b) => a.due_at.localeCompare(b.due_at)));

  const toggle = async (followUp: TFollowUp) => {
    setBusy(followUp.id);
    try {
      replace(await api().patch<TFollowUp>(`/api/follow-ups/${encodeURIComponent(followUp.id)}`, { done: !followUp.done }));
      onChanged?.();
    } catch (failure) {
      toast('Follow-up not updated', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  const open = (items ?? []).filter((entry) => !entry.done);
  const done = (items ?? []).filter((entry) => entry.done);
  const render = (followUp: TFollowUp) => (
    <FollowUpItem
      key={followUp.id}
      followUp={followUp}
      editable={canEditFollowUp(followUp, role, uid)}
      busy={busy === followUp.id}
      onToggle={() => void toggle(followUp)}
      onEdit={() => setDialog({ editing: followUp })}
      assigneeLabel={followUp.assigned_to === uid ? null : assigneeName(assignees, followUp.assigned_to, uid)}
    />
  );

  return (
    <Card
      title="Follow-ups"
      level={2}
      actions={
        canKeepFollowUps(role) ? (
          <Button size="sm" onClick={() => setDialog({ editing: null })}>
            Add
          </Button>
        ) : undefined
      }
    >
      {error && <FormAlert message={error} />}
      {items === null && !error && <Skeleton lines={2} label="Loading follow-ups" />}
      {items && open.length === 0 && <p className="muted">No open follow-ups.</p>}
      {open.length > 0 && <ul className="dc-tasks">{open.map(render)}</ul>}
      {done.length > 0 && (
        <div className="dc-folded">
          <button type="button" className="dc-link-button" aria-expanded={showDone} onClick={() => setShowDone((value) => !value)}>
            {showDone ? 'Hide' : 'Show'} {done.length} done
          </button>
          {showDone && <ul className="dc-tasks">{done.map(render)}</ul>}
        </div>
      )}
      <FollowUpDialog
        open={dialog !== null}
        editing={dialog?.editing ?? null}
        role={role}
        uid={uid}
        subject={subject}
        onClose={() => setDialog(null)}
        onSaved={(saved) => {
          replace(saved);
          setDialog(null);
          toast(dialog?.editing ? 'Follow-up saved' : 'Follow-up added', { tone: 'success' });
          onChanged?.();
        }}
      />
    </Card>
  );
}
