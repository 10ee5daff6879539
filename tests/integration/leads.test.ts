import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLeadRecord } from '../../shared/leads/build-lead-record.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TDealRecord } from '../../shared/deals/deal-record.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

type TProblem = { status: number; code: string; detail: string; errors?: { location: string; field: string; detail: string }[]; [key: string]: unknown };
type TPage<T> = { items: T[]; nextCursor: string | null };

const body = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};
const post = (session: TTestSession, path: string, json: unknown) => session.request(path, { method: 'POST', json });
const patch = (session: TTestSession, path: string, json: unknown) => session.request(path, { method: 'PATCH', json });
const createLead = async (session: TTestSession, json: Record<string, unknown>) => body<TLead>(await post(session, '/api/leads?allow_duplicate=true', json), 201);
const listIds = async (session: TTestSession, query = '') => (await body<TPage<TLead>>(await session.request(`/api/leads${query}`), 200)).items.map((lead) => lead.id);

describe('creating a lead', () => {
  it('normalises the phone to E.164, the email, and a one-line address into parts', async () => {
    const { admin } = await host.createOrganisation();
    const lead = await body<TLead>(
      await post(admin, '/api/leads', {
        first_name: ' Maria ',
        last_name: 'Lopez',
        phone: '(512) 555-0142',
        email: ' Maria.Lopez@Example.COM ',
        address: '4512 Oak Hollow Dr, Austin, TX 78745',
        property_type: 'single_family',
        estimated_value: 285_000,
        source: 'direct_mail',
        tags: ['probate', 'probate', 'vacant'],
      }),
      201,
    );
    expect(lead).toMatchObject({
      full_name: 'Maria Lopez',
      phone: '+15125550142',
      email: 'maria.lopez@example.com',
      address: { line1: '4512 Oak Hollow Dr', city: 'Austin', state: 'TX', zip: '78745' },
      status: 'new',
      tags: ['probate', 'vacant'],
      assigned_to: null,
      status_history: [{ from: null, to: 'new', by: admin.uid }],
    });
    const timeline = await body<TPage<{ type: string; actor_name: string }>>(await admin.request(`/api/leads/${lead.id}/timeline`), 200);
    expect(timeline.items).toEqual([expect.objectContaining({ type: 'created' })]);
  });

  it('reports every field problem at once', async () => {
    const { admin } = await host.createOrganisation();
    const problem = await body<TProblem>(await post(admin, '/api/leads', { first_name: 'Ann', phone: '555-12', email: 'ann at home', address: 'somewhere over there' }), 400);
    expect(problem.errors?.map((error) => error.field).sort()).toEqual(['address', 'email', 'phone']);
  });

  it.each([
    ['an operator instead of a name', { first_name: { $gt: '' } }],
    ['an unknown field', { first_name: 'Al', owner: 'me' }],
    ['a negative value', { first_name: 'Al', estimated_value: -5 }],
    ['an unknown source', { first_name: 'Al', source: 'carrier_pigeon' }],
    ['a too long name', { first_name: 'A'.repeat(81) }],
    ['a tag with markup', { first_name: 'Al', tags: ['<script>'] }],
  ])('refuses %s with 400', async (_case, json) => {
    const { admin } = await host.createOrganisation();
    expect((await post(admin, '/api/leads', json)).status).toBe(400);
  });

  it('warns about a duplicate phone, email or address with the existing lead, unless told to allow it', async () => {
    const { admin } = await host.createOrganisation();
    const first = await createLead(admin, { first_name: 'Joe', phone: '210-555-0199', email: 'joe@example.com', address: '12 Elm St, San Antonio, TX 78205' });
    for (const json of [
      { first_name: 'Joseph', phone: '+1 (210) 555-0199' },
      { first_name: 'Joseph', email: 'JOE@example.com' },
      { first_name: 'Joseph', address: '12 Elm Street, San Antonio, TX 78205' },
    ]) {
      const problem = await body<TProblem>(await post(admin, '/api/leads', json), 409);
      expect(problem).toMatchObject({ code: 'conflict', existing_lead_id: first.id });
    }
    const problem = await body<TProblem>(await post(admin, '/api/leads', { first_name: 'Jo', phone: '2105550199', email: 'joe@example.com' }), 409);
    expect(problem.matched_on).toEqual(['phone', 'email']);
    await body(await post(admin, '/api/leads?allow_duplicate=true', { first_name: 'Joseph', phone: '210 555 0199' }), 201);
  });

  it('enforces the plan limit on leads with a clear error', async () => {
    const { admin, tenantId } = await host.createOrganisation();
    const db = bindTenant(await host.platform.db(), tenantId);
    const now = new Date();
    const records: TLeadRecord[] = [];
    for (let index = 0; index < 2_499; index++) {
      const built = buildLeadRecord({ first_name: `Seller ${index}`, source: 'list_import' }, { tenantId, createdBy: admin.uid, now });
      if (built.record) records.push(built.record);
    }
    await db.collection<TLeadRecord>('leads').insertMany(records);
    await body(await post(admin, '/api/leads', { first_name: 'Last one in' }), 201);
    const problem = await body<TProblem>(await post(admin, '/api/leads', { first_name: 'One too many' }), 403);
    expect(problem).toMatchObject({ code: 'plan_limit', limit: 2_500 });
    expect(problem.detail).toContain('2,500');
  });
});

