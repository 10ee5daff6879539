import type { TServiceContext } from '../context/service-context.ts';
import type { TDomainEvent } from '../events/domain-event.ts';
import type { TJobContext } from '../jobs/job-definition.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import { loadConditionFacts } from './load-condition-facts.ts';
import { evaluateConditions } from './evaluate-condition.ts';
import { executions, workflows } from './execution-store.ts';
import { startExecution } from './start-execution.ts';
import type { TExecutionRecord } from './workflow-record.ts';
import { OPEN_EXECUTION_STATUSES } from './workflow-record.ts';
import type { TTrigger } from './workflow.schemas.ts';

/** The lead an event is about: its subject, or the lead its data names (messages, deals, follow-ups). */
export const eventLeadId = (event: TDomainEvent): string | null => {
  if (event.subject.kind === 'lead') return event.subject.id;
  const leadId = event.data.lead_id;
  return typeof leadId === 'string' && leadId ? leadId : null;
};

/** Whether an event matches a trigger's own filters (before its conditions on the lead). */
export function triggerMatches(trigger: TTrigger, event: TDomainEvent): boolean {
  if (trigger.type !== event.type) return false;
  const data = event.data;
  switch (trigger.type) {
    case 'lead_status_changed':
    case 'deal_status_changed':
      return (trigger.from === null || data.from === trigger.from) && (trigger.to === null || data.to === trigger.to);
    case 'communication_received':
      // Keyword messages (STOP, HELP) are compliance, not conversation.
      if (typeof data.keyword === 'string' && data.keyword) return false;
      if (trigger.missed_call_only && data.missed !== true) return false;
      return trigger.channel === null || data.channel === trigger.channel;
    case 'communication_sent':
      return trigger.channel === null || data.channel === trigger.channel;
    default:
      return true;
  }
}

/** Texts and emails from a lead end its running drips (stop-on-reply); missed calls and keywords do not. */
const isReply = (event: TDomainEvent): boolean =>
  event.type === 'communication_received' && (event.data.channel === 'sms' || event.data.channel === 'email') && !(typeof event.data.keyword === 'string' && event.data.keyword);

/**
 * The automation engine's consumer of domain events (registered in EVENT_CONSUMERS): a reply stops
 * the lead's running drips, then every active workflow whose trigger matches starts an execution.
 * Redelivery is harmless: execution ids derive from (workflow, event), and a stop only moves
 * executions that are still open.
 */
export async function handleAutomationEvent(event: TDomainEvent, context: TJobContext): Promise<void> {
  const db = bindTenant(context.system.db, event.tenant_id);
  const leadId = eventLeadId(event);
  if (leadId && isReply(event)) await stopOnReply(db, context, event, leadId);

  const candidates = await workflows(db).find({ status: 'active', 'trigger.type': event.type }).toArray();
  const matching = candidates.filter((workflow) => triggerMatches(workflow.trigger, event) && !event.actor.startsWith(`workflow:${workflow._id}`));
  if (matching.length === 0) return;

  const lead = leadId ? await db.collection<TLeadRecord>('leads').findOne({ _id: leadId }) : null;
  for (const workflow of matching) {
    const ctx = await context.forTenant(event.tenant_id, `workflow:${workflow._id}`);
    if (workflow.trigger.conditions.length > 0) {
      const facts = await loadConditionFacts(ctx, lead, workflow.trigger.conditions, null);
      if (!evaluateConditions(workflow.trigger.conditions, facts)) continue;
    }
    const dealId = event.subject.kind === 'deal' ? event.subject.id : typeof event.data.deal_id === 'string' ? event.data.deal_id : null;
    await startExecution(ctx, workflow, { eventId: event.id, triggerType: event.type, leadId: lead?._id ?? null, dealId });
  }
}

async function stopOnReply(db: ReturnType<typeof bindTenant>, context: TJobContext, event: TDomainEvent, leadId: string): Promise<void> {
  const open = await executions(db)
    .find({ lead_id: leadId, status: { $in: [...OPEN_EXECUTION_STATUSES] }, stop_on_reply: true }, { projection: { _id: 1, workflow_id: 1, trigger_event_id: 1 } })
    .toArray();
  for (const execution of open) {
    if (execution.trigger_event_id === event.id) continue;
    const ctx = await context.forTenant(event.tenant_id, `workflow:${execution.workflow_id}`);
    await finishExecution(ctx, execution, 'cancelled', 'The lead replied');
  }
}

/**
 * Ends an open execution (cancelled by a person or a reply): its pending step message will find
 * nothing to run. Counters move only when this call changed the status.
 */
export async function finishExecution(ctx: TServiceContext, execution: Pick<TExecutionRecord, '_id' | 'workflow_id'>, status: 'cancelled', reason: string): Promise<boolean> {
  const now = ctx.ports.clock.now();
  const result = await executions(ctx.db).updateOne(
    { _id: execution._id, status: { $in: [...OPEN_EXECUTION_STATUSES] } },
    { $set: { status, cancel_reason: reason, 'cursor.state': 'done', 'cursor.lease_until': null, finished_at: now, updated_at: now } },
  );
  if (result.modifiedCount === 0) return false;
  await workflows(ctx.db).updateOne({ _id: execution.workflow_id }, { $inc: { 'stats.running': -1, [`stats.${status}`]: 1 } });
  return true;
}
