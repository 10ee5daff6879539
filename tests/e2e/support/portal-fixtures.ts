import type { BrowserContext, Route } from 'playwright-core';
import type { TRole } from '../../../shared/auth/principal.ts';
import type { TBuyer } from '../../../shared/buyers/buyer.schemas.ts';
import type { TDeal, TDealSummary } from '../../../shared/deals/deal.schemas.ts';
import type { TFollowUp } from '../../../shared/follow-ups/follow-up.schemas.ts';
import type { TLead } from '../../../shared/leads/lead.schemas.ts';
import type { TTenant } from '../../../shared/tenants/tenant.schemas.ts';
import type { TInvite, TMeResponse, TUser } from '../../../shared/users/user.schemas.ts';
import { analyticsFixture, fixtureDashboard } from './analytics-fixtures.ts';
import { automationAiFixture } from './automation-ai-fixtures.ts';

const NOW = '2026-11-02T15:00:00.000Z';

export const fixtureTenant: TTenant = {
  id: 'tnt_demo',
  name: 'Sunrise Home Buyers',
  timezone: 'America/Chicago',
  plan: { name: 'trial', limits: { max_users: 5, max_leads: 2500, ai_model_calls_per_day: 200 }, features: { sms: true, calls: true, ai: true, automation: true, advanced_analytics: false } },
  settings: { mao_factor: 0.7 },
  created_at: NOW,
};

export function fixtureUser(role: TRole, overrides: Partial<TUser> = {}): TUser {
  return { id: `usr_${role}`, email: `${role.replace('_', '.')}@sunrise.test`, name: `Demo ${role.replace('_', ' ')}`, role, status: 'active', weekly_report: role === 'admin' || role === 'executive', created_at: NOW, last_seen_at: NOW, ...overrides };
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

/** The inbox links' unread badge, asked for on every app page. */
const fixtureInboxCounts = { unread_conversations: 3, unread_messages: 4, by_kind: { lead: 2, buyer: 1 } };

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
  await context.route('**/api/communications/inbox/counts', (route) => json(route, 200, fixtureInboxCounts));
  // Each role lands on its dashboard after sign-in: it has its figures too.
  await context.route('**/api/analytics/dashboards/*', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    return name === 'executive' || name === 'acquisitions' || name === 'disposition' || name === 'mobile' ? json(route, 200, fixtureDashboard(name)) : json(route, 404, { type: 'about:blank', title: 'Not Found', status: 404 });
  });
}

const fixtureLead = (id: string, first: string, last: string, status: TLead['status'], overrides: Partial<TLead> = {}): TLead => ({
  id,
  first_name: first,
  last_name: last,
  full_name: `${first} ${last}`,
  phone: '+15125550142',
  other_phones: [],
  email: null,
  address: { line1: '4102 Manchaca Rd', city: 'Austin', state: 'TX', zip: '78704' },
  mailing_address: null,
  property_type: 'single_family',
  estimated_value: 245_000,
  source: 'direct_mail',
  status,
  lost_reason: null,
  assigned_to: 'usr_admin',
  tags: ['vacant'],
  auto_tags: [],
  notes: '',
  lead_score: 72,
  ai_summary: null,
  last_contacted: NOW,
  first_contacted_at: NOW,
  communication_count: 2,
  status_history: [{ from: null, to: 'new', at: NOW, by: 'usr_admin' }],
  appointments: [],
  offers: [],
  created_by: 'usr_admin',
  created_at: NOW,
  updated_at: NOW,
  ...overrides,
});

export const fixtureLeads: TLead[] = [
  fixtureLead('ld_1', 'Maria', 'Gonzalez', 'new'),
  fixtureLead('ld_2', 'James', 'Walker', 'contacted', { assigned_to: null, lead_score: null }),
  fixtureLead('ld_3', 'Linda', 'Nguyen', 'qualified', { address: { line1: '811 W Mistletoe Ave', city: 'San Antonio', state: 'TX', zip: '78212' } }),
];

export const fixtureFollowUps: TFollowUp[] = [
  {
    id: 'fu_1',
    title: 'Call back about the roof estimate',
    due_at: NOW,
    assigned_to: 'usr_admin',
    lead_id: 'ld_1',
    deal_id: null,
    done: false,
    done_at: null,
    overdue: true,
    notes: '',
    subject: { kind: 'lead', id: 'ld_1', title: 'Maria Gonzalez', href: '/leads/detail?id=ld_1' },
    created_by: 'usr_admin',
    created_at: NOW,
    updated_at: NOW,
  },
];

export const fixtureBuyers: TBuyer[] = [
  {
    id: 'by_1',
    first_name: 'Tammy',
    last_name: 'Villarreal',
    full_name: 'Tammy Villarreal',
    company: 'Hill Country Holdings',
    phone: '+15125550177',
    email: 'tammy@hillcountry.test',
    buy_box: {
      property_types: ['single_family'],
      price_min: 80_000,
      price_max: 320_000,
      locations: { cities: ['Austin'], states: ['TX'], zips: [] },
      criteria: { strategies: ['flip'], financing: 'cash', max_repairs: 60_000, min_bedrooms: 2, notes: '' },
    },
    tags: ['fast closer'],
    notes: '',
    status: 'active',
    last_activity_at: NOW,
    created_at: NOW,
    updated_at: NOW,
  },
];

const mao = { arv: 300_000, repairs: 40_000, desired_fee: 15_000, factor: 0.7, mao: 155_000, explanation: '$300,000 × 70% − $40,000 − $15,000 = $155,000' };

