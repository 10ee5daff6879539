import { beforeAll, describe, expect, it } from 'vitest';
import { validateWorkflowGraph } from '../../../shared/automation/validate-workflow-graph.ts';
import type { TExecutionRecord, TWorkflowRecord } from '../../../shared/automation/workflow-record.ts';
import { seedAutomation } from '../../../shared/demo/seed-automation.ts';
import { seedCommunications } from '../../../shared/demo/seed-communications.ts';
import { seedDisposition } from '../../../shared/demo/seed-disposition.ts';
import { seedLeads } from '../../../shared/demo/seed-leads.ts';
import { seedTeam } from '../../../shared/demo/seed-team.ts';
import type { TDatabase } from '../../../shared/ports/document-store.ts';
import type { TQueue, TQueueMessage, TScheduleOptions } from '../../../shared/ports/queue.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

const clock = createManualClock('2026-03-02T18:00:00.000Z');
const scheduled: { message: TQueueMessage; options: TScheduleOptions | undefined }[] = [];
const queue: TQueue = {
  publish: async () => 'msg',
  schedule: async (_topic, message, options) => {
    scheduled.push({ message, options });
    return 'tsk';
  },
};
let db: TDatabase;
let workflows: TWorkflowRecord[];
let executions: TExecutionRecord[];
beforeAll(async () => {
  db = await openEmbeddedDatabase();
  const system = { db, ports: { clock, queue: async () => queue } as never, log: { debug() {}, info() {}, warn() {}, error() {} } };
  await seedTeam(system);
  await seedLeads(system);
  await seedDisposition(system);
  await seedCommunications(system);
  await seedAutomation(system);
  workflows = await db.collection<TWorkflowRecord>('workflows').find({}).toArray();
  executions = await db.collection<TExecutionRecord>('workflow_executions').find({}).toArray();
});

describe('the demo automation seed', () => {
  it('has two active, valid workflows from the templates', () => {
    expect(workflows.map((workflow) => [workflow.template_id, workflow.status])).toEqual([
      ['speed_to_lead', 'active'],
      ['seller_drip_4_weeks', 'active'],
    ]);
    for (const workflow of workflows) expect(validateWorkflowGraph(workflow)).toEqual([]);
  });

  it('keeps each workflow’s counters in step with its executions', () => {
    for (const workflow of workflows) {
      const own = executions.filter((execution) => execution.workflow_id === workflow._id);
      expect(workflow.stats.executions).toBe(own.length);
      expect(workflow.stats.completed).toBe(own.filter((execution) => execution.status === 'completed').length);
      expect(workflow.stats.running).toBe(own.filter((execution) => execution.status === 'waiting').length);
    }
  });

  it('has executions of every kind, and queues the step each waiting one waits for', () => {
    const statuses = new Set(executions.map((execution) => execution.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['completed', 'waiting']));
    const waiting = executions.filter((execution) => execution.status === 'waiting');
    expect(waiting.length).toBeGreaterThan(0);
    expect(scheduled).toHaveLength(waiting.length);
    for (const execution of waiting) {
      expect(execution.cursor.due_at.getTime()).toBeGreaterThan(clock.now().getTime());
      const task = scheduled.find((entry) => (entry.message.data as { execution_id: string }).execution_id === execution._id);
      expect(task?.options?.at?.getTime()).toBe(execution.cursor.due_at.getTime());
    }
  });
});
