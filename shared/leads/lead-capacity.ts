import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TLeadRecord } from './lead-record.ts';

/** How many more leads the tenant's plan allows (`max_leads` minus stored leads, never below 0). Imports use it per batch. */
export async function remainingLeadCapacity(ctx: TServiceContext): Promise<number> {
  const stored = await ctx.db.collection<TLeadRecord>('leads').countDocuments({});
  return Math.max(0, ctx.tenant.plan.limits.max_leads - stored);
}

/**
 * Refuses to go over the plan's `max_leads` with `plan_limit` (403) and the limit in the problem
 * body. Checked before the insert, so two creates racing at the very limit may both pass: the
 * limit is a commercial ceiling, not an invariant, and one extra lead is the cheaper error.
 */
export async function assertLeadCapacity(ctx: TServiceContext, adding = 1): Promise<void> {
  const remaining = await remainingLeadCapacity(ctx);
  if (remaining >= adding) return;
  const { max_leads } = ctx.tenant.plan.limits;
  throw new AppError('plan_limit', `Your plan allows ${max_leads.toLocaleString('en-US')} leads and you have reached it; delete leads or upgrade your plan`, {
    extensions: { limit: max_leads, remaining },
  });
}
