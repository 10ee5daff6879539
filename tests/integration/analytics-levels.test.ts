import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard } from '../../shared/analytics/analytics.schemas.ts';
import type { TAnalyticsLevelsRecord } from '../../shared/analytics/levels/analytics-levels-record.ts';
import type { TBuyer } from '../../shared/buyers/buyer.schemas.ts';
import type { TDeal } from '../../shared/deals/deal.schemas.ts';
import type { TFollowUp } from '../../shared/follow-ups/follow-up.schemas.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

// Monday 2 March 2026, 09:00 in Chicago.
const clock = createManualClock('2026-03-02T15:00:00.000Z');
let host: TTestHost;
let admin: TTestSession;
let rep: TTestSession;
let dispo: TTestSession;
let tenantId: string;

beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
  ({ admin, tenantId } = await host.createOrganisation('Levels Test Homes'));
  await json(await admin.request('/api/tenants/current', { method: 'PATCH', json: { timezone: 'America/Chicago' } }));
  [rep, dispo] = await Promise.all([host.addMember(admin, 'acquisition_rep'), host.addMember(admin, 'disposition_manager')]);
});
afterAll(() => host.close());

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Each write a minute after the last. */
const tick = () => clock.advance(60_000);
const send = (session: TTestSession, method: string, path: string, body?: unknown) => {
  tick();
  return session.request(path, { method, ...(body === undefined ? {} : { json: body }) });
};

let street = 100;
async function qualifiedLead(source: string): Promise<TLead> {
  const number = street++;
  const lead = await json<TLead>(
    await send(rep, 'POST', '/api/leads', { first_name: 'Seller', last_name: String(number), phone: `(512) 555-${String(number).padStart(4, '0')}`, address: `${number} Oak Hollow Dr, Austin, TX 78745`, property_type: 'single_family', source }),
    201,
  );
  for (const status of ['contacted', 'qualified']) await json(await send(rep, 'POST', `/api/leads/${lead.id}/status`, { status }));
  return lead;
}
const createDeal = async (leadId: string, asking: number) =>
  json<TDeal>(await send(rep, 'POST', '/api/deals', { lead_id: leadId, contract_price: 150_000, arv: 260_000, repair_estimate: 25_000, asking_price: asking }), 201);
const moveDeal = async (dealId: string, body: Record<string, unknown>) => json<TDeal>(await send(dispo, 'POST', `/api/deals/${dealId}/status`, body));
const followUp = async (session: TTestSession, title: string, dueAt: string, extra: Record<string, unknown> = {}) =>
  json<TFollowUp>(await send(session, 'POST', '/api/follow-ups', { title, due_at: dueAt, ...extra }), 201);
const editFollowUp = async (id: string, body: Record<string, unknown>) => json<TFollowUp>(await send(admin, 'PATCH', `/api/follow-ups/${id}`, body));
const recount = async () => json(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: '2026-02-20', to: '2026-03-01' } }));

async function levelsRecord(): Promise<Omit<TAnalyticsLevelsRecord, 'recounted_at'> | null> {
  const record = await bindTenant(await host.platform.db(), tenantId).collection<TAnalyticsLevelsRecord>('analytics_levels').findOne({ _id: tenantId });
  if (!record) return null;
  // Keys whose records all went away keep a zero; a recount leaves them out.
  const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
  const followUps = Object.fromEntries(
    Object.entries(record.follow_ups)
      .map(([day, counts]) => [day, nonZero(counts)] as const)
      .filter(([, counts]) => Object.keys(counts).length > 0),
  );
  const { recounted_at: _recountedAt, ...rest } = record;
  return { ...rest, deals: { n: nonZero(record.deals.n), v: nonZero(record.deals.v) }, follow_ups: followUps };
}

async function boards(session: TTestSession, name: string): Promise<{ tracked: TDashboard; counted: TDashboard }> {
  const query = `/api/analytics/dashboards/${name}?from=2026-02-26&to=2026-03-04`;
  return { tracked: await json<TDashboard>(await session.request(query)), counted: await json<TDashboard>(await session.request(`${query}&live=true`)) };
}
const withoutTiming = ({ computed: _computed, ...board }: TDashboard) => board;
const kpi = (board: TDashboard, key: string) => board.kpis.find((candidate) => candidate.key === key)?.value;