describe('listing leads', () => {
  let admin: TTestSession;
  let rep: TTestSession;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ({ admin } = await host.createOrganisation());
    rep = await host.addMember(admin, 'acquisition_rep');
    const make = async (key: string, json: Record<string, unknown>) => {
      ids[key] = (await createLead(admin, json)).id;
    };
    await make('probate', { first_name: 'Helen', last_name: 'Smithers', phone: '512-555-0101', address: '101 Pecan St, Austin, TX 78701', estimated_value: 310_000, source: 'direct_mail', tags: ['probate'], property_type: 'single_family' });
    await make('divorce', { first_name: 'Gary', last_name: 'Smith', phone: '713-555-0102', email: 'gary.smith@example.com', address: '22 Bayou Rd, Houston, TX 77002', estimated_value: 180_000, source: 'cold_calling', tags: ['divorce', 'vacant'] });
    await make('landlord', { first_name: 'Tina', last_name: 'Ng', phone: '214-555-0103', address: '9 Elm St, Dallas, TX 75201', estimated_value: 95_000, source: 'ppc', assigned_to: rep.uid, property_type: 'multi_family' });
    await make('nothing', { first_name: 'Omar', source: 'referral' });
    await body(await post(admin, `/api/leads/${ids.divorce}/status`, { status: 'contacted' }), 200);
  });

  it('lists newest first by default', async () => {
    expect(await listIds(admin)).toEqual([ids.nothing, ids.landlord, ids.divorce, ids.probate]);
  });

  it.each([
    ['?status=contacted', ['divorce']],
    ['?status=new,contacted&source=direct_mail', ['probate']],
    ['?source=cold_calling&source=ppc', ['landlord', 'divorce']],
    ['?tag=vacant', ['divorce']],
    ['?tag=probate,divorce', ['divorce', 'probate']],
    ['?property_type=multi_family', ['landlord']],
    ['?min_value=100000&max_value=300000', ['divorce']],
    ['?min_value=300000', ['probate']],
    ['?assigned_to=unassigned', ['nothing', 'divorce', 'probate']],
    ['?q=smith', ['divorce', 'probate']],
    ['?q=smith%20bayou', ['divorce']],
    ['?q=(512)%20555-01', ['probate']],
    ['?q=5125550101', ['probate']],
    ['?q=0103', ['landlord']],
    ['?q=gary.smith@example.com', ['divorce']],
    ['?q=pecan', ['probate']],
    ['?q=78201', []],
    ['?q=dallas', ['landlord']],
    ['?q=%24where', []],
  ])('filters %s', async (query, expected) => {
    expect(await listIds(admin, query)).toEqual(expected.map((key) => ids[key]));
  });

  it('filters by the created date in the organisation’s time zone', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await listIds(admin, `?created_from=${tomorrow}`)).toEqual([]);
    expect((await listIds(admin, `?created_to=${tomorrow}`)).length).toBe(4);
    expect((await body<TProblem>(await admin.request(`/api/leads?created_from=${tomorrow}&created_to=${today}`), 400)).errors?.[0]?.field).toBe('created_to');
  });

  it('sorts by value, nulls last when descending, and pages through everything exactly once', async () => {
    expect(await listIds(admin, '?sort=estimated_value&direction=desc')).toEqual([ids.probate, ids.divorce, ids.landlord, ids.nothing]);
    expect(await listIds(admin, '?sort=estimated_value&direction=asc')).toEqual([ids.nothing, ids.landlord, ids.divorce, ids.probate]);
    for (const sort of ['estimated_value&direction=desc', 'estimated_value&direction=asc', 'created_at', 'full_name&direction=asc', 'last_contacted']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: TPage<TLead> = await body<TPage<TLead>>(await admin.request(`/api/leads?limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`), 200);
        seen.push(...page.items.map((lead) => lead.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(4);
      expect(seen, sort).toHaveLength(4);
    }
  });

  it('refuses a cursor it did not issue and unknown parameters with 400', async () => {
    for (const query of ['?cursor=not-a-cursor', '?sort=password', '?status=archived', '?limit=100000', '?status[$ne]=new', `?q=${'x'.repeat(101)}`, '?min_value=300000&max_value=1']) {
      expect((await admin.request(`/api/leads${query}`)).status, query).toBe(400);
    }
  });

  it('counts leads per status under the other filters', async () => {
    const counts = await body<{ total: number; by_status: Record<string, number> }>(await admin.request('/api/leads/counts'), 200);
    expect(counts).toEqual({ total: 4, by_status: { new: 3, contacted: 1, qualified: 0, under_contract: 0, closed: 0, lost: 0 } });
    const reps = await body<{ total: number }>(await rep.request('/api/leads/counts?source=ppc'), 200);
    expect(reps.total).toBe(1);
  });
});

