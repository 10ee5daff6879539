import type { TServiceContext } from '../context/service-context.ts';
import { findVisibleLead } from './lead-access.ts';
import type { TLead } from './lead.schemas.ts';
import { toLead } from './to-lead.ts';

/** One lead the caller may see; 404 for another rep's lead and for another tenant's id alike. */
export async function getLead(ctx: TServiceContext, leadId: string): Promise<TLead> {
  return toLead(await findVisibleLead(ctx, leadId));
}
