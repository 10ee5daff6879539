import { useState } from 'react';
import type { TRole } from '../../../../shared/auth/principal.ts';
import type { TFollowUp } from '../../../../shared/follow-ups/follow-up.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Select, Textarea } from '../../components/field.tsx';
import { api } from '../../lib/api-client.ts';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { fromLocalInput, toLocalInput } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

const loadSchemas = () => import('../../../../shared/follow-ups/follow-up.schemas.ts');

/** Tomorrow at 9:00 in the viewer's zone: the usual next call. */
export function defaultDue(now = new Date()): string {
  const due = new Date(now);
  due.setDate(due.getDate() + 1);
  due.setHours(9, 0, 0, 0);
  return toLocalInput(due);
}

export interface FollowUpDialogProps {
  open: boolean;
  onClose: () => void;
  onSaved: (followUp: TFollowUp) => void;
  role: TRole | null;
  uid: string | null;
  /** What it is about (a lead or a deal); none for a personal task. */
  subject?: { lead_id: string } | { deal_id: string };
  /** Edit this follow-up instead of creating one. */
  editing?: TFollowUp | null;
}

/** Creates or edits a follow-up: title, due time, notes; admins may give it to someone else. */
export function FollowUpDialog({ open, onClose, onSaved, role, uid, subject, editing }: FollowUpDialogProps) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [notes, setNotes] = useState('');
  const [assignee, setAssignee] = useState('');
  const [people, setPeople] = useState<TAssignee[]>([]);
  const form = useApiForm({
    schema: async () => (editing ? (await loadSchemas()).ZUpdateFollowUpRequest : (await loadSchemas()).ZCreateFollowUpRequest),
    send: (value) => (editing ? api().patch<TFollowUp>(`/api/follow-ups/${encodeURIComponent(editing.id)}`, value) : api().post<TFollowUp>('/api/follow-ups', value)),
    onDone: onSaved,
  });

  useDialogOpening(() => {
    if (!open) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setTitle(editing?.title ?? '');
    setDue(editing ? toLocalInput(editing.due_at) : defaultDue());
    setNotes(editing?.notes ?? '');
    setAssignee(editing?.assigned_to ?? uid ?? '');
    if (role === 'admin')
      loadAssignees()
        .then(setPeople)
        .catch(() => undefined);
  }, [open]);

  const submit = (event: Event) => {
    event.preventDefault();
    const value = {
      title: title.trim(),
      due_at: fromLocalInput(due) ?? '',
      ...(notes.trim() || editing ? { notes: notes.trim() } : {}),
      ...(role === 'admin' && assignee && assignee !== (editing?.assigned_to ?? uid) ? { assigned_to: assignee } : {}),
      ...(editing ? {} : (subject ?? {})),
    };
    void form.submit(value);
  };

  return (
    <Dialog open={open} onClose={onClose} title={editing ? 'Edit follow-up' : 'New follow-up'}>
      <form className="dc-form" onSubmit={submit} noValidate>
        <Input label="What to do" required maxLength={200} value={title} onValue={setTitle} error={form.errors.title} placeholder="Call back about the roof estimate" />
        <Input label="Due" type="datetime-local" required value={due} onValue={setDue} error={form.errors.due_at} />
        {role === 'admin' && people.length > 0 && (
          <Select
            label="For"
            options={people.map((person) => ({ value: person.id, label: person.id === uid ? `${person.name || 'You'} (you)` : person.name || 'Teammate' }))}
            value={assignee}
            onValue={setAssignee}
            error={form.errors.assigned_to}
          />
        )}
        <Textarea label="Notes" rows={3} maxLength={2000} value={notes} onValue={setNotes} error={form.errors.notes} />
        <FormAlert message={form.message ?? form.errors.lead_id ?? form.errors.deal_id} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            {editing ? 'Save' : 'Add follow-up'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
