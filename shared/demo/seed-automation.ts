import { enqueueStep, executionId, versionId } from '../automation/execution-store.ts';
import type { TExecutionRecord, TStepRun, TWorkflowRecord, TWorkflowVersionRecord } from '../automation/workflow-record.ts';
import { findTemplate } from '../automation/workflow-templates.ts';
import { ZWorkflowDefinition } from '../automation/workflow.schemas.ts';
import type { TWorkflowDefinition } from '../automation/workflow.schemas.ts';
import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TSystemContext } from '../context/service-context.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';
import { DEMO_ADMIN } from './demo-leads.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

type TSeededWorkflow = { record: TWorkflowRecord; runs: TExecutionRecord[] };

function workflowFrom(templateId: string, id: string, activatedAt: Date): TWorkflowRecord {
  const template = findTemplate(templateId);
  if (!template) throw new Error(`No template ${templateId}`);
  const definition: TWorkflowDefinition = ZWorkflowDefinition.parse(template.definition);
  return {
    ...definition,
    _id: id,
    tenant_id: DEMO_TENANT_ID,
    status: 'active',
    version: 1,
    template_id: templateId,
    stats: { executions: 0, running: 0, completed: 0, failed: 0, cancelled: 0, steps: {} },
    last_run_at: null,
    round_robin: 0,
    last_occurrence_at: null,
    created_by: DEMO_ADMIN,
    created_at: activatedAt,
    updated_at: activatedAt,
    activated_at: activatedAt,
  };
}

const run = (seq: number, stepId: string, type: TStepRun['type'], at: Date, outcome: TStepRun['outcome'], detail: string, error: string | null = null): TStepRun => ({
  seq,
  step_id: stepId,
  type,
  started_at: at,
  finished_at: new Date(at.getTime() + 180),
  outcome,
  detail,
  error,
  attempts: 1,
});

function execution(workflow: TWorkflowRecord, lead: TLeadRecord, startedAt: Date, history: TStepRun[], rest: Pick<TExecutionRecord, 'status' | 'cursor' | 'error' | 'cancel_reason' | 'finished_at'>): TExecutionRecord {
  return {
    _id: executionId(DEMO_TENANT_ID, workflow._id, `seed:${lead._id}`),
    tenant_id: DEMO_TENANT_ID,
    workflow_id: workflow._id,
    workflow_version: 1,
    workflow_name: workflow.name,
    lead_id: lead._id,
    deal_id: null,
    trigger_event_id: `seed:${lead._id}`,
    trigger_type: 'lead_created',
    stop_on_reply: workflow.stop_on_reply,
    history,
    started_at: startedAt,
    updated_at: history.at(-1)?.finished_at ?? startedAt,
    ...rest,
  };
}

const done = (seq: number) => ({ seq, step_id: null, state: 'done' as const, due_at: new Date(0), attempts: 0, lease_until: null, last_error: null });

/** Counters as the engine would have kept them. */
function countersOf(runs: TExecutionRecord[]): TWorkflowRecord['stats'] {
  const stats: TWorkflowRecord['stats'] = { executions: runs.length, running: 0, completed: 0, failed: 0, cancelled: 0, steps: {} };
  for (const item of runs) {
    if (item.status === 'running' || item.status === 'waiting') stats.running += 1;
    else stats[item.status] += 1;
    for (const step of item.history) {
      const counts = (stats.steps[step.step_id] ??= { runs: 0, succeeded: 0, failed: 0, skipped: 0 });
      counts.runs += 1;
      if (step.outcome === 'failed') counts.failed += 1;
      else if (step.outcome === 'skipped') counts.skipped += 1;
      else counts.succeeded += 1;
    }
  }
  return stats;
}

/**
 * Two active workflows from the shipped templates — speed to lead and the 4-week seller drip —
 * with the executions the last month's leads would have had: speed-to-lead runs (failed where
 * the lead has no phone), drips that ended, stopped on a reply, or are waiting on their next
 * week (their step tasks are queued, so they fire when the clock gets there).
 */
