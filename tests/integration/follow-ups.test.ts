import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFollowUp } from '../../shared/follow-ups/follow-up.schemas.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

// Monday 2 March 2026, 09:00 in Chicago (15:00 UTC).
const clock = createManualClock('2026-03-02T15:00:00.000Z');
let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

type TPage<T> = { items: T[]; nextCursor: string | null };
type TNotifications = { items: { id: string; kind: string; title: string; href: string | null; read: boolean }[]; unread: number };

const body = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};
const post = (session: TTestSession, path: string, json: unknown) => session.request(path, { method: 'POST', json });
const titles = async (session: TTestSession, query: string) => (await body<TPage<TFollowUp>>(await session.request(`/api/follow-ups${query}`), 200)).items.map((item) => item.title);

async function chicagoOrganisation() {
  const organisation = await host.createOrganisation();
  await body(await organisation.admin.request('/api/tenants/current', { method: 'PATCH', json: { timezone: 'America/Chicago' } }), 200);
  return organisation;
}

async function runOverdueScan(): Promise<void> {
  await (await host.platform.queue()).publish('jobs', { data: {}, attributes: { job: 'follow-ups.overdue-scan' } });
  await (await host.platform.local?.queue())?.drain();
}

describe('follow-ups', () => {
  it('files them into today, overdue, upcoming and done by the organisation’s calendar day', async () => {
    clock.set('2026-03-02T15:00:00.000Z');
    const { admin } = await chicagoOrganisation();
    const create = (title: string, due_at: string) => post(admin, '/api/follow-ups', { title, due_at });
    await body(await create('Yesterday', '2026-03-01T20:00:00Z'), 201);
    await body(await create('This morning', '2026-03-02T14:00:00Z'), 201);
    // 23:30 in Chicago is still today there, though already tomorrow in UTC.
    await body(await create('Late tonight', '2026-03-03T05:30:00Z'), 201);
    await body(await create('Tomorrow', '2026-03-03T15:00:00Z'), 201);
    const finished = await body<TFollowUp>(await create('Finished', '2026-03-02T13:00:00Z'), 201);
    const done = await body<TFollowUp>(await admin.request(`/api/follow-ups/${finished.id}`, { method: 'PATCH', json: { done: true } }), 200);
    expect(done).toMatchObject({ done: true, done_at: '2026-03-02T15:00:00.000Z', overdue: false });

    expect(await titles(admin, '?view=today')).toEqual(['Yesterday', 'This morning', 'Late tonight']);
    expect(await titles(admin, '?view=overdue')).toEqual(['Yesterday', 'This morning']);
    expect(await titles(admin, '?view=upcoming')).toEqual(['Tomorrow']);
    expect(await titles(admin, '?view=done')).toEqual(['Finished']);
    expect(await titles(admin, '?view=all&limit=2')).toEqual(['Yesterday', 'Finished']);
    expect(await body(await admin.request('/api/follow-ups/summary'), 200)).toEqual({ overdue: 2, due_today: 1, next_due_at: '2026-03-03T05:30:00.000Z' });
  });

  it('belongs to its assignee: admins may give one to a rep, a rep only takes their own', async () => {
    clock.set('2026-03-02T15:00:00.000Z');
    const { admin } = await chicagoOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const other = await host.addMember(admin, 'acquisition_rep');
    const executive = await host.addMember(admin, 'executive');
    const given = await body<TFollowUp>(await post(admin, '/api/follow-ups', { title: 'Call the Lopez estate', due_at: '2026-03-02T20:00:00Z', assigned_to: rep.uid }), 201);
    expect(given.assigned_to).toBe(rep.uid);
    expect((await post(rep, '/api/follow-ups', { title: 'For you', due_at: '2026-03-02T20:00:00Z', assigned_to: other.uid })).status).toBe(403);
    expect((await post(admin, '/api/follow-ups', { title: 'For the exec', due_at: '2026-03-02T20:00:00Z', assigned_to: executive.uid })).status).toBe(400);
    expect((await post(executive, '/api/follow-ups', { title: 'Mine', due_at: '2026-03-02T20:00:00Z' })).status).toBe(403);

    expect(await titles(rep, '?view=today&mine=true')).toEqual(['Call the Lopez estate']);
    expect(await titles(other, '?view=all')).toEqual([]);
    expect(await titles(other, `?assigned_to=${rep.uid}`)).toEqual([]);
    expect(await titles(executive, '?view=all')).toEqual(['Call the Lopez estate']);
    expect((await other.request(`/api/follow-ups/${given.id}`, { method: 'PATCH', json: { done: true } })).status).toBe(404);
    expect((await other.request(`/api/follow-ups/${given.id}`, { method: 'DELETE' })).status).toBe(404);
    await body(await rep.request(`/api/follow-ups/${given.id}`, { method: 'PATCH', json: { done: true } }), 200);
    await body(await admin.request(`/api/follow-ups/${given.id}`, { method: 'DELETE' }), 204);
  });

  it('shows on the lead page, with the lead as subject, and writes the lead’s timeline', async () => {
    clock.set('2026-03-02T15:00:00.000Z');
    const { admin } = await chicagoOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const other = await host.addMember(admin, 'acquisition_rep');
    const lead = await body<TLead>(await post(rep, '/api/leads', { first_name: 'Ruth', last_name: 'Alvarez' }), 201);
    const hidden = await body<TLead>(await post(other, '/api/leads', { first_name: 'Hidden' }), 201);
    const followUp = await body<TFollowUp>(await post(rep, '/api/follow-ups', { title: 'Send the offer', due_at: '2026-03-03T16:00:00Z', lead_id: lead.id }), 201);
    expect(followUp.subject).toEqual({ kind: 'lead', id: lead.id, title: 'Ruth Alvarez', href: `/leads/detail?id=${lead.id}` });
    expect((await post(rep, '/api/follow-ups', { title: 'Peek', due_at: '2026-03-03T16:00:00Z', lead_id: hidden.id })).status).toBe(400);
    expect((await post(rep, '/api/follow-ups', { title: 'Both', due_at: '2026-03-03T16:00:00Z', lead_id: lead.id, deal_id: 'dl_x' })).status).toBe(400);
    expect(await titles(admin, `?lead_id=${lead.id}`)).toEqual(['Send the offer']);
    expect((await other.request(`/api/follow-ups?lead_id=${lead.id}`)).status).toBe(404);
    clock.advance(60_000);
    await body(await rep.request(`/api/follow-ups/${followUp.id}`, { method: 'PATCH', json: { done: true } }), 200);
    const timeline = await body<TPage<{ summary: string }>>(await rep.request(`/api/leads/${lead.id}/timeline?type=follow_up`), 200);
    expect(timeline.items.map((entry) => entry.summary)).toEqual(['Follow-up done: Send the offer', 'Follow-up: Send the offer (due Tue, Mar 3, 10:00 AM)']);
  });

  it('notifies the assignee once when one becomes overdue, and again only after it is moved and missed again', async () => {
    clock.set('2026-03-02T15:00:00.000Z');
    const { admin } = await chicagoOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const followUp = await body<TFollowUp>(await post(admin, '/api/follow-ups', { title: 'Call back Mr. Ortiz', due_at: '2026-03-02T16:00:00Z', assigned_to: rep.uid }), 201);
    await body(await post(admin, '/api/follow-ups', { title: 'Not yet due', due_at: '2026-03-02T18:00:00Z', assigned_to: rep.uid }), 201);

    await runOverdueScan();
    expect((await body<TNotifications>(await rep.request('/api/notifications'), 200)).items).toEqual([]);

    clock.set('2026-03-02T16:05:00.000Z');
    await runOverdueScan();
    await runOverdueScan();
    const bell = await body<TNotifications>(await rep.request('/api/notifications'), 200);
    expect(bell.unread).toBe(1);
    expect(bell.items).toEqual([expect.objectContaining({ kind: 'follow_up_overdue', title: 'Overdue: Call back Mr. Ortiz', read: false })]);
    expect((await body<TNotifications>(await admin.request('/api/notifications'), 200)).items).toEqual([]);

    await body(await rep.request(`/api/follow-ups/${followUp.id}`, { method: 'PATCH', json: { due_at: '2026-03-02T17:00:00Z' } }), 200);
    clock.set('2026-03-02T17:01:00.000Z');
    await runOverdueScan();
    expect((await body<TNotifications>(await rep.request('/api/notifications'), 200)).unread).toBe(2);
  });

  it("answers 404 for another organisation's follow-up and refuses a lead of another organisation", async () => {
    const a = await chicagoOrganisation();
    const b = await chicagoOrganisation();
    const lead = await body<TLead>(await post(b.admin, '/api/leads', { first_name: 'B lead' }), 201);
    const followUp = await body<TFollowUp>(await post(b.admin, '/api/follow-ups', { title: 'B task', due_at: '2030-01-01T00:00:00Z' }), 201);
    expect((await a.admin.request(`/api/follow-ups/${followUp.id}`, { method: 'PATCH', json: { done: true } })).status).toBe(404);
    expect((await a.admin.request(`/api/follow-ups/${followUp.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await post(a.admin, '/api/follow-ups', { title: 'Steal', due_at: '2030-01-01T00:00:00Z', lead_id: lead.id })).status).toBe(400);
    expect(await titles(a.admin, '?view=all')).toEqual([]);
    expect(await titles(b.admin, '?view=all')).toEqual(['B task']);
  });

  it.each([
    [{ title: 'No due time' }],
    [{ title: 'Bad time', due_at: 'tomorrow' }],
    [{ title: '', due_at: '2030-01-01T00:00:00Z' }],
    [{ title: 'Extra', due_at: '2030-01-01T00:00:00Z', priority: 'high' }],
  ])('refuses %j with 400', async (json) => {
    const { admin } = await chicagoOrganisation();
    expect((await post(admin, '/api/follow-ups', json)).status).toBe(400);
  });
});

describe('notifications', () => {
  it('lists only the caller’s own, marks chosen ones or all read, and ignores ids that are not theirs', async () => {
    const { admin } = await chicagoOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    for (const name of ['One', 'Two', 'Three']) {
      clock.advance(1_000);
      await body(await post(admin, '/api/leads', { first_name: name, assigned_to: rep.uid }), 201);
    }
    const bell = await body<TNotifications>(await rep.request('/api/notifications?limit=2'), 200);
    expect(bell.unread).toBe(3);
    expect(bell.items.map((item) => item.title)).toEqual(['New lead: Three', 'New lead: Two']);

    expect((await body<TNotifications>(await admin.request('/api/notifications'), 200)).items).toEqual([]);
    expect(await body(await post(admin, '/api/notifications/read', { ids: [bell.items[0]?.id] }), 200)).toEqual({ updated: 0, unread: 0 });
    expect(await body(await post(rep, '/api/notifications/read', { ids: [bell.items[0]?.id] }), 200)).toEqual({ updated: 1, unread: 2 });
    expect((await body<TNotifications>(await rep.request('/api/notifications?unread=true'), 200)).items.map((item) => item.title)).toEqual(['New lead: Two', 'New lead: One']);
    expect(await body(await rep.request('/api/notifications/read', { method: 'POST' }), 200)).toEqual({ updated: 2, unread: 0 });
    expect((await post(rep, '/api/notifications/read', { ids: [] })).status).toBe(400);
    expect((await post(rep, '/api/notifications/read', { ids: ['$gt'] })).status).toBe(400);
  });
});