describe('editing a lead', () => {
  it('normalises changed contact fields, keeps search in step, and clears fields with null', async () => {
    const { admin } = await host.createOrganisation();
    const lead = await createLead(admin, { first_name: 'Ray', last_name: 'Cole', phone: '512-555-0111', address: '5 Oak Ln, Austin, TX 78704', estimated_value: 200_000 });
    const updated = await body<TLead>(await patch(admin, `/api/leads/${lead.id}`, { last_name: 'Coleman', phone: '737 555 0112', estimated_value: null, address: null }), 200);
    expect(updated).toMatchObject({ full_name: 'Ray Coleman', phone: '+17375550112', estimated_value: null, address: null });
    expect(await listIds(admin, '?q=coleman')).toEqual([lead.id]);
    expect(await listIds(admin, '?q=7375550112')).toEqual([lead.id]);
    expect(await listIds(admin, '?q=5125550111')).toEqual([]);
    const timeline = await body<TPage<{ type: string; summary: string }>>(await admin.request(`/api/leads/${lead.id}/timeline?type=updated`), 200);
    expect(timeline.items[0]?.summary).toMatch(/^Updated /);
  });

  it('refuses an empty edit, a bad phone and a status change through PATCH', async () => {
    const { admin } = await host.createOrganisation();
    const lead = await createLead(admin, { first_name: 'Ray' });
    expect((await patch(admin, `/api/leads/${lead.id}`, {})).status).toBe(400);
    expect((await body<TProblem>(await patch(admin, `/api/leads/${lead.id}`, { phone: '12' }), 400)).errors?.[0]?.field).toBe('phone');
    expect((await patch(admin, `/api/leads/${lead.id}`, { status: 'closed' })).status).toBe(400);
  });

  it('assigns to active admins and reps only, and tells the new assignee', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const dispo = await host.addMember(admin, 'disposition_manager');
    const lead = await createLead(admin, { first_name: 'Ray' });
    expect((await body<TProblem>(await patch(admin, `/api/leads/${lead.id}`, { assigned_to: dispo.uid }), 400)).errors?.[0]?.field).toBe('assigned_to');
    expect((await patch(admin, `/api/leads/${lead.id}`, { assigned_to: 'nobody-here' })).status).toBe(400);
    await body(await patch(admin, `/api/leads/${lead.id}`, { assigned_to: rep.uid }), 200);
    const bell = await body<{ items: { kind: string; href: string }[]; unread: number }>(await rep.request('/api/notifications'), 200);
    expect(bell.items[0]).toMatchObject({ kind: 'lead_assigned', href: `/leads/detail?id=${lead.id}` });
    const assignees = await body<{ items: { id: string }[] }>(await rep.request('/api/leads/assignees'), 200);
    expect(assignees.items.map((item) => item.id).sort()).toEqual([admin.uid, rep.uid].sort());
  });
});

