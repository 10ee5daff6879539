import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TJobContext } from '../jobs/job-definition.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import { evaluateConditions } from './evaluate-condition.ts';
import { bumpCounters, enqueueStep, executions, loadVersion } from './execution-store.ts';
import type { TStepMessage } from './execution-store.ts';
import { loadConditionFacts } from './load-condition-facts.ts';
import { delayUntil, performAction, performNotification } from './perform-step.ts';
import type { TExecutionRecord, TStepRun } from './workflow-record.ts';
import { OPEN_EXECUTION_STATUSES } from './workflow-record.ts';
import { END, MAX_STEPS_PER_EXECUTION } from './workflow.schemas.ts';
import type { TStep } from './workflow.schemas.ts';

/** A claimed step is held this long; a delivery that died holding it is taken over after. */
export const STEP_LEASE_MS = 60_000;
/** Tries per action before the execution is parked as failed. */
export const MAX_STEP_ATTEMPTS = 4;
/** Backoff before try n+1: 30 s, 60 s, 120 s. */
export const retryDelayMs = (attempt: number): number => 30_000 * 2 ** (attempt - 1);

type TRunOutcome = 'ran' | 'not_due' | 'busy' | 'closed';

/**
 * Runs one step of one execution (the `automation.step` job). At least once delivery is made
 * harmless by a claim: the step runs only if this delivery moves the execution's cursor for
 * `seq` from `pending` (and due) to `running` with a lease, in one compare-and-swap. Then the
 * step acts, its outcome is recorded and the cursor moves to the next step in the same kind of
 * write (which fails if the lease was lost), and the next step is queued. A delivery that finds
 * the cursor already moved re-queues the current step (by the same task name: a no-op unless
 * the previous delivery died before queueing it).
 */
export async function runWorkflowStep(message: TStepMessage, context: TJobContext): Promise<TRunOutcome> {
  const db = bindTenant(context.system.db, message.tenant_id);
  const now = context.system.ports.clock.now();
  const collection = executions(db);
  const claimed = await collection.findOneAndUpdate(
    {
      _id: message.execution_id,
      status: { $in: [...OPEN_EXECUTION_STATUSES] },
      'cursor.seq': message.seq,
      'cursor.due_at': { $lte: now },
      $or: [{ 'cursor.state': 'pending' }, { 'cursor.state': 'running', 'cursor.lease_until': { $lte: now } }],
    },
    { $set: { 'cursor.state': 'running', 'cursor.lease_until': new Date(now.getTime() + STEP_LEASE_MS), status: 'running', updated_at: now }, $inc: { 'cursor.attempts': 1 } },
    { returnDocument: 'after' },
  );
  if (!claimed) return resume(message, context);

  const ctx = await context.forTenant(message.tenant_id, `workflow:${claimed.workflow_id}`);
  const definition = await loadVersion(db, message.tenant_id, claimed.workflow_id, claimed.workflow_version);
  const step = definition?.steps.find((candidate) => candidate.id === claimed.cursor.step_id);
  if (!definition || !step) {
    await fail(ctx, claimed, null, `Step "${claimed.cursor.step_id ?? ''}" is not in version ${claimed.workflow_version} of the workflow`);
    return 'ran';
  }
  if (claimed.history.length >= MAX_STEPS_PER_EXECUTION) {
    await fail(ctx, claimed, step, `Stopped after ${MAX_STEPS_PER_EXECUTION} steps (a loop that never ends?)`);
    return 'ran';
  }

  const lead = claimed.lead_id ? await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: claimed.lead_id }) : null;
  const startedAt = now;
  try {
    const { result, next, dueAt } = await perform(ctx, step, claimed, lead);
    await advance(ctx, claimed, step, { ...result, startedAt, next, dueAt });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof AppError && (error.code === 'invalid' || error.code === 'not_found' || error.code === 'forbidden');
    if (permanent || claimed.cursor.attempts >= MAX_STEP_ATTEMPTS) await fail(ctx, claimed, step, text);
    else await retry(ctx, claimed, step, text, startedAt);
    ctx.log.warn({ err: error, execution_id: claimed._id, step_id: step.id, attempt: claimed.cursor.attempts }, 'Workflow step failed');
  }
  return 'ran';
}

async function perform(ctx: TServiceContext, step: TStep, execution: TExecutionRecord, lead: TLeadRecord | null): Promise<{ result: { outcome: TStepRun['outcome']; detail: string }; next: string | null; dueAt: Date }> {
  const now = ctx.ports.clock.now();
  const seq = execution.cursor.seq;
  switch (step.type) {
    case 'action':
      return { result: await performAction(ctx, step.action, execution, seq, lead), next: step.next, dueAt: now };
    case 'notification':
      return { result: await performNotification(ctx, step, execution, seq, lead), next: step.next, dueAt: now };
    case 'condition': {
      const facts = await loadConditionFacts(ctx, lead, step.conditions, execution);
      const holds = evaluateConditions(step.conditions, facts);
      const branch = holds ? step.on_true : step.on_false;
      return { result: { outcome: holds ? 'true' : 'false', detail: holds ? 'Yes' : 'No' }, next: branch === END ? null : branch, dueAt: now };
    }
    case 'delay': {
      const { at, detail } = delayUntil(step, now, lead, ctx.tenant.timezone);
      return { result: { outcome: 'waited', detail: `${detail}, until ${at.toISOString()}` }, next: step.next, dueAt: at };
    }
  }
}

