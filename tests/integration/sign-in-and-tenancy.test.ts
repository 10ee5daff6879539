import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TTestHost } from '../support/test-host.ts';

let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

describe('signing in and creating an organisation', () => {
  it('sends a new Google user to onboarding, then makes them admin of the organisation they create', async () => {
    const person = await host.signIn();
    const before = await (await person.request('/api/users/me')).json();
    expect(before).toMatchObject({ user: null, tenant: null, identity: { email: person.email } });

    const created = await person.request('/api/tenants', { method: 'POST', json: { name: 'Alamo Property Partners', timezone: 'America/Chicago' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Alamo Property Partners', timezone: 'America/Chicago', plan: { name: 'trial' } });

    await person.refresh();
    const claims = JSON.parse(Buffer.from(person.idToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ role: 'admin' });
    const after = await (await person.request('/api/users/me')).json();
    expect(after).toMatchObject({ user: { role: 'admin', status: 'active' }, tenant: { name: 'Alamo Property Partners' }, claimsChanged: false });
  });

  it('refuses a second organisation for the same person', async () => {
    const { admin } = await host.createOrganisation();
    const again = await admin.request('/api/tenants', { method: 'POST', json: { name: 'Second' } });
    expect(again.status).toBe(409);
  });

  it('joins an invited email with the invited role on first sign-in', async () => {
    const { admin, tenantId } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const me = (await (await rep.request('/api/users/me')).json()) as { user: { role: string }; tenant: { id: string } };
    expect(me.user.role).toBe('acquisition_rep');
    expect(me.tenant.id).toBe(tenantId);
    const invites = (await (await admin.request('/api/users/invites')).json()) as { items: unknown[] };
    expect(invites.items).toHaveLength(0);
  });
});

describe('roles and membership', () => {
  it('keeps team management to admins', async () => {
    const { admin } = await host.createOrganisation();
    const executive = await host.addMember(admin, 'executive');
    const response = await executive.request('/api/users');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { code: string }).code).toBe('forbidden');
  });

  it('answers 403 everywhere to a deactivated member, from the next request on', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    expect((await rep.request('/api/tenants/current')).status).toBe(200);
    const deactivated = await admin.request(`/api/users/${rep.uid}`, { method: 'PATCH', json: { status: 'deactivated' } });
    expect(deactivated.status).toBe(200);
    for (const path of ['/api/tenants/current', '/api/users/invites']) {
      const response = await rep.request(path);
      expect(response.status).toBe(403);
    }
  });

  it('never leaves an organisation without an active admin', async () => {
    const { admin } = await host.createOrganisation();
    const response = await admin.request(`/api/users/${admin.uid}`, { method: 'PATCH', json: { role: 'executive' } });
    expect(response.status).toBe(409);
  });

  it('counts members and pending invites against the plan seat limit', async () => {
    const { admin } = await host.createOrganisation();
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await admin.request('/api/users/invites', { method: 'POST', json: { email: `seat${index}-${Date.now()}@example.test`, role: 'acquisition_rep' } });
      statuses.push(response.status);
      if (response.status !== 201) {
        expect(((await response.json()) as { code: string }).code).toBe('plan_limit');
      }
    }
    // Trial: 5 seats, one taken by the admin.
    expect(statuses).toEqual([201, 201, 201, 201, 403]);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organisation's users and invites", async () => {
    const a = await host.createOrganisation('Tenant A');
    const b = await host.createOrganisation('Tenant B');
    const invite = (await (await b.admin.request('/api/users/invites', { method: 'POST', json: { email: `b-${Date.now()}@example.test`, role: 'executive' } })).json()) as { id: string };

    expect((await a.admin.request(`/api/users/invites/${invite.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await a.admin.request(`/api/users/${b.admin.uid}`, { method: 'PATCH', json: { role: 'executive' } })).status).toBe(404);
    // B's invite and admin are untouched.
    const bInvites = (await (await b.admin.request('/api/users/invites')).json()) as { items: { id: string }[] };
    expect(bInvites.items.map((item) => item.id)).toContain(invite.id);
    expect((await b.admin.request('/api/users')).status).toBe(200);
  });
});
