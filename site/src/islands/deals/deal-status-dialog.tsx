import { useEffect, useState } from 'react';
import type { TBuyer } from '../../../../shared/buyers/buyer.schemas.ts';
import type { TDealStatus } from '../../../../shared/deals/deal.constants.ts';
import type { TDeal } from '../../../../shared/deals/deal.schemas.ts';
import type { TBuyerMatches } from '../../../../shared/matching/match.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Textarea } from '../../components/field.tsx';
import { api } from '../../lib/api-client.ts';
import { label, money, parseMoney, toLocalInput } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

const loadSchemas = () => import('../../../../shared/deals/deal.schemas.ts');

type TPick = { id: string; name: string; detail: string };

export interface DealStatusDialogProps {
  /** The deal and where it goes; null closes. `buyerId` preselects a buyer for an assignment. */
  move: { deal: TDeal; to: TDealStatus; buyerId?: string } | null;
  onClose: () => void;
  onMoved: (deal: TDeal) => void;
}

/**
 * The words and figures a deal move needs: a buyer and the assignment fee to assign it (the best
 * matches first, any active buyer by search), the closing date to close it, a reason to cancel it.
 */
export function DealStatusDialog({ move, onClose, onMoved }: DealStatusDialogProps) {
  const [buyerId, setBuyerId] = useState('');
  const [fee, setFee] = useState('');
  const [closedAt, setClosedAt] = useState('');
  const [reason, setReason] = useState('');
  const [picks, setPicks] = useState<TPick[]>([]);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<TPick[]>([]);
  const [noBuyer, setNoBuyer] = useState(false);
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZChangeDealStatusRequest,
    send: (value) => api().post<TDeal>(`/api/deals/${encodeURIComponent(move?.deal.id ?? '')}/status`, value),
    onDone: onMoved,
  });

  useDialogOpening(() => {
    if (!move) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setBuyerId(move.buyerId ?? '');
    setFee(String(Math.max(0, move.deal.projected_fee)));
    setClosedAt(toLocalInput(new Date()).slice(0, 10));
    setReason('');
    setQuery('');
    setFound([]);
    setNoBuyer(false);
    if (move.to === 'assigned')
      api()
        .get<TBuyerMatches>(`/api/deals/${encodeURIComponent(move.deal.id)}/buyers`, { query: { limit: 8 } })
        .then((matches) => setPicks(matches.items.map((match) => ({ id: match.buyer.id, name: match.buyer.full_name, detail: `Match ${match.score}${match.buyer.company ? ` · ${match.buyer.company}` : ''}` }))))
        .catch(() => setPicks([]));
  }, [move?.deal.id, move?.to]);

  // Any active buyer, by name, phone or email.
  useEffect(() => {
    if (query.trim().length < 2) return setFound([]);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api()
        .get<{ items: TBuyer[] }>('/api/buyers', { query: { q: query.trim(), status: 'active', limit: 8 }, signal: controller.signal })
        .then((page) => setFound(page.items.map((buyer) => ({ id: buyer.id, name: buyer.full_name, detail: buyer.company || buyer.email || '' }))))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  if (!move) return <Dialog open={false} onClose={onClose} title="" />;
  const { deal, to } = move;
  const submit = (event: Event) => {
    event.preventDefault();
    if (to === 'assigned' && !buyerId) return setNoBuyer(true);
    if (to === 'assigned') void form.submit({ status: to, buyer_id: buyerId, assignment_fee: parseMoney(fee) });
    else if (to === 'closed') void form.submit({ status: to, ...(closedAt ? { closed_at: closedAt } : {}) });
    else if (to === 'cancelled') void form.submit({ status: to, reason: reason.trim() });
    else void form.submit({ status: to });
  };
  const options = [...picks, ...found.filter((entry) => !picks.some((pick) => pick.id === entry.id))];
  const titles: Record<TDealStatus, string> = { assigned: 'Assign a buyer', closed: 'Close the deal', cancelled: 'Cancel the deal?', marketing: 'Back to marketing?' };

  return (
    <Dialog open onClose={onClose} title={titles[to]} description={`${deal.title}: ${label(deal.status)} → ${label(to)}`} size={to === 'assigned' ? 'lg' : 'md'}>
      <form className="dc-form" onSubmit={submit} noValidate>
        {to === 'assigned' && (
          <>
            <fieldset className="dc-fieldset">
              <legend className="dc-label">Buyer</legend>
              <Input label="Find any active buyer" type="search" value={query} onValue={setQuery} placeholder="Name, phone or email" />
              {options.length === 0 && <p className="muted dc-hint">No matching buyers yet: search for one.</p>}
              <div className="dc-choice-list">
                {options.map((option) => (
                  <label key={option.id} className={buyerId === option.id ? 'dc-choice is-chosen' : 'dc-choice'}>
                    <input type="radio" name="buyer" value={option.id} checked={buyerId === option.id} onChange={() => setBuyerId(option.id)} />
                    <span>
                      <strong>{option.name}</strong>
                      <span className="dc-hint"> {option.detail}</span>
                    </span>
                  </label>
                ))}
              </div>
              {(form.errors.buyer_id || (noBuyer && !buyerId)) && (
                <p className="dc-error" role="alert">
                  {form.errors.buyer_id ?? 'Choose a buyer'}
                </p>
              )}
            </fieldset>
            <Input label="Assignment fee ($)" inputMode="numeric" required value={fee} onValue={setFee} error={form.errors.assignment_fee} hint={`At asking (${money(deal.asking_price)}) the fee is ${money(deal.projected_fee)}`} />
          </>
        )}
        {to === 'closed' && <Input label="Closed on" type="date" value={closedAt} onValue={setClosedAt} error={form.errors.closed_at} hint={deal.buyer ? `Assigned to ${deal.buyer.full_name} for ${money(deal.assignment_fee)}` : undefined} />}
        {to === 'cancelled' && <Textarea label="Why is it cancelled?" required rows={3} maxLength={500} value={reason} onValue={setReason} error={form.errors.reason} hint="The lead goes back to qualified." />}
        {to === 'marketing' && <p>{deal.status === 'assigned' ? `${deal.buyer?.full_name ?? 'The buyer'} is released and the deal is offered to buyers again.` : 'The deal is offered to buyers again and its lead goes back under contract.'}</p>}
        <FormAlert message={form.message} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={to === 'cancelled' ? 'danger' : 'primary'} loading={form.busy}>
            {to === 'assigned' ? 'Assign' : to === 'closed' ? 'Mark closed' : to === 'cancelled' ? 'Cancel the deal' : 'Back to marketing'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
