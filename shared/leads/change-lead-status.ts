import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { findVisibleLead } from './lead-access.ts';
import { label, type TLeadStatus } from './lead.constants.ts';
import type { TLeadRecord } from './lead-record.ts';
import { assertLeadTransition } from './lead-transitions.ts';

/**
 * Moves a lead along the pipeline: checks the move (shared/leads/lead-transitions.ts), appends
 * `{from, to, at, by, reason}` to its status history, writes a timeline entry and publishes
 * `lead_status_changed` after the write. Moving to the status the lead already has changes
 * nothing and returns it (a retried request or redelivered message is harmless).
 *
 * Deals call this directly (create → `under_contract`, cancel → `qualified`, close → `closed`);
 * the API's manual path is `setLeadStatus`, which also keeps deal-owned statuses to deals.
 * The write is a compare-and-swap on the current status, so two concurrent moves cannot both
 * apply: the second answers `conflict`.
 */
export async function changeLeadStatus(ctx: TServiceContext, leadId: string, input: { status: TLeadStatus; reason?: string }): Promise<TLeadRecord> {
  const lead = await findVisibleLead(ctx, leadId);
  if (lead.status === input.status) return lead;
  const reason = input.reason?.trim() || undefined;
  assertLeadTransition(lead.status, input.status, ctx.principal.role, reason);

  const now = ctx.ports.clock.now();
  const entry: TLeadRecord['status_history'][number] = { from: lead.status, to: input.status, at: now, by: ctx.principal.uid, ...(reason ? { reason } : {}) };
  const set: Partial<TLeadRecord> = { status: input.status, lost_reason: input.status === 'lost' ? (reason ?? null) : null, updated_at: now };
  // A seller reached by phone outside the app still counts for speed to lead.
  if (input.status === 'contacted' && !lead.first_contacted_at) set.first_contacted_at = now;
  const updated = await ctx.db
    .collection<TLeadRecord>('leads')
    .findOneAndUpdate({ _id: lead._id, status: lead.status }, { $set: set, $push: { status_history: entry } }, { returnDocument: 'after' });
  if (!updated) throw new AppError('conflict', 'The lead changed while you were moving it; reload it and try again');

  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'status_changed',
    summary: `Status ${label(lead.status)} → ${label(input.status)}${reason ? `: ${reason}` : ''}`,
    data: { from: lead.status, to: input.status, ...(reason ? { reason } : {}) },
    at: now,
  });
  await ctx.events.publish({
    type: 'lead_status_changed',
    actor: ctx.principal.uid,
    subject: { kind: 'lead', id: lead._id },
    data: { from: lead.status, to: input.status, reason: reason ?? null, assigned_to: updated.assigned_to },
  });
  return updated;
}