describe('the pipeline through the API', () => {
  it('moves forward, requires a reason for lost, lets only admins reopen, and leaves contract statuses to deals', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const lead = await createLead(rep, { first_name: 'Nia' });
    expect(lead.assigned_to).toBe(rep.uid);
    const status = (session: TTestSession, json: unknown) => post(session, `/api/leads/${lead.id}/status`, json);

    await body(await status(rep, { status: 'contacted' }), 200);
    expect((await body<TProblem>(await status(rep, { status: 'new' }), 409)).allowed).toEqual(['qualified', 'under_contract', 'lost']);
    expect((await body<TProblem>(await status(rep, { status: 'under_contract' }), 409)).detail).toContain('deal');
    expect((await body<TProblem>(await status(rep, { status: 'lost' }), 400)).errors?.[0]?.field).toBe('reason');
    const lost = await body<TLead>(await status(rep, { status: 'lost', reason: 'Sold to a neighbour' }), 200);
    expect(lost).toMatchObject({ status: 'lost', lost_reason: 'Sold to a neighbour' });
    expect((await status(rep, { status: 'contacted' })).status).toBe(403);
    const reopened = await body<TLead>(await status(admin, { status: 'contacted' }), 200);
    expect(reopened.status_history.map((entry) => `${entry.from ?? ''}>${entry.to}:${entry.by === rep.uid ? 'rep' : 'admin'}`)).toEqual([
      '>new:rep',
      'new>contacted:rep',
      'contacted>lost:rep',
      'lost>contacted:admin',
    ]);
    const timeline = await body<TPage<{ summary: string; actor_name: string }>>(await admin.request(`/api/leads/${lead.id}/timeline?type=status_changed`), 200);
    expect(timeline.items.map((entry) => entry.summary)).toEqual(['Status Lost → Contacted', 'Status Contacted → Lost: Sold to a neighbour', 'Status New → Contacted']);
  });

  it('keeps a lead with an open deal under contract until the deal is cancelled', async () => {
    const { admin, tenantId } = await host.createOrganisation();
    const lead = await createLead(admin, { first_name: 'Uma' });
    const db = bindTenant(await host.platform.db(), tenantId);
    const now = new Date();
    await db.collection<TLeadRecord>('leads').updateOne({ _id: lead.id }, { $set: { status: 'under_contract' } });
    const deal = { _id: 'dl_test', tenant_id: tenantId, lead_id: lead.id, status: 'marketing', created_at: now, updated_at: now } as unknown as TDealRecord;
    await db.collection<TDealRecord>('deals').insertOne(deal);
    expect((await body<TProblem>(await post(admin, `/api/leads/${lead.id}/status`, { status: 'lost', reason: 'Seller backed out' }), 409)).detail).toContain('cancel the deal');
    await db.collection<TDealRecord>('deals').updateOne({ _id: 'dl_test' }, { $set: { status: 'cancelled' } });
    await body(await post(admin, `/api/leads/${lead.id}/status`, { status: 'lost', reason: 'Seller backed out' }), 200);
    // A deal, open or not, keeps the lead from being deleted.
    expect((await body<TProblem>(await admin.request(`/api/leads/${lead.id}`, { method: 'DELETE' }), 409)).deal_id).toBe('dl_test');
  });
});