/** Records the run, moves the cursor (only while this delivery still holds it), counts, and queues the next step. */
async function advance(ctx: TServiceContext, execution: TExecutionRecord, step: TStep, run: { outcome: TStepRun['outcome']; detail: string; startedAt: Date; next: string | null; dueAt: Date }): Promise<void> {
  const now = ctx.ports.clock.now();
  const seq = execution.cursor.seq;
  const finished = run.next === null;
  const waiting = run.dueAt.getTime() > now.getTime();
  const entry: TStepRun = { seq, step_id: step.id, type: step.type, started_at: run.startedAt, finished_at: now, outcome: run.outcome, detail: run.detail, error: null, attempts: execution.cursor.attempts };
  const moved = await executions(ctx.db).updateOne(
    { _id: execution._id, 'cursor.seq': seq, 'cursor.state': 'running', 'cursor.attempts': execution.cursor.attempts },
    {
      $set: {
        cursor: { seq: seq + 1, step_id: run.next, state: finished ? 'done' : 'pending', due_at: run.dueAt, attempts: 0, lease_until: null, last_error: null },
        status: finished ? 'completed' : waiting ? 'waiting' : 'running',
        updated_at: now,
        ...(finished ? { finished_at: now } : {}),
      },
      $push: { history: entry },
    },
  );
  // Cancelled meanwhile, or the lease was taken over: the other party owns the execution now.
  if (moved.modifiedCount === 0) return;
  const counted = run.outcome === 'skipped' ? 'skipped' : 'succeeded';
  await bumpCounters(ctx.db, execution.workflow_id, {
    [`stats.steps.${step.id}.runs`]: 1,
    [`stats.steps.${step.id}.${counted}`]: 1,
    ...(finished ? { 'stats.running': -1, 'stats.completed': 1 } : {}),
  });
  if (!finished) await enqueueStep(ctx, { tenant_id: ctx.tenant._id, execution_id: execution._id, seq: seq + 1, attempt: 1 }, run.dueAt);
}

async function retry(ctx: TServiceContext, execution: TExecutionRecord, step: TStep, error: string, startedAt: Date): Promise<void> {
  const now = ctx.ports.clock.now();
  const attempt = execution.cursor.attempts;
  const dueAt = new Date(now.getTime() + retryDelayMs(attempt));
  const entry: TStepRun = { seq: execution.cursor.seq, step_id: step.id, type: step.type, started_at: startedAt, finished_at: now, outcome: 'retrying', detail: `Try ${attempt} of ${MAX_STEP_ATTEMPTS} failed; retrying at ${dueAt.toISOString()}`, error, attempts: attempt };
  const moved = await executions(ctx.db).updateOne(
    { _id: execution._id, 'cursor.seq': execution.cursor.seq, 'cursor.state': 'running', 'cursor.attempts': attempt },
    { $set: { 'cursor.state': 'pending', 'cursor.due_at': dueAt, 'cursor.lease_until': null, 'cursor.last_error': error, updated_at: now }, $push: { history: entry } },
  );
  if (moved.modifiedCount === 0) return;
  await enqueueStep(ctx, { tenant_id: ctx.tenant._id, execution_id: execution._id, seq: execution.cursor.seq, attempt: attempt + 1 }, dueAt);
}

/** Parks the execution as failed, with the error visible on it and on the step's run. */
async function fail(ctx: TServiceContext, execution: TExecutionRecord, step: TStep | null, error: string): Promise<void> {
  const now = ctx.ports.clock.now();
  const stepId = step?.id ?? execution.cursor.step_id ?? '';
  const entry: TStepRun = { seq: execution.cursor.seq, step_id: stepId, type: step?.type ?? 'action', started_at: now, finished_at: now, outcome: 'failed', detail: 'Failed', error, attempts: execution.cursor.attempts };
  const moved = await executions(ctx.db).updateOne(
    { _id: execution._id, 'cursor.seq': execution.cursor.seq, 'cursor.state': 'running', 'cursor.attempts': execution.cursor.attempts },
    { $set: { status: 'failed', error: `${step ? `Step ${step.name || step.id}: ` : ''}${error}`, 'cursor.state': 'done', 'cursor.lease_until': null, 'cursor.last_error': error, finished_at: now, updated_at: now }, $push: { history: entry } },
  );
  if (moved.modifiedCount === 0) return;
  await bumpCounters(ctx.db, execution.workflow_id, {
    'stats.running': -1,
    'stats.failed': 1,
    ...(stepId ? { [`stats.steps.${stepId}.runs`]: 1, [`stats.steps.${stepId}.failed`]: 1 } : {}),
  });
}

/** Not claimed: a duplicate, an early delivery, or a step that moved on. Make sure the current step is queued. */
async function resume(message: TStepMessage, context: TJobContext): Promise<TRunOutcome> {
  const db = bindTenant(context.system.db, message.tenant_id);
  const execution = await executions(db).findOne({ _id: message.execution_id });
  if (!execution || !OPEN_EXECUTION_STATUSES.includes(execution.status)) return 'closed';
  if (execution.cursor.state === 'running') {
    // Another delivery holds the step. Answer "later" rather than done: if that delivery died,
    // this message comes back after the lease and takes the step over.
    throw new AppError('unavailable', 'This step is being run by another delivery', { retryAfterSeconds: Math.ceil(STEP_LEASE_MS / 1000) });
  }
  if (execution.cursor.state === 'pending') {
    await enqueueStep(context.system, { tenant_id: message.tenant_id, execution_id: execution._id, seq: execution.cursor.seq, attempt: Math.max(1, execution.cursor.attempts + 1) }, execution.cursor.due_at);
    return execution.cursor.seq === message.seq ? 'not_due' : 'busy';
  }
  return 'closed';
}
