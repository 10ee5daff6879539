import type { TServiceContext } from '../context/service-context.ts';
import { calculateMao, type TMaoResult } from '../mao/calculate-mao.ts';
import { DEFAULT_MAO_FACTOR } from '../tenants/create-tenant.ts';
import { findVisibleLead } from './lead-access.ts';
import type { TMaoRequest } from './lead.schemas.ts';

/**
 * The MAO calculator with the organisation's factor (unless the request names one). With a
 * lead id it also checks the caller may see the lead, so the lead page and the pure endpoint
 * answer alike. It stores nothing: people try several numbers; the offer they make is recorded.
 */
export async function calculateLeadMao(ctx: TServiceContext, leadId: string | null, input: TMaoRequest): Promise<TMaoResult> {
  if (leadId) await findVisibleLead(ctx, leadId);
  return calculateMao({
    arv: input.arv,
    repairs: input.repairs,
    desired_fee: input.desired_fee,
    factor: input.factor ?? ctx.tenant.settings.mao_factor ?? DEFAULT_MAO_FACTOR,
  });
}
