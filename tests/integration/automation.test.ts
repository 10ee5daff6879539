import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TExecution } from '../../shared/automation/execution.schemas.ts';
import type { TWorkflow } from '../../shared/automation/workflow.schemas.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

/**
 * The automation "done when", over HTTP against the local host with the telephony sandbox and
 * a manual clock: a template's text goes out when a lead arrives; a 3-day delay fires once after
 * the clock passes it, also across a restart; the same step message twice sends once; a reply
 * stops the drip. Time moves only when the test says so; queued work runs on `drain()`.
 */
// 16:00 UTC on a Monday: 10:00 in Austin, inside the default 09:00–20:00 texting window.
const clock = createManualClock('2030-03-04T16:00:00.000Z');
let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

const DAY = 86_400_000;
type TPage<T> = { items: T[]; nextCursor: string | null };
type TProblem = { status: number; detail: string; errors?: { field: string; detail: string }[]; issues?: { code: string; step_id: string | null; message: string }[] };

const body = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
};
const post = (session: TTestSession, path: string, json?: unknown) => session.request(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
const drain = async (target: TTestHost = host) => {
  const queue = await target.platform.local?.queue();
  if (!queue) throw new Error('The test host has no embedded queue');
  await queue.drain();
};

let numberCounter = 0;
async function organisation(target: TTestHost = host): Promise<{ admin: TTestSession; tenantId: string; number: string }> {
  const { admin, tenantId } = await target.createOrganisation();
  const number = `+1737301${String(1000 + numberCounter++).padStart(4, '0')}`;
  await body(await post(admin, '/api/communications/numbers', { number, label: 'Main line' }), 201);
  return { admin, tenantId, number };
}

let phoneCounter = 0;
const nextPhone = () => `+1512555${String(1000 + phoneCounter++).padStart(4, '0')}`;
const createLead = async (session: TTestSession, extra: Record<string, unknown> = {}) =>
  body<TLead>(await post(session, '/api/leads?allow_duplicate=true', { first_name: 'Maria', last_name: 'Lopez', phone: nextPhone(), address: '1400 Elm St, Austin, TX 78704', source: 'direct_mail', ...extra }), 201);

async function fromTemplate(admin: TTestSession, templateId: string): Promise<TWorkflow> {
  const workflow = await body<TWorkflow>(await post(admin, '/api/automation/workflows/from-template', { template_id: templateId }), 201);
  return body<TWorkflow>(await post(admin, `/api/automation/workflows/${workflow.id}/activate`), 200);
}

async function customWorkflow(admin: TTestSession, steps: unknown[], entry: string, trigger: unknown = { type: 'lead_created' }): Promise<TWorkflow> {
  const workflow = await body<TWorkflow>(await post(admin, '/api/automation/workflows', { name: 'Custom', trigger, entry_step_id: entry, steps }), 201);
  return body<TWorkflow>(await post(admin, `/api/automation/workflows/${workflow.id}/activate`), 200);
}

const textsTo = async (target: TTestHost, tenantId: string, phone: string) =>
  (await bindTenant(await target.platform.db(), tenantId).collection<TCommunicationRecord>('communications').find({ to: phone, direction: 'outbound' }).toArray());

const executionsOf = async (session: TTestSession, query: string) => (await body<TPage<TExecution>>(await session.request(`/api/automation/executions?${query}`), 200)).items;

describe('a workflow from the speed-to-lead template', () => {
  it('texts a new lead through the sandbox and counts the run', async () => {
    const { admin, tenantId } = await organisation();
    const workflow = await fromTemplate(admin, 'speed_to_lead');
    const lead = await createLead(admin);
    await drain();

    const texts = await textsTo(host, tenantId, lead.phone as string);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ channel: 'sms', automated: true, sent_by: `workflow:${workflow.id}`, lead_id: lead.id });
    expect(texts[0]?.body).toContain('Hi Maria');
    const sandbox = await body<{ sent: { to: string }[] }>(await admin.request('/api/communications/sandbox'), 200);
    expect(sandbox.sent.map((entry) => entry.to)).toContain(lead.phone);

    const [execution] = await executionsOf(admin, `lead_id=${lead.id}`);
    expect(execution).toMatchObject({ workflow_id: workflow.id, status: 'completed', lead_name: 'Maria Lopez' });
    // Nobody is assigned to the lead, so there is no rep to tell.
    expect(execution?.steps.map((step) => [step.step_id, step.outcome])).toEqual([
      ['text_lead', 'succeeded'],
      ['tell_rep', 'skipped'],
    ]);
    const stats = (await body<TWorkflow>(await admin.request(`/api/automation/workflows/${workflow.id}`), 200)).stats;
    expect(stats).toMatchObject({ executions: 1, completed: 1, running: 0, success_rate: 1 });
    expect(stats.steps.text_lead).toMatchObject({ runs: 1, succeeded: 1 });
  });

  it('starts nothing once paused', async () => {
    const { admin, tenantId } = await organisation();
    const workflow = await fromTemplate(admin, 'speed_to_lead');
    await body(await post(admin, `/api/automation/workflows/${workflow.id}/pause`), 200);
    const lead = await createLead(admin);
    await drain();
    expect(await textsTo(host, tenantId, lead.phone as string)).toHaveLength(0);
  });
});

