import { useState } from 'react';
import { OFFER_STATUSES } from '../../../../shared/leads/lead.constants.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { Badge, type TBadgeTone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Select, Textarea } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { label, money, parseMoney, shortDate } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

type TOffer = TLead['offers'][number];

const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

const STATUS_TONE: Record<TOffer['status'], TBadgeTone> = { pending: 'primary', accepted: 'success', rejected: 'danger', countered: 'warning' };
const STATUS_OPTIONS = OFFER_STATUSES.map((value) => ({ value, label: label(value) }));

export interface LeadOffersProps {
  lead: TLead;
  writable: boolean;
  onChanged: (lead: TLead) => void;
}

/** Offers made to the seller and their answers (accepted, rejected, countered at an amount). */
export function LeadOffers({ lead, writable, onChanged }: LeadOffersProps) {
  const [dialog, setDialog] = useState<{ offer: TOffer | null } | null>(null);
  const offers = [...lead.offers].sort((a, b) => b.offered_at.localeCompare(a.offered_at));
  return (
    <Card
      title="Offers"
      actions={
        writable ? (
          <Button size="sm" onClick={() => setDialog({ offer: null })}>
            Record offer
          </Button>
        ) : undefined
      }
    >
      {offers.length === 0 && <p className="muted">No offers yet.</p>}
      {offers.length > 0 && (
        <ul className="dc-list">
          {offers.map((offer) => (
            <li key={offer.id} className="dc-list-item dc-list-item--wrap">
              <div>
                <strong>{money(offer.amount)}</strong> <Badge tone={STATUS_TONE[offer.status]}>{label(offer.status)}</Badge>
                <p className="dc-hint">
                  {shortDate(offer.offered_at)}
                  {offer.status === 'countered' && offer.counter_amount !== null ? ` · seller countered at ${money(offer.counter_amount)}` : ''}
                </p>
                {offer.notes && <p className="dc-hint">{offer.notes}</p>}
              </div>
              {writable && (
                <Button size="sm" variant="ghost" onClick={() => setDialog({ offer })} aria-label={`Record the answer to the ${money(offer.amount)} offer`}>
                  Record answer
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <OfferDialog
        open={dialog !== null}
        offer={dialog?.offer ?? null}
        lead={lead}
        onClose={() => setDialog(null)}
        onSaved={(updated) => {
          toast(dialog?.offer ? 'Offer updated' : 'Offer recorded', { tone: 'success' });
          setDialog(null);
          onChanged(updated);
        }}
      />
    </Card>
  );
}

function OfferDialog({ open, offer, lead, onClose, onSaved }: { open: boolean; offer: TOffer | null; lead: TLead; onClose: () => void; onSaved: (lead: TLead) => void }) {
  const [amount, setAmount] = useState('');
  const [status, setStatus] = useState<string>('pending');
  const [counter, setCounter] = useState('');
  const [notes, setNotes] = useState('');
  const path = offer ? `/api/leads/${encodeURIComponent(lead.id)}/offers/${encodeURIComponent(offer.id)}` : `/api/leads/${encodeURIComponent(lead.id)}/offers`;
  const form = useApiForm({
    schema: async () => (offer ? (await loadSchemas()).ZUpdateOfferRequest : (await loadSchemas()).ZOfferRequest),
    send: (value) => (offer ? api().patch<TLead>(path, value) : api().post<TLead>(path, value)),
    onDone: onSaved,
  });
  useDialogOpening(() => {
    if (!open) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setAmount(offer ? String(offer.amount) : '');
    setStatus(offer?.status ?? 'pending');
    setCounter(offer?.counter_amount ? String(offer.counter_amount) : '');
    setNotes(offer?.notes ?? '');
  }, [open]);
  const submit = (event: Event) => {
    event.preventDefault();
    const counterAmount = status === 'countered' ? parseMoney(counter) : undefined;
    void form.submit({
      amount: parseMoney(amount),
      status,
      ...(counterAmount !== undefined ? { counter_amount: counterAmount } : {}),
      ...(notes.trim() || offer ? { notes: notes.trim() } : {}),
    });
  };
  return (
    <Dialog open={open} onClose={onClose} title={offer ? 'The seller’s answer' : 'Record an offer'} description={`To ${lead.full_name}.`}>
      <form className="dc-form" onSubmit={submit} noValidate>
        <Input label="Amount ($)" inputMode="numeric" required value={amount} onValue={setAmount} error={form.errors.amount} />
        <Select label="Status" options={STATUS_OPTIONS} value={status} onValue={setStatus} error={form.errors.status} />
        {status === 'countered' && <Input label="Seller's counter ($)" inputMode="numeric" required value={counter} onValue={setCounter} error={form.errors.counter_amount} />}
        <Textarea label="Notes" rows={3} maxLength={2000} value={notes} onValue={setNotes} error={form.errors.notes} />
        <FormAlert message={form.message} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            {offer ? 'Save answer' : 'Record offer'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
