import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import { buildLeadRecord, type TLeadInput } from './build-lead-record.ts';
import { findDuplicateLead } from './find-duplicate-lead.ts';
import { assertAssignable, assertLeadWriter, defaultAssignee } from './lead-access.ts';
import { assertLeadCapacity } from './lead-capacity.ts';
import { label } from './lead.constants.ts';
import type { TLeadRecord } from './lead-record.ts';

export interface TCreateLeadOptions {
  /** Store the lead even when its phone, email or address already belongs to a lead (`?allow_duplicate=true`). */
  allowDuplicate?: boolean;
}

/**
 * Creates a lead in status `new`: normalises contact fields (all field problems at once, 400),
 * checks the assignee, the plan's `max_leads` (403 `plan_limit`) and duplicates (409 with
 * `existing_lead_id` and `matched_on` unless `allowDuplicate`), then stores it, writes the
 * timeline's first entry, tells a new assignee, and publishes `lead_created`.
 *
 * Callers: the API (`POST /api/leads`) and inbound SMS/calls (which look the sender up first
 * and create only for an unknown number). Without `assigned_to` a rep's lead is theirs and
 * anyone else's (system included) is unassigned.
 */
export async function createLead(ctx: TServiceContext, input: TLeadInput, options: TCreateLeadOptions = {}): Promise<TLeadRecord> {
  assertLeadWriter(ctx.principal);
  const assignedTo = await assertAssignable(ctx, input.assigned_to === undefined ? defaultAssignee(ctx.principal) : input.assigned_to);
  const now = ctx.ports.clock.now();
  const built = buildLeadRecord({ ...input, assigned_to: assignedTo }, { tenantId: ctx.tenant._id, createdBy: ctx.principal.uid, now });
  if (built.errors) throw new AppError('invalid', 'Some fields need attention', { fieldErrors: built.errors });
  const lead = built.record;

  await assertLeadCapacity(ctx);
  if (!options.allowDuplicate) {
    const duplicate = await findDuplicateLead(ctx, lead);
    if (duplicate) {
      throw new AppError('conflict', `This ${duplicate.matchedOn.join(' and ')} already belongs to a lead (${duplicate.lead.full_name}); open it or create anyway`, {
        extensions: { existing_lead_id: duplicate.lead._id, matched_on: duplicate.matchedOn },
      });
    }
  }

  await ctx.db.collection<TLeadRecord>('leads').insertOne(lead);
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'created',
    summary: `Lead created (${label(lead.source)})`,
    data: { source: lead.source, assigned_to: lead.assigned_to },
    at: now,
  });
  if (lead.assigned_to && lead.assigned_to !== ctx.principal.uid) {
    await notifyUser(ctx, {
      user_id: lead.assigned_to,
      kind: 'lead_assigned',
      title: `New lead: ${lead.full_name}`,
      body: `${ctx.principal.name} assigned you a ${label(lead.source).toLowerCase()} lead.`,
      href: `/leads/detail?id=${lead._id}`,
    });
  }
  await ctx.events.publish({
    type: 'lead_created',
    actor: ctx.principal.uid,
    subject: { kind: 'lead', id: lead._id },
    data: { source: lead.source, status: lead.status, assigned_to: lead.assigned_to, property_type: lead.property_type, estimated_value: lead.estimated_value },
  });
  return lead;
}
