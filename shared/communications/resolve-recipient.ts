import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import { normalizeEmail, normalizePhone } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { invalid, notFound } from '../errors/app-error.ts';
import { findVisibleLead, leadVisibilityFilter } from '../leads/lead-access.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TRecipientRef } from './communication.schemas.ts';
import { findContactByPhone } from './find-contact-by-phone.ts';
import { timeZoneForUsLocation } from './us-time-zones.ts';

export interface TRecipient {
  lead: TLeadRecord | null;
  buyer: TBuyerRecord | null;
  name: string;
  phone: string | null;
  email: string | null;
  /** Recipient-local zone for quiet hours: from the property's state and ZIP, else the organisation's. */
  timeZone: string;
}

/** Leads created from an unknown number are called this until someone learns their name. */
export const UNKNOWN_FIRST_NAME = 'Unknown';

/**
 * The person a message or call goes to, from a lead or buyer id, or a raw phone/email (which
 * is matched to a lead or buyer when it is one). Reps reach only the leads they may see, and
 * no buyers.
 */
export async function resolveRecipient(ctx: TServiceContext, to: TRecipientRef): Promise<TRecipient> {
  if ('lead_id' in to) return fromLead(ctx, await findVisibleLead(ctx, to.lead_id));
  if ('buyer_id' in to) {
    // Buyers are disposition's contacts: reps neither see their threads nor write to them.
    const buyer = ctx.principal.role === 'acquisition_rep' ? null : await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: to.buyer_id });
    if (!buyer) throw notFound('Buyer');
    return fromBuyer(ctx, buyer);
  }
  if ('phone' in to) {
    const phone = normalizePhone(to.phone);
    if (phone.error !== undefined) throw invalid('to.phone', phone.error);
    const contact = await findContactByPhone(ctx, phone.value, leadVisibilityFilter(ctx.principal));
    if (contact?.kind === 'lead') return { ...fromLead(ctx, contact.lead), phone: phone.value };
    if (contact?.kind === 'buyer') return { ...fromBuyer(ctx, contact.buyer), phone: phone.value };
    return { lead: null, buyer: null, name: phone.value, phone: phone.value, email: null, timeZone: ctx.tenant.timezone };
  }
  const email = normalizeEmail(to.email);
  if (email.error !== undefined) throw invalid('to.email', email.error);
  const [lead, buyer] = await Promise.all([
    ctx.db.collection<TLeadRecord>('leads').findOne({ email: email.value, ...leadVisibilityFilter(ctx.principal) }),
    ctx.db.collection<TBuyerRecord>('buyers').findOne({ email: email.value }),
  ]);
  if (lead) return { ...fromLead(ctx, lead), email: email.value };
  if (buyer) return { ...fromBuyer(ctx, buyer), email: email.value };
  return { lead: null, buyer: null, name: email.value, phone: null, email: email.value, timeZone: ctx.tenant.timezone };
}

const fromLead = (ctx: TServiceContext, lead: TLeadRecord): TRecipient => ({
  lead,
  buyer: null,
  name: lead.full_name,
  phone: lead.phone ?? lead.other_phones[0] ?? null,
  email: lead.email,
  timeZone: timeZoneForUsLocation(lead.address?.state, lead.address?.zip) ?? timeZoneForUsLocation(lead.mailing_address?.state, lead.mailing_address?.zip) ?? ctx.tenant.timezone,
});

/** Buyers have no address; one that buys in a single state is probably there. */
const fromBuyer = (ctx: TServiceContext, buyer: TBuyerRecord): TRecipient => {
  const states = buyer.buy_box.locations.states;
  return {
    lead: null,
    buyer,
    name: buyer.full_name,
    phone: buyer.phone,
    email: buyer.email,
    timeZone: (states.length === 1 ? timeZoneForUsLocation(states[0]) : null) ?? ctx.tenant.timezone,
  };
};
