import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSuggestWorkflowResponse } from '../../shared/ai/suggest-workflow.ts';
import { startTestHost, type TTestHost } from '../support/test-host.ts';

let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

describe('workflow suggestion', () => {
  it('drafts a workflow from a goal that the engine accepts as it is', async () => {
    const { admin } = await host.createOrganisation();
    const response = await admin.request('/api/automation/suggest-workflow', { method: 'POST', json: { goal: 'When a new lead comes in, text them within 5 minutes and remind the rep after a day if no reply' } });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const result = JSON.parse(text) as TSuggestWorkflowResponse;
    expect(result.ai).toMatchObject({ provider: 'rules', fallback_reason: null });
    expect(result.validation).toEqual({ valid: true, issues: [] });
    expect(result.matched).toEqual(['trigger:lead_created', 'action:send_sms', 'delay:1d', 'condition:no_reply', 'notification:in_app']);
    expect(result.explanation[0]).toBe('Starts when a lead is created');

    // The engine takes the draft unchanged: saved, then activated.
    const saved = await admin.request('/api/automation/workflows', { method: 'POST', json: result.workflow });
    const savedText = await saved.text();
    expect(saved.status, savedText).toBe(201);
    const { id } = JSON.parse(savedText) as { id: string };
    const activated = await admin.request(`/api/automation/workflows/${id}/activate`, { method: 'POST' });
    expect(activated.status, await activated.text()).toBe(200);
  });

  it('asks for a trigger when the goal names none, and is for admins', async () => {
    const { admin } = await host.createOrganisation();
    const unclear = await admin.request('/api/automation/suggest-workflow', { method: 'POST', json: { goal: 'be nicer to sellers' } });
    expect(unclear.status).toBe(400);
    expect(((await unclear.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('goal');
    const rep = await host.addMember(admin, 'acquisition_rep');
    expect((await rep.request('/api/automation/suggest-workflow', { method: 'POST', json: { goal: 'when a new lead comes in text them' } })).status).toBe(403);
  });
});