describe('levels now (pipeline value, overdue follow-ups)', () => {
  it('are kept current by every write that changes them, equal to counting the records', async () => {
    const [mailed, called, texted, referred] = [await qualifiedLead('direct_mail'), await qualifiedLead('cold_calling'), await qualifiedLead('sms_marketing'), await qualifiedLead('referral')];
    const first = await createDeal(mailed.id, 170_000);
    const buyer = await json<TBuyer>(await send(dispo, 'POST', '/api/buyers?allow_duplicate=true', { first_name: 'Cash', last_name: 'Buyer' }), 201);
    const overdueBefore = await followUp(rep, 'Call back about the roof', '2026-02-27T16:00:00Z');

    // Until the first recount there is nothing to keep current: dashboards count from the records.
    expect(await levelsRecord()).toBeNull();
    expect((await boards(admin, 'disposition')).tracked.computed.levels_now).toBe('records');
    await recount();
    const recounted = await levelsRecord();
    expect(recounted?.deals.n.pipeline_value).toBe(1);

    // Deals: created, repriced, assigned, fallen through, closed, cancelled, reopened; a lead's source edited.
    const second = await createDeal(called.id, 180_000);
    const third = await createDeal(texted.id, 175_000);
    await json(await send(dispo, 'PATCH', `/api/deals/${second.id}`, { asking_price: 190_000 }));
    await moveDeal(second.id, { status: 'assigned', buyer_id: buyer.id, assignment_fee: 22_500 });
    await moveDeal(first.id, { status: 'assigned', buyer_id: buyer.id, assignment_fee: 18_000 });
    await moveDeal(first.id, { status: 'marketing' });
    await moveDeal(second.id, { status: 'closed' });
    await moveDeal(third.id, { status: 'cancelled', reason: 'Inspection found foundation issues' });
    await moveDeal(third.id, { status: 'marketing' });
    await json(await send(rep, 'PATCH', `/api/leads/${mailed.id}`, { source: 'ppc' }));

    // Follow-ups: created (overdue, due today, later), completed and reopened, rescheduled, reassigned, deleted, and with their lead.
    const dueToday = await followUp(admin, 'Send the contract', '2026-03-02T14:00:00Z');
    const tomorrow = await followUp(rep, 'Walk-through', '2026-03-03T17:00:00Z');
    const nextWeek = await followUp(rep, 'Check on the title', '2026-03-09T17:00:00Z');
    await followUp(rep, 'Ask about the tenants', '2026-02-28T17:00:00Z', { lead_id: referred.id });
    await editFollowUp(overdueBefore.id, { done: true });
    await editFollowUp(overdueBefore.id, { done: false });
    await editFollowUp(dueToday.id, { done: true });
    await editFollowUp(tomorrow.id, { due_at: '2026-02-25T17:00:00Z' });
    await editFollowUp(overdueBefore.id, { assigned_to: admin.uid });
    await json(await send(admin, 'DELETE', `/api/follow-ups/${nextWeek.id}`), 204);
    await json(await send(admin, 'DELETE', `/api/leads/${referred.id}`), 204);
    await followUp(rep, 'Due in two days', '2026-03-04T15:00:00Z');
    // A workflow step creates one too, for the rep who owns the new lead (earlier events delivered first).
    const drain = async () => (await host.platform.local?.queue())?.drain();
    await drain();
    const workflow = await json<{ id: string }>(
      await send(admin, 'POST', '/api/automation/workflows', {
        name: 'Call new leads tomorrow',
        trigger: { type: 'lead_created' },
        entry_step_id: 'call',
        steps: [{ id: 'call', type: 'action', action: { kind: 'create_follow_up', title: 'Call the new lead', due_in: { amount: 1, unit: 'days' } } }],
      }),
      201,
    );
    await json(await send(admin, 'POST', `/api/automation/workflows/${workflow.id}/activate`));
    await qualifiedLead('seo');
    await drain();
    expect((await json<{ items: TFollowUp[] }>(await rep.request('/api/follow-ups?view=all&mine=true'))).items.map((item) => item.title)).toContain('Call the new lead');

    // The tracked document is what a recount from the records gives.
    const tracked = await levelsRecord();
    await recount();
    expect(tracked).toEqual(await levelsRecord());

    // Two days later, with no write: a follow-up due meanwhile has become overdue.
    clock.set('2026-03-04T18:00:00.000Z');
    for (const [session, name] of [[admin, 'disposition'], [admin, 'acquisitions'], [rep, 'acquisitions'], [admin, 'mobile'], [rep, 'mobile'], [admin, 'executive']] as const) {
      const { tracked: fromLevels, counted } = await boards(session, name);
      expect(fromLevels.computed.levels_now, name).toBe('tracked');
      expect(counted.computed.levels_now, name).toBe('records');
      expect(withoutTiming(fromLevels), name).toEqual(withoutTiming(counted));
    }
    const disposition = (await boards(admin, 'disposition')).tracked;
    expect(kpi(disposition, 'open_deals')).toBe(2);
    expect(kpi(disposition, 'pipeline_value')).toBe(170_000 - 150_000 + (175_000 - 150_000));
    // Overdue: the reopened and reassigned one, the rescheduled one, the one due two days later and the workflow's.
    expect(kpi((await boards(admin, 'acquisitions')).tracked, 'follow_ups_open_overdue')).toBe(4);
    expect(kpi((await boards(rep, 'acquisitions')).tracked, 'follow_ups_open_overdue')).toBe(3);
  });
});