export async function seedAutomation(system: TSystemContext): Promise<void> {
  const db = bindTenant(system.db, DEMO_TENANT_ID);
  const now = system.ports.clock.now();
  const activatedAt = new Date(now.getTime() - 35 * DAY);
  const leads = await db
    .collection<TLeadRecord>('leads')
    .find({ created_at: { $gte: activatedAt } }, { sort: { created_at: 1, _id: 1 }, limit: 60 })
    .toArray();
  const replies = await db
    .collection<TCommunicationRecord>('communications')
    .find({ lead_id: { $in: leads.map((lead) => lead._id) }, direction: 'inbound', channel: { $in: ['sms', 'email'] } }, { sort: { created_at: 1 } })
    .toArray();
  const firstReply = new Map<string, Date>();
  for (const reply of replies) if (reply.lead_id && !firstReply.has(reply.lead_id)) firstReply.set(reply.lead_id, reply.created_at);

  const speed: TSeededWorkflow = { record: workflowFrom('speed_to_lead', 'wf_demo_speed_to_lead', activatedAt), runs: [] };
  const drip: TSeededWorkflow = { record: workflowFrom('seller_drip_4_weeks', 'wf_demo_seller_drip', activatedAt), runs: [] };
  const waiting: { execution: TExecutionRecord; due: Date }[] = [];

  for (const lead of leads) {
    const start = new Date(lead.created_at.getTime() + 2_000);
    const tellRep = lead.assigned_to ? run(1, 'tell_rep', 'notification', new Date(start.getTime() + 400), 'succeeded', 'Notified 1 by in-app') : run(1, 'tell_rep', 'notification', new Date(start.getTime() + 400), 'skipped', 'Nobody to notify');
    if (!lead.phone) {
      const failed = run(0, 'text_lead', 'action', start, 'failed', 'Failed', `${lead.full_name} has no phone number`);
      speed.runs.push(execution(speed.record, lead, start, [failed], { status: 'failed', cursor: done(0), error: `Step Text the lead: ${lead.full_name} has no phone number`, cancel_reason: null, finished_at: failed.finished_at }));
      continue;
    }
    speed.runs.push(execution(speed.record, lead, start, [run(0, 'text_lead', 'action', start, 'succeeded', `Texted ${lead.phone}`), tellRep], { status: 'completed', cursor: done(2), error: null, cancel_reason: null, finished_at: tellRep.finished_at }));

    // The drip: a text, then a week's wait, four times; a reply ends it.
    const steps = ['week_1', 'wait_1', 'week_2', 'wait_2', 'week_3', 'wait_3', 'week_4', 'tag_cold'] as const;
    const history: TStepRun[] = [];
    let at = start;
    let outcome: Pick<TExecutionRecord, 'status' | 'cursor' | 'error' | 'cancel_reason' | 'finished_at'> | null = null;
    const replied = firstReply.get(lead._id);
    for (const [seq, stepId] of steps.entries()) {
      if (replied && replied.getTime() < at.getTime()) {
        outcome = { status: 'cancelled', cursor: { ...done(seq), step_id: stepId }, error: null, cancel_reason: 'The lead replied', finished_at: replied };
        break;
      }
      if (at.getTime() > now.getTime()) {
        outcome = { status: 'waiting', cursor: { seq, step_id: stepId, state: 'pending', due_at: at, attempts: 0, lease_until: null, last_error: null }, error: null, cancel_reason: null, finished_at: null };
        break;
      }
      if (stepId.startsWith('wait')) {
        const until = new Date(at.getTime() + 7 * DAY);
        history.push(run(seq, stepId, 'delay', at, 'waited', `Waited 7 days, until ${until.toISOString()}`));
        at = until;
      } else if (stepId === 'tag_cold') {
        history.push(run(seq, stepId, 'action', at, 'succeeded', 'Tagged drip-complete'));
      } else {
        history.push(run(seq, stepId, 'action', at, 'succeeded', `Texted ${lead.phone}`));
        at = new Date(at.getTime() + MINUTE);
      }
    }
    const result = execution(drip.record, lead, start, history, outcome ?? { status: 'completed', cursor: done(steps.length), error: null, cancel_reason: null, finished_at: history.at(-1)?.finished_at ?? start });
    drip.runs.push(result);
    if (result.status === 'waiting') waiting.push({ execution: result, due: result.cursor.due_at });
  }

  for (const { record, runs } of [speed, drip]) {
    record.stats = countersOf(runs);
    record.last_run_at = runs.at(-1)?.started_at ?? null;
    const version: TWorkflowVersionRecord = {
      _id: versionId(record._id, 1),
      tenant_id: DEMO_TENANT_ID,
      workflow_id: record._id,
      version: 1,
      definition: { name: record.name, description: record.description, trigger: record.trigger, entry_step_id: record.entry_step_id, steps: record.steps, stop_on_reply: record.stop_on_reply },
      created_by: DEMO_ADMIN,
      created_at: activatedAt,
    };
    await db.collection<TWorkflowVersionRecord>('workflow_versions').insertOne(version);
    await db.collection<TWorkflowRecord>('workflows').insertOne(record);
    if (runs.length > 0) await db.collection<TExecutionRecord>('workflow_executions').insertMany(runs);
  }
  for (const { execution: item, due } of waiting) {
    await enqueueStep(system, { tenant_id: DEMO_TENANT_ID, execution_id: item._id, seq: item.cursor.seq, attempt: 1 }, due);
  }
}