describe('activation', () => {
  it('refuses an invalid graph with an error naming the step', async () => {
    const { admin } = await organisation();
    const draft = await body<TWorkflow>(
      await post(admin, '/api/automation/workflows', {
        name: 'Half built',
        trigger: { type: 'lead_created' },
        entry_step_id: 's1',
        steps: [
          { id: 's1', type: 'action', action: { kind: 'send_sms', body: 'Hi' }, next: 'check' },
          { id: 'check', name: 'Replied?', type: 'condition', conditions: [{ kind: 'replied_since', step_id: 's1' }], on_true: 'end' },
        ],
      }),
      201,
    );
    expect(draft.status).toBe('draft');
    const problem = await body<TProblem>(await post(admin, `/api/automation/workflows/${draft.id}/activate`), 400);
    expect(problem.detail).toContain('Condition "Replied?" (check) has no false ("no") branch');
    expect(problem.issues?.[0]).toMatchObject({ code: 'missing_branch', step_id: 'check' });
    expect(problem.errors?.[0]?.field).toBe('steps.1.on_false');
  });

  it('lets only admins write workflows', async () => {
    const { admin } = await organisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    expect((await post(rep, '/api/automation/workflows/from-template', { template_id: 'speed_to_lead' })).status).toBe(403);
    expect((await rep.request('/api/automation/workflows')).status).toBe(200);
  });
});

