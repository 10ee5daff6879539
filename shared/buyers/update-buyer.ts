import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound, type TFieldError } from '../errors/app-error.ts';
import type { TBuyBox, TBuyBoxPatch, TBuyer, TUpdateBuyerRequest } from './buyer.schemas.ts';
import { toBuyer, type TBuyerRecord } from './buyer-record.ts';
import { buyerSearchText, normalizeBuyBox, normalizeBuyerContact } from './build-buyer-record.ts';
import { findDuplicateBuyer } from './find-duplicate-buyer.ts';
import { loadBuyerMetrics } from './load-buyer-metrics.ts';

/**
 * Changes a buyer. The buy box is merged part by part (a list sent replaces that list);
 * contact fields are normalised as on create, and a phone or email taken by another buyer
 * answers 409 unless `allowDuplicate`.
 */
export async function updateBuyer(ctx: TServiceContext, buyerId: string, input: TUpdateBuyerRequest, options: { allowDuplicate?: boolean | undefined } = {}): Promise<TBuyer> {
  const buyers = ctx.db.collection<TBuyerRecord>('buyers');
  const current = await buyers.findOne({ _id: buyerId });
  if (!current) throw notFound('Buyer');

  const errors: TFieldError[] = [];
  const contact = normalizeBuyerContact(input, errors);
  const buyBox = input.buy_box ? mergeBuyBox(current.buy_box, input.buy_box) : undefined;
  if (buyBox && buyBox.price_min !== null && buyBox.price_max !== null && buyBox.price_min > buyBox.price_max) {
    errors.push({ location: 'body', field: 'buy_box.price_max', detail: 'The minimum price is above the maximum' });
  }
  if (errors.length > 0) throw new AppError('invalid', errors[0]?.detail ?? 'Invalid buyer', { fieldErrors: errors });

  const next: TBuyerRecord = { ...current, updated_at: ctx.ports.clock.now() };
  if (input.first_name !== undefined) next.first_name = input.first_name;
  if (input.last_name !== undefined) next.last_name = input.last_name;
  next.full_name = [next.first_name, next.last_name].filter(Boolean).join(' ');
  if (input.company !== undefined) next.company = input.company;
  if (contact.phone !== undefined) next.phone = contact.phone;
  if (contact.email !== undefined) next.email = contact.email;
  if (buyBox) next.buy_box = buyBox;
  if (input.tags !== undefined) next.tags = [...new Set(input.tags)];
  if (input.notes !== undefined) next.notes = input.notes;
  if (input.status !== undefined) next.status = input.status;
  next.search_text = buyerSearchText(next);

  if (!options.allowDuplicate && (next.phone !== current.phone || next.email !== current.email)) {
    const duplicate = await findDuplicateBuyer(ctx, { _id: current._id, phone: next.phone !== current.phone ? next.phone : null, email: next.email !== current.email ? next.email : null });
    if (duplicate) {
      throw new AppError('conflict', `${duplicate.record.full_name} already has this ${duplicate.field}; add ?allow_duplicate=true to keep it anyway`, {
        extensions: { existing_id: duplicate.record._id, duplicate_field: duplicate.field },
        fieldErrors: [{ location: 'body', field: duplicate.field, detail: `Already used by ${duplicate.record.full_name}` }],
      });
    }
  }

  const { _id: _ignored, tenant_id: _tenant, ...set } = next;
  const updated = await buyers.findOneAndUpdate({ _id: buyerId }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('Buyer');
  const changed = Object.keys(input);
  await recordActivity(ctx, {
    subject: { kind: 'buyer', id: buyerId },
    type: input.status !== undefined && input.status !== current.status ? 'status_changed' : 'updated',
    summary: input.status !== undefined && input.status !== current.status ? `Buyer marked ${updated.status}` : `Updated ${changed.map((field) => field.replace(/_/g, ' ')).join(', ')}`,
    data: { fields: changed },
    at: updated.updated_at,
  });
  const metrics = await loadBuyerMetrics(ctx, [buyerId]);
  return toBuyer(updated, metrics.get(buyerId));
}

function mergeBuyBox(current: TBuyBox, patch: TBuyBoxPatch): TBuyBox {
  const defined = <T extends object>(value: T | undefined) => Object.fromEntries(Object.entries(value ?? {}).filter(([, entry]) => entry !== undefined)) as Partial<T>;
  const { locations, criteria, ...top } = patch;
  return normalizeBuyBox({
    ...current,
    ...defined(top),
    locations: { ...current.locations, ...defined(locations) },
    criteria: { ...current.criteria, ...defined(criteria) },
  });
}
