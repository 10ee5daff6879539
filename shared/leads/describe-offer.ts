import type { TLeadRecord } from './lead-record.ts';

type TOffer = TLeadRecord['offers'][number];

const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = (amount: number) => `$${WHOLE_DOLLARS.format(amount)}`;

/** The timeline line for an offer made (`previous` null) or changed. */
export function describeOffer(offer: TOffer, previous: TOffer | null): string {
  const amount = money(offer.amount);
  if (previous && previous.status === offer.status && previous.amount === offer.amount) return `Offer of ${amount} updated`;
  if (previous && previous.status === offer.status) return `Offer changed from ${money(previous.amount)} to ${amount}`;
  switch (offer.status) {
    case 'pending':
      return `Offer of ${amount} made`;
    case 'accepted':
      return `Seller accepted the offer of ${amount}`;
    case 'rejected':
      return `Seller rejected the offer of ${amount}`;
    case 'countered':
      return `Seller countered the offer of ${amount}${offer.counter_amount ? ` at ${money(offer.counter_amount)}` : ''}`;
  }
}