export const fixtureDeals: TDeal[] = [
  {
    id: 'dl_1',
    lead_id: 'ld_3',
    title: '811 W Mistletoe Ave, San Antonio',
    property: { address: { line1: '811 W Mistletoe Ave', city: 'San Antonio', state: 'TX', zip: '78212' }, property_type: 'single_family' },
    seller_name: 'Linda Nguyen',
    contract_price: 150_000,
    arv: 300_000,
    repair_estimate: 40_000,
    asking_price: 165_000,
    projected_fee: 15_000,
    assignment_fee: null,
    buyer_id: null,
    status: 'marketing',
    status_history: [{ from: null, to: 'marketing', at: NOW, by: 'usr_admin' }],
    closing_date: '2026-12-01',
    marketing_started_at: NOW,
    assigned_at: null,
    closed_at: null,
    cancel_reason: null,
    notes: '',
    acquired_by: 'usr_admin',
    buyer: null,
    next_statuses: ['assigned', 'cancelled'],
    mao,
    created_at: NOW,
    updated_at: NOW,
  },
];

const dealSummary: TDealSummary = {
  by_status: { marketing: { count: 1, asking_total: 165_000, fees: 0 }, assigned: { count: 0, asking_total: 0, fees: 0 }, closed: { count: 0, asking_total: 0, fees: 0 }, cancelled: { count: 0, asking_total: 0, fees: 0 } },
  revenue: 0,
  closed: 0,
  average_fee: null,
  pending_fees: 0,
  projected_fees: 15_000,
};

const page = <T,>(items: T[]) => ({ items, nextCursor: null });

/** Reads the CRM pages make, by path: fixtures on the static site (the real API is exercised by the crm-*.test.ts files). */
const smsStats = { sent: 120, delivered: 117, failed: 2, undelivered: 1, pending: 0, received: 41, opt_outs: 1, delivery_rate: 0.975, failure_rate: 0.025, opt_out_rate: 0.008 };
const callStats = { outbound: 30, inbound: 8, answered: 31, missed: 2, minutes: 96.5 };
const fixtureConversations = [
  {
    contact: { kind: 'lead', id: 'ld_fixture_1', name: 'Avery Johnson', phone: '+15125550142' },
    assigned_to: 'usr_admin',
    tenant_number: '+15125550100',
    channels: ['sms', 'call'],
    last_message: { id: 'cm_fixture_1', channel: 'sms', direction: 'inbound', preview: 'Yes, call me after 5', status: 'received', at: NOW },
    last_at: NOW,
    unread_count: 2,
    message_count: 6,
  },
  {
    contact: { kind: 'buyer', id: 'by_fixture_1', name: 'Jordan Lee', phone: '+12105550177' },
    assigned_to: null,
    tenant_number: '+15125550100',
    channels: ['sms'],
    last_message: { id: 'cm_fixture_2', channel: 'sms', direction: 'outbound', preview: 'New deal: single family at 12 Oak St…', status: 'delivered', at: NOW },
    last_at: NOW,
    unread_count: 0,
    message_count: 1,
  },
];

/** The communications API (inbox, analytics, center tabs) as the portal's pages read it. */
const COMMUNICATIONS_FIXTURES: Record<string, unknown> = {
  '/api/communications/inbox': page(fixtureConversations),
  '/api/communications': page([]),
  '/api/communications/analytics': {
    from: '2026-10-04',
    to: '2026-11-02',
    time_zone: 'America/Chicago',
    numbers: [{ number: '+15125550100', label: 'Main line', sms: smsStats, calls: callStats }],
    totals: { sms: smsStats, calls: callStats },
  },
  '/api/communications/templates': page([]),
  '/api/communications/templates/fields': { items: [] },
  '/api/communications/numbers': { items: [] },
  '/api/communications/do-not-contact': page([]),
  '/api/communications/settings': { quiet_hours: { send_from: '09:00', send_until: '20:00' }, record_calls: true, keyword_replies: true, help_reply: '', voicemail_greeting: '', ring_seconds: 20 },
};

const CRM_FIXTURES: Record<string, unknown> = {
  ...COMMUNICATIONS_FIXTURES,
  '/api/leads': page(fixtureLeads),
  '/api/leads/counts': { total: 3, by_status: { new: 1, contacted: 1, qualified: 1 } },
  '/api/leads/assignees': { items: [{ id: 'usr_admin', name: 'Demo admin', role: 'admin' }] },
  '/api/leads/imports': page([]),
  '/api/follow-ups': page(fixtureFollowUps),
  '/api/follow-ups/summary': { overdue: 1, due_today: 0, next_due_at: NOW },
  '/api/buyers': page(fixtureBuyers),
  '/api/buyers/imports': page([]),
  '/api/deals': page(fixtureDeals),
  '/api/deals/summary': dealSummary,
  '/api/communications/inbox/counts': fixtureInboxCounts,
};

/** Answers the CRM, analytics, communications, automation and AI reads from fixtures, so every route renders data on the static site. */
export async function routeCrmApi(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => /^\/api\/(leads|follow-ups|buyers|deals|analytics|communications|automation)(\/|$)/.test(url.pathname),
    (route) => {
      const { pathname } = new URL(route.request().url());
      const fixture = automationAiFixture(route.request().method(), pathname, fixtureLeads) ?? analyticsFixture(route.request().method(), pathname);
      if (fixture !== null) return json(route, 200, fixture);
      if (route.request().method() !== 'GET') return json(route, 405, { type: 'about:blank', title: 'Fixture', status: 405, detail: 'Fixtures only answer reads' });
      if (pathname in CRM_FIXTURES) return json(route, 200, CRM_FIXTURES[pathname]);
      return json(route, 404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No fixture' });
    },
  );
}
