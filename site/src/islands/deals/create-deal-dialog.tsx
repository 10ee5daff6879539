import { useState } from 'react';
import type { TDeal } from '../../../../shared/deals/deal.schemas.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Textarea } from '../../components/field.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { money, parseMoney } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

const loadSchemas = () => import('../../../../shared/deals/deal.schemas.ts');

export interface CreateDealDialogProps {
  lead: Pick<TLead, 'id' | 'full_name' | 'estimated_value' | 'offers'> | null;
  onClose: () => void;
  onCreated: (deal: TDeal) => void;
}

/**
 * Puts a lead under contract: the contract figures create its deal (in marketing) and the lead
 * moves to under contract. The contract price starts from an accepted offer when there is one.
 */
export function CreateDealDialog({ lead, onClose, onCreated }: CreateDealDialogProps) {
  const [contract, setContract] = useState('');
  const [arv, setArv] = useState('');
  const [repairs, setRepairs] = useState('0');
  const [asking, setAsking] = useState('');
  const [closing, setClosing] = useState('');
  const [notes, setNotes] = useState('');
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZCreateDealRequest,
    send: (value) => api().post<TDeal>('/api/deals', value),
    onDone: onCreated,
    describe: (error) => (error instanceof ApiError && typeof error.problem.existing_deal_id === 'string' ? 'This lead already has an open deal.' : null),
  });
  useDialogOpening(() => {
    if (!lead) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    const accepted = lead.offers.find((offer) => offer.status === 'accepted');
    setContract(accepted ? String(accepted.amount) : '');
    setArv(lead.estimated_value ? String(lead.estimated_value) : '');
    setRepairs('0');
    setAsking('');
    setClosing('');
    setNotes('');
  }, [lead?.id]);

  const contractPrice = parseMoney(contract);
  const askingPrice = parseMoney(asking);
  const fee = contractPrice !== undefined && askingPrice !== undefined && !Number.isNaN(contractPrice) && !Number.isNaN(askingPrice) ? askingPrice - contractPrice : null;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!lead) return;
    void form.submit({
      lead_id: lead.id,
      contract_price: contractPrice,
      arv: parseMoney(arv),
      repair_estimate: parseMoney(repairs) ?? 0,
      asking_price: askingPrice,
      ...(closing ? { closing_date: closing } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
  };
  return (
    <Dialog open={lead !== null} onClose={onClose} title="Put under contract" description={lead ? `${lead.full_name}'s property: the deal is marketed to your buyers at the asking price.` : undefined}>
      <form className="dc-form" onSubmit={submit} noValidate>
        <div className="dc-form-row">
          <Input label="Contract price ($)" inputMode="numeric" required value={contract} onValue={setContract} error={form.errors.contract_price} />
          <Input label="Asking price ($)" inputMode="numeric" required value={asking} onValue={setAsking} error={form.errors.asking_price} hint={fee !== null ? `Projected fee ${money(fee)}` : 'What buyers are offered'} />
        </div>
        <div className="dc-form-row">
          <Input label="ARV ($)" inputMode="numeric" required value={arv} onValue={setArv} error={form.errors.arv} />
          <Input label="Repairs ($)" inputMode="numeric" value={repairs} onValue={setRepairs} error={form.errors.repair_estimate} />
        </div>
        <Input label="Closing date" type="date" value={closing} onValue={setClosing} error={form.errors.closing_date} />
        <Textarea label="Notes" rows={3} maxLength={5000} value={notes} onValue={setNotes} error={form.errors.notes} />
        <FormAlert message={form.message ?? form.errors.lead_id} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            Create the deal
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
