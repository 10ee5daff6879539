import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { changeLeadStatus } from './change-lead-status.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TLeadStatus } from './lead.constants.ts';
import type { TLeadRecord } from './lead-record.ts';
import { assertManualLeadTransition } from './lead-transitions.ts';

/** Deal statuses that still hold the lead under contract. */
const OPEN_DEAL_STATUSES: readonly TDealRecord['status'][] = ['marketing', 'assigned'];

/**
 * A person moving a lead by hand (`POST /api/leads/:id/status`, bulk status): the pipeline
 * rules of `changeLeadStatus`, and deal-owned statuses left to deals
 * (`assertManualLeadTransition`).
 */
export async function setLeadStatus(ctx: TServiceContext, leadId: string, input: { status: TLeadStatus; reason?: string | undefined }): Promise<TLeadRecord> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  if (lead.status === input.status) return lead;
  const hasOpenDeal =
    lead.status === 'under_contract' && (await ctx.db.collection<TDealRecord>('deals').findOne({ lead_id: lead._id, status: { $in: [...OPEN_DEAL_STATUSES] } })) !== null;
  assertManualLeadTransition(lead.status, input.status, hasOpenDeal);
  return changeLeadStatus(ctx, leadId, { status: input.status, ...(input.reason ? { reason: input.reason } : {}) });
}
