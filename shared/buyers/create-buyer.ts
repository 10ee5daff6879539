import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TBuyer } from './buyer.schemas.ts';
import { toBuyer, type TBuyerRecord } from './buyer-record.ts';
import { buildBuyerRecord, type TBuyerInput } from './build-buyer-record.ts';
import { findDuplicateBuyer } from './find-duplicate-buyer.ts';

/**
 * Adds a cash buyer. A phone or email that already belongs to a buyer answers 409 with that
 * buyer's id (`existing_id`), unless `allowDuplicate` says the caller means it.
 */
export async function createBuyer(ctx: TServiceContext, input: TBuyerInput, options: { allowDuplicate?: boolean | undefined } = {}): Promise<TBuyer> {
  const now = ctx.ports.clock.now();
  const built = buildBuyerRecord(input, { tenantId: ctx.tenant._id, createdBy: ctx.principal.uid, now });
  if (built.errors) throw new AppError('invalid', built.errors[0]?.detail ?? 'Invalid buyer', { fieldErrors: built.errors });
  const { record } = built;
  if (!options.allowDuplicate) {
    const duplicate = await findDuplicateBuyer(ctx, record);
    if (duplicate) {
      throw new AppError('conflict', `${duplicate.record.full_name} already has this ${duplicate.field}; add ?allow_duplicate=true to create another buyer anyway`, {
        extensions: { existing_id: duplicate.record._id, duplicate_field: duplicate.field },
        fieldErrors: [{ location: 'body', field: duplicate.field, detail: `Already used by ${duplicate.record.full_name}` }],
      });
    }
  }
  await ctx.db.collection<TBuyerRecord>('buyers').insertOne(record);
  await recordActivity(ctx, { subject: { kind: 'buyer', id: record._id }, type: 'created', summary: `Buyer ${record.full_name} added`, at: now });
  return toBuyer(record);
}
