import type { BrowserContext, Route } from 'playwright-core';
import type { TRole } from '../../../shared/auth/principal.ts';
import type { TTenant } from '../../../shared/tenants/tenant.schemas.ts';
import type { TInvite, TMeResponse, TUser } from '../../../shared/users/user.schemas.ts';

const NOW = '2026-11-02T15:00:00.000Z';

export const fixtureTenant: TTenant = {
  id: 'tnt_demo',
  name: 'Sunrise Home Buyers',
  timezone: 'America/Chicago',
  plan: { name: 'trial', limits: { max_users: 5, max_leads: 2500 }, features: { sms: true, calls: true, ai: true, automation: true, advanced_analytics: false } },
  settings: { mao_factor: 0.7 },
  created_at: NOW,
};

export function fixtureUser(role: TRole, overrides: Partial<TUser> = {}): TUser {
  return { id: `usr_${role}`, email: `${role.replace('_', '.')}@sunrise.test`, name: `Demo ${role.replace('_', ' ')}`, role, status: 'active', created_at: NOW, last_seen_at: NOW, ...overrides };
}

export function fixtureMe(role: TRole | null): TMeResponse {
  const user = role ? fixtureUser(role) : null;
  return {
    identity: { uid: user?.id ?? 'uid_new', email: user?.email ?? 'newcomer@sunrise.test', name: user?.name ?? 'New Comer' },
    user,
    tenant: role ? fixtureTenant : null,
    claimsChanged: false,
  };
}

export const fixtureInvites: TInvite[] = [
  { id: 'inv_1', email: 'casey@sunrise.test', role: 'disposition_manager', status: 'pending', invited_by: 'usr_admin', created_at: NOW, expires_at: '2026-11-16T15:00:00.000Z' },
];

/**
 * A signed-in person without the real sign-in: a session whose ID token expires far in the
 * future (the static site never verifies it) and the cached profile the chrome reads first.
 */
export async function signInAs(context: BrowserContext, role: TRole | null): Promise<void> {
  const me = fixtureMe(role);
  const session = { idToken: 'fixture-id-token', refreshToken: 'fixture-refresh-token', expiresAt: Date.parse('2099-01-01T00:00:00Z'), uid: me.identity.uid, email: me.identity.email };
  const profile = me.user ? { name: me.user.name, email: me.user.email, role: me.user.role, tenantName: fixtureTenant.name } : null;
  await context.addInitScript(
    ([sessionJson, profileJson]) => {
      // Once per browser context, so signing out sticks.
      if (localStorage.getItem('dc.fixture-seeded')) return;
      localStorage.setItem('dc.fixture-seeded', '1');
      localStorage.setItem('dc.session', sessionJson);
      if (profileJson !== 'null') localStorage.setItem('dc.profile', profileJson);
    },
    [JSON.stringify(session), JSON.stringify(profile)] as const,
  );
}

const json = (route: Route, status: number, body: unknown) =>
  route.fulfill({ status, contentType: status >= 400 ? 'application/problem+json' : 'application/json', body: JSON.stringify(body) });

/**
 * Answers the API calls the portal shell makes (`/api/users/me`, team endpoints) from fixtures in
 * the browser; everything else (search, notifications) keeps the static site's 404, which the
 * portal must handle quietly until those features land.
 */
export async function routeShellApi(context: BrowserContext, role: TRole | null, users: TUser[] = role ? [fixtureUser(role), fixtureUser('acquisition_rep', { name: 'Riley Rep', email: 'riley@sunrise.test' })] : []): Promise<void> {
  await context.route('**/api/users/me', (route) => json(route, 200, fixtureMe(role)));
  await context.route('**/api/users?*', (route) => json(route, 200, { items: users, nextCursor: null }));
  await context.route('**/api/users/invites', (route) => json(route, 200, { items: fixtureInvites }));
  await context.route('**/api/notifications', (route) => json(route, 200, { items: [], unread: 0 }));
}
