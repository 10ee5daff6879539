import { useState } from 'react';
import type { TRole } from '../../../../shared/auth/principal.ts';
import type { TBulkLeadResult } from '../../../../shared/leads/lead.schemas.ts';
import type { TLeadStatus } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Select, Textarea } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { label, plural } from '../../lib/format.ts';
import { describeBulkResult } from '../../lib/lead-rules.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

type TAction = 'assign' | 'tag' | 'status';

export interface LeadBulkActionsProps {
  ids: string[];
  role: TRole | null;
  uid: string | null;
  onClear: () => void;
  onDone: (result: TBulkLeadResult) => void;
}

/** The API's schemas (and zod) load with the first dialog, not with the list. */
const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

/** Statuses a selection can be moved to by hand: deal-owned ones are not (a deal moves its lead); `new` reopens lost leads (admins). */
const bulkStatuses = (role: TRole | null): TLeadStatus[] => (role === 'admin' ? ['new', 'contacted', 'qualified', 'lost'] : ['contacted', 'qualified', 'lost']);

const splitTags = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

/** The bar that appears over the list when leads are selected: assign, tag or move them together. */
export function LeadBulkActions({ ids, role, uid, onClear, onDone }: LeadBulkActionsProps) {
  const [action, setAction] = useState<TAction | null>(null);
  return (
    <div className="dc-bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{plural(ids.length, 'lead')} selected</strong>
      <div className="cluster">
        <Button size="sm" onClick={() => setAction('assign')}>
          Assign
        </Button>
        <Button size="sm" onClick={() => setAction('tag')}>
          Tag
        </Button>
        <Button size="sm" onClick={() => setAction('status')}>
          Change status
        </Button>
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear selection
        </Button>
      </div>
      <BulkDialog
        action={action}
        ids={ids}
        role={role}
        uid={uid}
        onClose={() => setAction(null)}
        onDone={(result) => {
          setAction(null);
          const message = describeBulkResult(result);
          toast(message.title, { body: message.body, tone: result.updated.length > 0 ? 'success' : 'info' });
          onDone(result);
        }}
      />
    </div>
  );
}

interface BulkDialogProps {
  action: TAction | null;
  ids: string[];
  role: TRole | null;
  uid: string | null;
  onClose: () => void;
  onDone: (result: TBulkLeadResult) => void;
}

function BulkDialog({ action, ids, role, uid, onClose, onDone }: BulkDialogProps) {
  const [assignee, setAssignee] = useState('');
  const [add, setAdd] = useState('');
  const [remove, setRemove] = useState('');
  const [status, setStatus] = useState<string>('contacted');
  const [reason, setReason] = useState('');
  const [assignees, setAssignees] = useState<TAssignee[]>([]);
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZBulkLeadAction,
    send: (value) => api().post<TBulkLeadResult>('/api/leads/bulk', value),
    onDone,
  });

  useDialogOpening(() => {
    if (!action) return;
    loadSchemas().catch(() => undefined);
    setAssignee(uid ?? '');
    setAdd('');
    setRemove('');
    setStatus('contacted');
    setReason('');
    form.reset();
    if (action === 'assign' && role === 'admin')
      loadAssignees()
        .then(setAssignees)
        .catch(() => undefined);
  }, [action]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (action === 'assign') void form.submit({ ids, action: { type: 'assign', assigned_to: assignee || null } });
    if (action === 'tag') void form.submit({ ids, action: { type: 'tag', add: splitTags(add), remove: splitTags(remove) } });
    if (action === 'status') void form.submit({ ids, action: { type: 'status', status, ...(status === 'lost' ? { reason: reason.trim() } : {}) } });
  };
  // Field errors come back as `action.assigned_to`, `action.add`, `action.reason`…
  const error = (field: string) => form.errors[`action.${field}`];
  const assigneeOptions =
    role === 'admin'
      ? assignees.map((entry) => ({ value: entry.id, label: entry.id === uid ? `${entry.name || 'You'} (you)` : entry.name || 'Teammate' }))
      : uid
        ? [{ value: uid, label: 'Me' }]
        : [];
  const titles: Record<TAction, string> = { assign: 'Assign leads', tag: 'Tag leads', status: 'Change status' };

  return (
    <Dialog open={action !== null} onClose={onClose} title={action ? titles[action] : ''} description={`${plural(ids.length, 'selected lead')}. Leads you cannot change are skipped and listed afterwards.`}>
      <form className="dc-form" onSubmit={submit} noValidate>
        {action === 'assign' && (
          <Select
            label="Assign to"
            options={assigneeOptions}
            placeholder="Nobody (unassigned)"
            value={assignee}
            onValue={setAssignee}
            error={error('assigned_to')}
            hint={role === 'acquisition_rep' ? 'Reps assign leads to themselves or leave them unassigned.' : undefined}
          />
        )}
        {action === 'tag' && (
          <>
            <Input label="Add tags" value={add} onValue={setAdd} hint="Comma-separated, e.g. probate, vacant" error={error('add')} />
            <Input label="Remove tags" value={remove} onValue={setRemove} error={error('remove')} />
          </>
        )}
        {action === 'status' && (
          <>
            <Select label="New status" options={bulkStatuses(role).map((value) => ({ value, label: value === 'new' ? 'New (reopen lost leads)' : label(value) }))} value={status} onValue={setStatus} error={error('status')} hint="Under contract and closed follow each lead's deal." />
            {status === 'lost' && <Textarea label="Why were they lost?" required value={reason} onValue={setReason} error={error('reason')} maxLength={500} />}
          </>
        )}
        <FormAlert message={form.message ?? form.errors.ids ?? form.errors.action} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            Apply to {plural(ids.length, 'lead')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
