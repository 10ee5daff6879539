import type { TJobContext } from '../jobs/job-definition.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import { evaluateConditions } from './evaluate-condition.ts';
import { loadConditionFacts } from './load-condition-facts.ts';
import { latestOccurrence } from './scheduled-occurrence.ts';
import { startExecution } from './start-execution.ts';
import type { TWorkflowRecord } from './workflow-record.ts';

/** Leads a scheduled occurrence looks at, at most (open leads, oldest first). */
const SCAN_LIMIT = 20_000;

/**
 * The `automation.scheduled-tick` job (every minute): each active workflow with a `scheduled`
 * trigger whose latest cron occurrence (in its time zone) is newer than the last one it ran
 * starts its executions — one per matching lead, or one without a lead. Once per occurrence:
 * execution ids derive from (workflow, occurrence, lead), and the occurrence is recorded after
 * the starts with a compare-and-swap, so a crash in between starts nothing twice. Occurrences
 * missed while nothing ticked collapse into the latest one.
 */
export async function runScheduledWorkflows(context: TJobContext): Promise<{ started: number }> {
  const now = context.system.ports.clock.now();
  const due = await context.system.db.collection<TWorkflowRecord>('workflows').find({ status: 'active', 'trigger.type': 'scheduled' }).toArray();
  let started = 0;
  for (const workflow of due) {
    if (workflow.trigger.type !== 'scheduled') continue;
    const occurrence = latestOccurrence(workflow.trigger.cron, workflow.trigger.time_zone, now);
    const since = workflow.last_occurrence_at ?? workflow.activated_at ?? workflow.created_at;
    if (!occurrence || occurrence.getTime() <= since.getTime()) continue;
    const ctx = await context.forTenant(workflow.tenant_id, `workflow:${workflow._id}`);
    const eventId = `scheduled:${occurrence.toISOString()}`;
    const { trigger } = workflow;
    if (!trigger.per_lead) {
      if (await startExecution(ctx, workflow, { eventId, triggerType: 'scheduled', leadId: null })) started += 1;
    } else {
      const db = bindTenant(context.system.db, workflow.tenant_id);
      const leads = db.collection<TLeadRecord>('leads').find({ status: { $nin: ['closed', 'lost'] } }, { sort: { created_at: 1, _id: 1 }, limit: SCAN_LIMIT });
      let count = 0;
      for await (const lead of leads) {
        if (count >= trigger.max_leads) break;
        const facts = await loadConditionFacts(ctx, lead, trigger.conditions, null);
        if (!evaluateConditions(trigger.conditions, facts)) continue;
        count += 1;
        if (await startExecution(ctx, workflow, { eventId: `${eventId}:${lead._id}`, triggerType: 'scheduled', leadId: lead._id })) started += 1;
      }
    }
    await workflowsOf(context, workflow).updateOne({ _id: workflow._id, last_occurrence_at: workflow.last_occurrence_at }, { $set: { last_occurrence_at: occurrence } });
  }
  return { started };
}

const workflowsOf = (context: TJobContext, workflow: TWorkflowRecord) => bindTenant(context.system.db, workflow.tenant_id).collection<TWorkflowRecord>('workflows');
