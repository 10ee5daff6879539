import type { TServiceContext } from '../context/service-context.ts';
import { calculateMao, type TMaoResult } from '../mao/calculate-mao.ts';
import { findVisibleDeal } from './find-visible-deal.ts';

/**
 * The MAO calculator on a deal (the same pure calculation as the lead's): the deal's ARV and
 * repairs, the organisation's factor unless another is given, and the desired fee (the
 * deal's projected fee, asking − contract, unless given).
 */
export async function calculateDealMao(ctx: TServiceContext, dealId: string, input: { desired_fee?: number | undefined; factor?: number | undefined }): Promise<TMaoResult> {
  const deal = await findVisibleDeal(ctx, dealId);
  return calculateMao({
    arv: deal.arv,
    repairs: deal.repair_estimate,
    desired_fee: input.desired_fee ?? Math.max(0, deal.asking_price - deal.contract_price),
    factor: input.factor ?? ctx.tenant.settings.mao_factor,
  });
}