describe('notes, appointments, offers and the MAO calculator', () => {
  it('adds a note to the timeline and to the notes the AI reads', async () => {
    const { admin } = await host.createOrganisation();
    const lead = await createLead(admin, { first_name: 'Ivy', notes: 'Inherited the house from her mother.' });
    const note = await body<{ type: string; summary: string; actor_name: string }>(await post(admin, `/api/leads/${lead.id}/notes`, { body: 'Wants to close before the probate hearing.\nCall after 5 pm.' }), 201);
    expect(note).toMatchObject({ type: 'note', summary: 'Wants to close before the probate hearing.' });
    const after = await body<TLead>(await admin.request(`/api/leads/${lead.id}`), 200);
    expect(after.notes).toMatch(/^Inherited the house from her mother\.\n\n\[\d{4}-\d\d-\d\d .+\] Wants to close before the probate hearing\.\nCall after 5 pm\.$/);
    expect((await post(admin, `/api/leads/${lead.id}/notes`, { body: '   ' })).status).toBe(400);
  });

  it('records appointments and offers on the lead and its timeline', async () => {
    const { admin } = await host.createOrganisation();
    const lead = await createLead(admin, { first_name: 'Ivy', address: '77 Mesquite Dr, San Antonio, TX 78209' });
    const withAppointment = await body<TLead>(await post(admin, `/api/leads/${lead.id}/appointments`, { scheduled_at: '2026-05-04T15:00:00Z' }), 201);
    const appointment = withAppointment.appointments[0];
    expect(appointment).toMatchObject({ location: '77 Mesquite Dr, San Antonio, TX 78209', outcome: 'scheduled' });
    const done = await body<TLead>(await patch(admin, `/api/leads/${lead.id}/appointments/${appointment?.id ?? ''}`, { outcome: 'completed', notes: 'Roof needs work' }), 200);
    expect(done.appointments[0]).toMatchObject({ outcome: 'completed', notes: 'Roof needs work' });
    expect((await patch(admin, `/api/leads/${lead.id}/appointments/apt_missing`, { outcome: 'completed' })).status).toBe(404);

    const withOffer = await body<TLead>(await post(admin, `/api/leads/${lead.id}/offers`, { amount: 142_000 }), 201);
    const offer = withOffer.offers[0];
    expect(offer).toMatchObject({ amount: 142_000, status: 'pending', counter_amount: null });
    expect((await body<TProblem>(await patch(admin, `/api/leads/${lead.id}/offers/${offer?.id ?? ''}`, { status: 'countered' }), 400)).errors?.[0]?.field).toBe('counter_amount');
    const countered = await body<TLead>(await patch(admin, `/api/leads/${lead.id}/offers/${offer?.id ?? ''}`, { status: 'countered', counter_amount: 155_000 }), 200);
    expect(countered.offers[0]).toMatchObject({ status: 'countered', counter_amount: 155_000 });
    expect((await post(admin, `/api/leads/${lead.id}/offers`, { amount: 0 })).status).toBe(400);

    const timeline = await body<TPage<{ type: string; summary: string }>>(await admin.request(`/api/leads/${lead.id}/timeline?type=appointment,offer`), 200);
    expect(timeline.items.map((entry) => entry.summary)).toEqual([
      'Seller countered the offer of $142,000 at $155,000',
      'Offer of $142,000 made',
      'Appointment completed',
      // New organisations keep time in America/New_York.
      expect.stringMatching(/^Appointment Mon, May 4, 11:00 AM at 77 Mesquite Dr/),
    ]);
  });

  it("computes the MAO with the organisation's factor, or the one asked for", async () => {
    const { admin } = await host.createOrganisation();
    await body(await patch(admin, '/api/tenants/current', { timezone: 'America/Chicago', settings: { mao_factor: 0.75 } }), 200);
    const lead = await createLead(admin, { first_name: 'Ivy' });
    const mao = await body<{ mao: number; factor: number; explanation: string }>(await post(admin, `/api/leads/${lead.id}/mao`, { arv: 200_000, repairs: 25_000, desired_fee: 10_000 }), 200);
    expect(mao).toMatchObject({ mao: 115_000, factor: 0.75, explanation: '$200,000 × 75% − $25,000 − $10,000 = $115,000' });
    expect((await body<{ mao: number }>(await post(admin, '/api/leads/mao', { arv: 200_000, repairs: 25_000, factor: 0.7 }), 200)).mao).toBe(105_000);
    expect((await post(admin, '/api/leads/mao', { arv: 200_000, factor: 2 })).status).toBe(400);
  });
});

