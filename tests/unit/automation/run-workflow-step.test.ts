import { describe, expect, it } from 'vitest';
import type { TStepMessage } from '../../../shared/automation/execution-store.ts';
import { MAX_STEP_ATTEMPTS, runWorkflowStep } from '../../../shared/automation/run-workflow-step.ts';
import { createWorkflow, setWorkflowStatus } from '../../../shared/automation/save-workflow.ts';
import { startExecution } from '../../../shared/automation/start-execution.ts';
import type { TExecutionRecord, TWorkflowRecord } from '../../../shared/automation/workflow-record.ts';
import { ZWorkflowDefinition } from '../../../shared/automation/workflow.schemas.ts';
import type { TServiceContext } from '../../../shared/context/service-context.ts';
import type { TJobContext } from '../../../shared/jobs/job-definition.ts';
import type { TEmailMessage } from '../../../shared/ports/email.ts';
import type { TQueue, TQueueMessage, TScheduleOptions } from '../../../shared/ports/queue.ts';
import { createServiceWorld } from '../../support/service-context.ts';

/**
 * The step runner through its seam (a step message and a job context) with stand-in queue and
 * email ports: an outage is retried with backoff and then parks the execution as failed with the
 * error; two deliveries of the same step at once act once.
 */
async function setUp(failures: number) {
  const world = await createServiceWorld();
  const admin = await world.member('admin', 'admin-1');
  const scheduled: { message: TStepMessage; options: TScheduleOptions | undefined }[] = [];
  const queue: TQueue = {
    publish: async () => 'msg',
    schedule: async (_topic, message: TQueueMessage, options) => {
      scheduled.push({ message: message.data as TStepMessage, options });
      return 'tsk';
    },
  };
  const sent: TEmailMessage[] = [];
  let failing = failures;
  const email = {
    send: async (message: TEmailMessage) => {
      // Let a concurrent delivery reach its claim while this one is "sending".
      await new Promise((resolve) => setImmediate(resolve));
      if (failing-- > 0) throw new Error('SMTP 421 service not available');
      sent.push(message);
      return { messageId: `m${sent.length}` };
    },
  };
  const ctx: TServiceContext = { ...admin, ports: { ...admin.ports, queue: async () => queue, email: async () => email } };
  const context: TJobContext = { system: { db: world.db, ports: ctx.ports, log: ctx.log }, forTenant: async () => ctx, messageId: 'm', attempt: 1, publishTime: world.clock.now(), publicUrl: 'http://localhost' };
  const draft = await createWorkflow(
    ctx,
    ZWorkflowDefinition.parse({
      name: 'Email the admins',
      trigger: { type: 'lead_created' },
      entry_step_id: 'mail',
      steps: [{ id: 'mail', type: 'notification', channel: 'email', to: { kind: 'role', role: 'admin' }, title: 'Hello' }],
    }),
  );
  await setWorkflowStatus(ctx, draft.id, 'active');
  const workflow = (await ctx.db.collection<TWorkflowRecord>('workflows').findOne({ _id: draft.id })) as TWorkflowRecord;
  const started = await startExecution(ctx, workflow, { eventId: 'evt_1', triggerType: 'lead_created', leadId: null });
  const execution = async () => (await ctx.db.collection<TExecutionRecord>('workflow_executions').findOne({ _id: started?.execution._id })) as TExecutionRecord;
  const stats = async () => ((await ctx.db.collection<TWorkflowRecord>('workflows').findOne({ _id: draft.id })) as TWorkflowRecord).stats;
  return { world, scheduled, sent, context, execution, stats };
}

describe('runWorkflowStep', () => {
  it('retries a failed send with backoff, then completes once it goes through', async () => {
    const { world, scheduled, sent, context, execution, stats } = await setUp(2);
    await runWorkflowStep(scheduled[0]?.message as TStepMessage, context);
    expect((await execution()).cursor).toMatchObject({ state: 'pending', attempts: 1, last_error: 'SMTP 421 service not available' });
    expect(scheduled[1]?.options?.at?.getTime()).toBe(world.clock.now().getTime() + 30_000);

    // Delivered early, the retry does nothing; on time it tries again (and fails again: 60 s next).
    await runWorkflowStep(scheduled[1]?.message as TStepMessage, context);
    expect((await execution()).cursor.attempts).toBe(1);
    world.clock.advance(30_000);
    await runWorkflowStep(scheduled[1]?.message as TStepMessage, context);
    expect(scheduled.at(-1)?.options?.at?.getTime()).toBe(world.clock.now().getTime() + 60_000);
    world.clock.advance(60_000);
    await runWorkflowStep(scheduled.at(-1)?.message as TStepMessage, context);

    expect(sent).toHaveLength(1);
    const done = await execution();
    expect(done.status).toBe('completed');
    expect(done.history.map((run) => run.outcome)).toEqual(['retrying', 'retrying', 'succeeded']);
    expect(await stats()).toMatchObject({ running: 0, completed: 1, steps: { mail: { runs: 1, succeeded: 1 } } });
  });

  it(`parks the execution as failed with the error after ${MAX_STEP_ATTEMPTS} tries`, async () => {
    const { world, scheduled, sent, context, execution, stats } = await setUp(99);
    for (let attempt = 1; attempt <= MAX_STEP_ATTEMPTS; attempt++) {
      await runWorkflowStep(scheduled.at(-1)?.message as TStepMessage, context);
      world.clock.advance(10 * 60_000);
    }
    const failed = await execution();
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('Step mail: SMTP 421 service not available');
    expect(failed.history.at(-1)).toMatchObject({ step_id: 'mail', outcome: 'failed', error: 'SMTP 421 service not available', attempts: MAX_STEP_ATTEMPTS });
    expect(sent).toHaveLength(0);
    expect(await stats()).toMatchObject({ running: 0, failed: 1, steps: { mail: { failed: 1 } } });
  });

  it('acts once when the same step message is delivered twice at the same time', async () => {
    const { scheduled, sent, context, execution } = await setUp(0);
    const message = scheduled[0]?.message as TStepMessage;
    const outcomes = await Promise.allSettled([runWorkflowStep(message, context), runWorkflowStep(message, context)]);
    expect(sent).toHaveLength(1);
    expect((await execution()).history).toHaveLength(1);
    // The loser either found the step taken (503: the queue retries later) or already done.
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected.every((outcome) => String((outcome as PromiseRejectedResult).reason).includes('another delivery'))).toBe(true);
  });
});
