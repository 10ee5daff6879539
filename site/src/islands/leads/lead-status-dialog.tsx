import { useState } from 'react';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import type { TLeadStatus } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Textarea } from '../../components/field.tsx';
import { api } from '../../lib/api-client.ts';
import { label } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

/** Common reasons a seller is lost, offered as one-tap choices. */
export const LOST_REASONS = ['Sold to another buyer', 'Listed with an agent', 'Price too high', 'Not motivated', 'No response', 'Bad contact details'] as const;

export interface LeadStatusDialogProps {
  /** The lead and where it goes; null closes the dialog. */
  move: { lead: Pick<TLead, 'id' | 'full_name' | 'status'>; to: TLeadStatus } | null;
  onClose: () => void;
  onMoved: (lead: TLead) => void;
}

/** Confirms a status move that needs words: `lost` asks why (the API requires a reason). */
export function LeadStatusDialog({ move, onClose, onMoved }: LeadStatusDialogProps) {
  const [reason, setReason] = useState('');
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZChangeLeadStatusRequest,
    send: (value) => api().post<TLead>(`/api/leads/${encodeURIComponent(move?.lead.id ?? '')}/status`, value),
    onDone: onMoved,
  });
  useDialogOpening(() => {
    if (!move) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setReason('');
  }, [move?.lead.id, move?.to]);
  const lost = move?.to === 'lost';
  return (
    <Dialog open={move !== null} onClose={onClose} title={lost ? 'Mark this lead lost?' : `Move to ${label(move?.to ?? '').toLowerCase()}?`} description={move ? `${move.lead.full_name}: ${label(move.lead.status)} → ${label(move.to)}` : undefined}>
      <form
        className="dc-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (move) void form.submit({ status: move.to, ...(reason.trim() ? { reason: reason.trim() } : {}) });
        }}
      >
        {lost && (
          <>
            <div className="dc-chip-row" role="group" aria-label="Common reasons">
              {LOST_REASONS.map((entry) => (
                <button key={entry} type="button" className="dc-chip" aria-pressed={reason === entry} onClick={() => setReason(entry)}>
                  {entry}
                </button>
              ))}
            </div>
            <Textarea label="Why was it lost?" required rows={3} maxLength={500} value={reason} onValue={setReason} error={form.errors.reason} />
          </>
        )}
        {!lost && <Textarea label="Note (optional)" rows={2} maxLength={500} value={reason} onValue={setReason} error={form.errors.reason} />}
        <FormAlert message={form.message} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={lost ? 'danger' : 'primary'} loading={form.busy}>
            {lost ? 'Mark lost' : `Move to ${label(move?.to ?? '').toLowerCase()}`}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