describe('bulk actions', () => {
  it('assigns, tags and moves a selection, reporting what it skipped', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const a = await createLead(admin, { first_name: 'A' });
    const b = await createLead(admin, { first_name: 'B', tags: ['vacant'] });
    const c = await createLead(admin, { first_name: 'C' });
    await body(await post(admin, `/api/leads/${c.id}/status`, { status: 'qualified' }), 200);

    const assigned = await body<{ updated: string[] }>(await post(admin, '/api/leads/bulk', { ids: [a.id, b.id], action: { type: 'assign', assigned_to: rep.uid } }), 200);
    expect(assigned.updated.sort()).toEqual([a.id, b.id].sort());
    expect((await listIds(rep, '?assigned_to=me')).sort()).toEqual([a.id, b.id].sort());
    expect((await body<{ items: { title: string }[] }>(await rep.request('/api/notifications'), 200)).items[0]?.title).toBe('2 leads assigned to you');

    const tagged = await body<{ updated: string[]; skipped: { id: string; code: string }[] }>(
      await post(admin, '/api/leads/bulk', { ids: [a.id, b.id, 'ld_unknown'], action: { type: 'tag', add: ['vacant'], remove: [] } }),
      200,
    );
    expect(tagged).toEqual({ updated: [a.id], skipped: expect.arrayContaining([{ id: 'ld_unknown', code: 'not_found', detail: 'Lead not found' }, expect.objectContaining({ id: b.id, code: 'unchanged' })]) });
    await body(await post(admin, '/api/leads/bulk', { ids: [a.id, b.id], action: { type: 'tag', remove: ['vacant'] } }), 200);
    expect(await listIds(admin, '?tag=vacant')).toEqual([]);

    const moved = await body<{ updated: string[]; skipped: { id: string; code: string }[] }>(
      await post(admin, '/api/leads/bulk', { ids: [a.id, c.id], action: { type: 'status', status: 'contacted' } }),
      200,
    );
    expect(moved.updated).toEqual([a.id]);
    expect(moved.skipped).toEqual([expect.objectContaining({ id: c.id, code: 'conflict' })]);
    expect((await post(admin, '/api/leads/bulk', { ids: [a.id], action: { type: 'status', status: 'lost' } })).status).toBe(400);
  });

  it("keeps a rep's bulk action to their own and unassigned leads", async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const other = await host.addMember(admin, 'acquisition_rep');
    const theirs = await createLead(admin, { first_name: 'Theirs', assigned_to: other.uid });
    const free = await createLead(admin, { first_name: 'Free' });
    const result = await body<{ updated: string[]; skipped: { id: string; code: string }[] }>(
      await post(rep, '/api/leads/bulk', { ids: [theirs.id, free.id], action: { type: 'assign', assigned_to: rep.uid } }),
      200,
    );
    expect(result.updated).toEqual([free.id]);
    expect(result.skipped).toEqual([expect.objectContaining({ id: theirs.id, code: 'not_found' })]);
    expect((await post(rep, '/api/leads/bulk', { ids: [free.id], action: { type: 'assign', assigned_to: other.uid } })).status).toBe(403);
  });
});

describe('deleting a lead', () => {
  it('is for admins, and takes the lead’s follow-ups and timeline with it', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const lead = await createLead(admin, { first_name: 'Gone' });
    await body(await post(admin, '/api/follow-ups', { title: 'Call back', due_at: '2030-01-01T15:00:00Z', lead_id: lead.id }), 201);
    expect((await rep.request(`/api/leads/${lead.id}`, { method: 'DELETE' })).status).toBe(403);
    await body(await admin.request(`/api/leads/${lead.id}`, { method: 'DELETE' }), 204);
    expect((await admin.request(`/api/leads/${lead.id}`)).status).toBe(404);
    expect((await admin.request(`/api/leads/${lead.id}`, { method: 'DELETE' })).status).toBe(404);
    const followUps = await body<TPage<unknown>>(await admin.request('/api/follow-ups'), 200);
    expect(followUps.items).toEqual([]);
  });
});