describe('a 3-day delay', () => {
  it('fires once after the clock passes it, also across a restart of the local host', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-restart-'));
    const first = await startTestHost({ clock, dataDir, env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' } });
    let second: TTestHost | null = null;
    try {
      const { admin, tenantId } = await organisation(first);
      await customWorkflow(
        admin,
        [
          { id: 'wait', type: 'delay', delay: { mode: 'duration', amount: 3, unit: 'days' }, next: 'text' },
          { id: 'text', type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}, still thinking about selling?' } },
        ],
        'wait',
      );
      const lead = await createLead(admin);
      await drain(first);
      const [waiting] = await executionsOf(admin, `lead_id=${lead.id}`);
      expect(waiting).toMatchObject({ status: 'waiting', current_step_id: 'text', next_run_at: new Date(clock.now().getTime() + 3 * DAY).toISOString() });

      // Stop the host mid-wait and start it again on the same data directory.
      await first.close();
      second = await startTestHost({ clock, dataDir, env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' } });
      const again = await second.signIn(admin.email);

      clock.advance(3 * DAY - 60_000);
      await drain(second);
      expect(await textsTo(second, tenantId, lead.phone as string)).toHaveLength(0);

      clock.advance(2 * 60_000);
      await drain(second);
      clock.advance(DAY);
      await drain(second);
      expect(await textsTo(second, tenantId, lead.phone as string)).toHaveLength(1);
      const [done] = await executionsOf(again, `lead_id=${lead.id}`);
      expect(done?.status).toBe('completed');
      expect(done?.steps.map((step) => step.outcome)).toEqual(['waited', 'succeeded']);
    } finally {
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('at-least-once delivery', () => {
  it('sends once when the same step message is delivered twice (and more)', async () => {
    const { admin, tenantId } = await organisation();
    await customWorkflow(
      admin,
      [
        { id: 'wait', type: 'delay', delay: { mode: 'duration', amount: 1, unit: 'hours' }, next: 'text' },
        { id: 'text', type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}' } },
      ],
      'wait',
    );
    const lead = await createLead(admin);
    await drain();
    // The text step waits in the queue; deliver two more copies of its message when it is due.
    const db = await host.platform.db();
    const stepTasks = await db.collection('_queue_tasks').find({ topic: 'workflow-steps', state: 'pending', 'attributes.tenant_id': tenantId }).toArray();
    expect(stepTasks).toHaveLength(1);
    const message = JSON.parse(Buffer.from(String(stepTasks[0]?.data), 'base64').toString('utf8')) as unknown;
    clock.advance(3_600_000);
    const queue = await host.platform.local?.queue();
    await queue?.publish('workflow-steps', { data: message, attributes: { job: 'automation.step', tenant_id: tenantId } });
    await queue?.publish('workflow-steps', { data: message, attributes: { job: 'automation.step', tenant_id: tenantId } });
    await drain();

    expect(await textsTo(host, tenantId, lead.phone as string)).toHaveLength(1);
    const [execution] = await executionsOf(admin, `lead_id=${lead.id}`);
    expect(execution?.steps.map((step) => [step.step_id, step.outcome])).toEqual([
      ['wait', 'waited'],
      ['text', 'succeeded'],
    ]);
  });
});

describe('stop-on-reply', () => {
  it('a reply from the lead ends the drip: no further texts', async () => {
    const { admin, tenantId, number } = await organisation();
    await fromTemplate(admin, 'seller_drip_4_weeks');
    const lead = await createLead(admin);
    await drain();
    expect(await textsTo(host, tenantId, lead.phone as string)).toHaveLength(1);

    clock.advance(2 * DAY);
    await body(await post(admin, '/api/communications/sandbox/inbound-sms', { from: lead.phone, to: number, body: 'Who is this? Maybe interested' }), 200);
    await drain();
    const [execution] = await executionsOf(admin, `lead_id=${lead.id}`);
    expect(execution).toMatchObject({ status: 'cancelled', cancel_reason: 'The lead replied' });

    for (let week = 0; week < 4; week += 1) {
      clock.advance(7 * DAY);
      await drain();
    }
    expect(await textsTo(host, tenantId, lead.phone as string)).toHaveLength(1);
  });
});

describe('failures and cancelling', () => {
  it('parks an execution as failed with the error visible when the text cannot be sent', async () => {
    const { admin } = await organisation();
    await customWorkflow(admin, [{ id: 'text', name: 'Text', type: 'action', action: { kind: 'send_sms', body: 'Hi' } }], 'text');
    const lead = await createLead(admin, { phone: undefined, email: 'no-phone@example.test' });
    await drain();
    const [execution] = await executionsOf(admin, `lead_id=${lead.id}`);
    expect(execution?.status).toBe('failed');
    expect(execution?.error).toMatch(/^Step Text: /);
    expect(execution?.steps[0]).toMatchObject({ step_id: 'text', outcome: 'failed' });
  });

  it('cancelling a waiting execution stops its pending steps', async () => {
    const { admin, tenantId } = await organisation();
    await customWorkflow(
      admin,
      [
        { id: 'wait', type: 'delay', delay: { mode: 'duration', amount: 1, unit: 'hours' }, next: 'text' },
        { id: 'text', type: 'action', action: { kind: 'send_sms', body: 'Hi' } },
      ],
      'wait',
    );
    const lead = await createLead(admin);
    await drain();
    const [waiting] = await executionsOf(admin, `lead_id=${lead.id}`);
    const cancelled = await body<TExecution>(await post(admin, `/api/automation/executions/${waiting?.id}/cancel`, { reason: 'Talked on the phone' }), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Talked on the phone' });
    clock.advance(2 * 3_600_000);
    await drain();
    expect(await textsTo(host, tenantId, lead.phone as string)).toHaveLength(0);
  });
});
