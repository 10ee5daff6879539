import { useState } from 'react';
import type { TRole } from '../../../../shared/auth/principal.ts';
import { LEAD_SOURCES, PROPERTY_TYPES } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { DateRange } from '../../components/date-range.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { Input, Select } from '../../components/field.tsx';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { label, toLocalInput } from '../../lib/format.ts';
import { EMPTY_LEAD_FILTERS, type TLeadListFilters } from '../../lib/lead-list-query.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

export interface LeadFiltersProps {
  open: boolean;
  filters: TLeadListFilters;
  role: TRole | null;
  onClose: () => void;
  onApply: (filters: TLeadListFilters) => void;
}

const toggle = <T,>(values: readonly T[], value: T): T[] => (values.includes(value) ? values.filter((entry) => entry !== value) : [...values, value]);

/** The list's other filters in a drawer: a draft until "Show leads", so the list is not refetched on every tick. */
export function LeadFilters({ open, filters, role, onClose, onApply }: LeadFiltersProps) {
  const [draft, setDraft] = useState(filters);
  const [assignees, setAssignees] = useState<TAssignee[]>([]);
  useDialogOpening(() => {
    if (!open) return;
    setDraft(filters);
    loadAssignees()
      .then(setAssignees)
      .catch(() => undefined);
  }, [open]);

  const set = (patch: Partial<TLeadListFilters>) => setDraft((current) => ({ ...current, ...patch }));
  const assigneeOptions = [
    { value: 'me', label: 'Me' },
    { value: 'unassigned', label: 'Unassigned' },
    // A rep sees only their own and unassigned leads: other names would match nothing.
    ...(role === 'acquisition_rep' ? [] : assignees.map((assignee) => ({ value: assignee.id, label: assignee.name || 'Teammate' }))),
  ];
  const invalidRange = draft.min_value !== '' && draft.max_value !== '' && Number(draft.max_value) < Number(draft.min_value);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="Filter leads"
      footer={
        <>
          <Button onClick={() => setDraft({ ...EMPTY_LEAD_FILTERS, status: draft.status, q: draft.q })}>Reset</Button>
          <Button variant="primary" disabled={invalidRange} onClick={() => onApply(draft)}>
            Show leads
          </Button>
        </>
      }
    >
      <div className="dc-form">
        <Select label="Assigned to" options={assigneeOptions} placeholder="Anyone" value={draft.assigned_to} onValue={(value) => set({ assigned_to: value })} />
        <fieldset className="dc-fieldset">
          <legend className="dc-label">Source</legend>
          <div className="dc-check-grid">
            {LEAD_SOURCES.map((source) => (
              <label key={source} className="dc-check">
                <input type="checkbox" checked={draft.source.includes(source)} onChange={() => set({ source: toggle(draft.source, source) })} />
                {label(source)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="dc-fieldset">
          <legend className="dc-label">Property type</legend>
          <div className="dc-check-grid">
            {PROPERTY_TYPES.map((type) => (
              <label key={type} className="dc-check">
                <input type="checkbox" checked={draft.property_type.includes(type)} onChange={() => set({ property_type: toggle(draft.property_type, type) })} />
                {label(type)}
              </label>
            ))}
          </div>
        </fieldset>
        <Input label="Tag" value={draft.tag} maxLength={40} hint="One tag, exactly as written on the lead" onValue={(value) => set({ tag: value })} />
        <div className="dc-form-row">
          <Input label="Value from ($)" inputMode="numeric" value={draft.min_value} onValue={(value) => set({ min_value: value.replace(/[^\d]/g, '') })} />
          <Input label="Value to ($)" inputMode="numeric" value={draft.max_value} error={invalidRange ? 'Below the lower bound' : undefined} onValue={(value) => set({ max_value: value.replace(/[^\d]/g, '') })} />
        </div>
        <DateRange label="Created" value={{ from: draft.created_from, to: draft.created_to }} today={toLocalInput(new Date()).slice(0, 10)} onChange={(range) => set({ created_from: range.from, created_to: range.to })} />
      </div>
    </Drawer>
  );
}