describe('who may see and change which lead', () => {
  let admin: TTestSession;
  let rep: TTestSession;
  let otherRep: TTestSession;
  let dispo: TTestSession;
  let executive: TTestSession;
  let mine: TLead;
  let theirs: TLead;
  let unassigned: TLead;
  beforeAll(async () => {
    ({ admin } = await host.createOrganisation());
    [rep, otherRep, dispo, executive] = await Promise.all([
      host.addMember(admin, 'acquisition_rep'),
      host.addMember(admin, 'acquisition_rep'),
      host.addMember(admin, 'disposition_manager'),
      host.addMember(admin, 'executive'),
    ]);
    mine = await createLead(rep, { first_name: 'Mine' });
    theirs = await createLead(otherRep, { first_name: 'Theirs' });
    unassigned = await createLead(admin, { first_name: 'Nobody’s' });
  });

  it('shows a rep their leads and unassigned ones, and nobody else’s', async () => {
    expect((await listIds(rep)).sort()).toEqual([mine.id, unassigned.id].sort());
    expect(await listIds(rep, `?assigned_to=${otherRep.uid}`)).toEqual([]);
    expect((await rep.request(`/api/leads/${theirs.id}`)).status).toBe(404);
    expect((await rep.request(`/api/leads/${theirs.id}/timeline`)).status).toBe(404);
  });

  it("does not let a rep edit, move, annotate or book on another rep's lead", async () => {
    for (const [method, path, json] of [
      ['PATCH', '', { first_name: 'Hijacked' }],
      ['POST', '/status', { status: 'contacted' }],
      ['POST', '/notes', { body: 'hello' }],
      ['POST', '/appointments', { scheduled_at: '2030-01-01T10:00:00Z' }],
      ['POST', '/offers', { amount: 1000 }],
    ] as const) {
      expect((await rep.request(`/api/leads/${theirs.id}${path}`, { method, json })).status, `${method} ${path}`).toBe(404);
    }
    expect((await body<TLead>(await otherRep.request(`/api/leads/${theirs.id}`), 200)).first_name).toBe('Theirs');
  });

  it('lets a rep take an unassigned lead but not hand it to someone else', async () => {
    const lead = await createLead(admin, { first_name: 'Claimable' });
    expect((await patch(rep, `/api/leads/${lead.id}`, { assigned_to: otherRep.uid })).status).toBe(403);
    await body(await patch(rep, `/api/leads/${lead.id}`, { assigned_to: rep.uid }), 200);
    expect((await otherRep.request(`/api/leads/${lead.id}`)).status).toBe(404);
  });

  it('lets disposition managers and executives read every lead and change none', async () => {
    for (const reader of [dispo, executive]) {
      expect((await listIds(reader)).length).toBeGreaterThanOrEqual(3);
      expect((await reader.request(`/api/leads/${theirs.id}`)).status).toBe(200);
      expect((await reader.request(`/api/leads/${theirs.id}/timeline`)).status).toBe(200);
      for (const [method, path, json] of [
        ['POST', '/api/leads', { first_name: 'Nope' }],
        ['PATCH', `/api/leads/${theirs.id}`, { first_name: 'Nope' }],
        ['POST', `/api/leads/${theirs.id}/status`, { status: 'contacted' }],
        ['POST', `/api/leads/${theirs.id}/notes`, { body: 'Nope' }],
        ['POST', '/api/leads/bulk', { ids: [theirs.id], action: { type: 'tag', add: ['x'] } }],
        ['DELETE', `/api/leads/${theirs.id}`, undefined],
      ] as const) {
        const response = await reader.request(path, { method, ...(json ? { json } : {}) });
        expect(response.status, `${method} ${path}`).toBe(403);
      }
    }
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organisation's lead on every route", async () => {
    const a = await host.createOrganisation('Tenant A');
    const b = await host.createOrganisation('Tenant B');
    const lead = await createLead(b.admin, { first_name: 'Private', phone: '512-555-0177' });
    const offer = (await body<TLead>(await post(b.admin, `/api/leads/${lead.id}/offers`, { amount: 1000 }), 201)).offers[0]?.id ?? '';
    for (const [method, path, json] of [
      ['GET', '', undefined],
      ['PATCH', '', { first_name: 'Stolen' }],
      ['DELETE', '', undefined],
      ['POST', '/status', { status: 'contacted' }],
      ['POST', '/notes', { body: 'hello' }],
      ['GET', '/timeline', undefined],
      ['POST', '/appointments', { scheduled_at: '2030-01-01T10:00:00Z' }],
      ['PATCH', `/offers/${offer}`, { status: 'accepted' }],
      ['POST', '/mao', { arv: 100_000 }],
    ] as const) {
      const response = await a.admin.request(`/api/leads/${lead.id}${path}`, { method, ...(json ? { json } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const bulk = await body<{ updated: string[] }>(await post(a.admin, '/api/leads/bulk', { ids: [lead.id], action: { type: 'tag', add: ['x'] } }), 200);
    expect(bulk.updated).toEqual([]);
    // A's duplicate check and search do not see B's lead either.
    await body(await post(a.admin, '/api/leads', { first_name: 'Same phone', phone: '512-555-0177' }), 201);
    expect(await listIds(a.admin, '?q=private')).toEqual([]);
    const untouched = await body<TLead>(await b.admin.request(`/api/leads/${lead.id}`), 200);
    expect(untouched).toMatchObject({ first_name: 'Private', status: 'new', tags: [] });
    expect(untouched.offers[0]?.status).toBe('pending');
  });
});
