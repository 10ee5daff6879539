import { recordActivity } from '../activities/record-activity.ts';
import { trackLeadSource } from '../analytics/levels/track-levels.ts';
import { addressKey } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound, type TFieldError } from '../errors/app-error.ts';
import { leadSearchText, leadSearchTokens, normalizeLeadContact } from './build-lead-record.ts';
import { assertAssignable, assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TLead, TUpdateLeadRequest } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { recordAssignment } from './record-lead-assignment.ts';
import { toLead } from './to-lead.ts';

const FIELD_LABELS: Partial<Record<keyof TLeadRecord, string>> = {
  first_name: 'name',
  last_name: 'name',
  other_phones: 'other phones',
  mailing_address: 'mailing address',
  property_type: 'property type',
  estimated_value: 'estimated value',
  assigned_to: 'assignee',
};

/**
 * Edits a lead the caller may change: contact fields are normalised again (every field problem
 * at once), derived fields (name, address key, search fields) recomputed, tags de-duplicated,
 * and a change of assignee checked, written to the timeline and announced to the new assignee.
 * Publishes `lead_updated` with the changed field names. Status has its own endpoint.
 */
export async function updateLead(ctx: TServiceContext, leadId: string, input: TUpdateLeadRequest): Promise<TLead> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  const errors: TFieldError[] = [];
  const contact = normalizeLeadContact(
    {
      ...(input.phone !== undefined ? { phone: input.phone ?? '' } : {}),
      ...(input.other_phones !== undefined ? { other_phones: input.other_phones } : {}),
      ...(input.email !== undefined ? { email: input.email ?? '' } : {}),
      ...(input.address ? { address: input.address } : {}),
      ...(input.mailing_address ? { mailing_address: input.mailing_address } : {}),
    },
    errors,
  );
  if (errors.length > 0) throw new AppError('invalid', 'Some fields need attention', { fieldErrors: errors });

  const next: TLeadRecord = { ...lead };
  if (input.first_name !== undefined) next.first_name = input.first_name;
  if (input.last_name !== undefined) next.last_name = input.last_name;
  next.full_name = [next.first_name, next.last_name].filter(Boolean).join(' ');
  if (contact.phone !== undefined) next.phone = contact.phone;
  if (contact.otherPhones !== undefined) next.other_phones = contact.otherPhones.filter((phone) => phone !== next.phone);
  if (contact.email !== undefined) next.email = contact.email;
  if (input.address !== undefined) next.address = contact.address ?? null;
  if (input.mailing_address !== undefined) next.mailing_address = contact.mailingAddress ?? null;
  if (input.property_type !== undefined) next.property_type = input.property_type;
  if (input.estimated_value !== undefined) next.estimated_value = input.estimated_value;
  if (input.source !== undefined) next.source = input.source;
  if (input.notes !== undefined) next.notes = input.notes;
  if (input.tags !== undefined) {
    next.tags = [...new Set(input.tags)];
    // An AI tag the person removed is no longer the AI's.
    next.auto_tags = lead.auto_tags.filter((tag) => next.tags.includes(tag));
  }
  if (input.assigned_to !== undefined && input.assigned_to !== lead.assigned_to) next.assigned_to = await assertAssignable(ctx, input.assigned_to);
  next.address_key = addressKey(next.address);
  next.search_text = leadSearchText(next);
  next.search_tokens = leadSearchTokens(next);

  const changed = (Object.keys(next) as (keyof TLeadRecord)[]).filter(
    (key) => !['full_name', 'address_key', 'search_text', 'search_tokens', 'auto_tags'].includes(key) && JSON.stringify(next[key]) !== JSON.stringify(lead[key]),
  );
  if (changed.length === 0) return toLead(lead);

  const now = ctx.ports.clock.now();
  // Only what this edit changed (and what derives from it): counters, status and offers written
  // meanwhile by others stay as they are.
  const set: Partial<TLeadRecord> = { updated_at: now };
  for (const key of [...changed, 'full_name', 'address_key', 'search_text', 'search_tokens', 'auto_tags'] as const) Object.assign(set, { [key]: next[key] });
  const updated = await ctx.db.collection<TLeadRecord>('leads').findOneAndUpdate({ _id: lead._id }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('Lead');

  const fields = [...new Set(changed.map((key) => FIELD_LABELS[key] ?? key.replace(/_/g, ' ')))];
  const reassigned = changed.includes('assigned_to');
  const others = fields.filter((field) => field !== 'assignee');
  if (others.length > 0) {
    await recordActivity(ctx, { subject: { kind: 'lead', id: lead._id }, type: 'updated', summary: `Updated ${others.join(', ')}`, data: { fields: changed }, at: now });
  }
  if (reassigned) await recordAssignment(ctx, updated, lead.assigned_to, now);
  if (changed.includes('source')) await trackLeadSource(ctx, lead._id, lead.source, updated.source);
  await ctx.events.publish({ type: 'lead_updated', actor: ctx.principal.uid, subject: { kind: 'lead', id: lead._id }, data: { fields: changed, assigned_to: updated.assigned_to } });
  return toLead(updated);
}
