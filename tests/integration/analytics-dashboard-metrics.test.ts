import { beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TDashboardName } from '../../shared/analytics/analytics.schemas.ts';
import { buildDashboard, DASHBOARDS, dashboardMetrics } from '../../shared/analytics/build-dashboard.ts';
import type { TDashboardInput } from '../../shared/analytics/dashboard-parts.ts';
import { familiesFor } from '../../shared/analytics/metric-families.ts';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TServiceContext } from '../../shared/context/service-context.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import { generateAnalyticsFixture, insertFixture } from '../support/analytics-fixtures.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { createServiceWorld } from '../support/service-context.ts';

/**
 * Days computed live run only the families behind a dashboard's metrics (its KPIs' and its
 * charts' and tables' declared ones). A part that read a metric it did not declare would show
 * it from rolled-up days but not from live ones: each dashboard, for each role that sees it,
 * must equal the same dashboard computed with every family.
 */
const clock = createManualClock('2026-03-18T17:00:00.000Z');
const RANGES = [
  { from: '2026-02-17', to: '2026-03-18', compare: 'previous' as const },
  { from: '2025-12-19', to: '2026-03-18', compare: 'last_year' as const },
];
const viewers: Record<string, TServiceContext> = {};

beforeAll(async () => {
  const world = await createServiceWorld({ clock, timezone: 'America/Chicago' });
  // Growth: advanced analytics, so the sources table and cost KPIs are drawn too.
  world.tenant.plan = PLANS.growth;
  for (const role of ['admin', 'executive', 'acquisition_rep', 'disposition_manager'] as const) viewers[role] = await world.member(role, `${role}-1`);
  const fixture = generateAnalyticsFixture({ tenantId: world.tenant._id, now: clock.now(), days: 120, leads: 900, reps: ['acquisition_rep-1', 'admin-1', 'former-rep'], seed: 11 });
  await insertFixture(world.db, world.tenant._id, fixture);
});

const withoutTiming = (board: TDashboard) => ({ ...board, computed: { ...board.computed, ms: 0 } });

describe('dashboards computed from the families they declare', () => {
  const cases = (Object.keys(DASHBOARDS) as TDashboardName[]).flatMap((name) => DASHBOARDS[name].roles.map((role) => ({ name, role })));
  it.each(cases)('$name for $role equals the dashboard computed from every family', async ({ name, role }) => {
    const ctx = viewers[role as TRole] as TServiceContext;
    for (const range of RANGES) {
      const needed = await buildDashboard(ctx, name, { ...range, live: true });
      const every = await buildDashboard(ctx, name, { ...range, live: true }, { everyFamily: true });
      expect(withoutTiming(needed)).toEqual(withoutTiming(every));
      // The comparison means something only if the dashboard shows numbers.
      expect(every.kpis.filter((kpi) => (kpi.value ?? 0) !== 0).length, `${name} has figures`).toBeGreaterThan(2);
    }
  });

  it('skips the families a dashboard does not read', () => {
    const families = (name: TDashboardName, rep?: string) => familiesFor(dashboardMetrics(DASHBOARDS[name], { scope: rep ? { rep } : {} } as TDashboardInput)).map((family) => family.id);
    expect(families('disposition')).not.toContain('lead-stages');
    expect(families('disposition')).toContain('buyer-outreach');
    expect(families('executive')).not.toContain('buyer-outreach');
    expect(families('mobile', 'acquisition_rep-1')).toEqual(expect.arrayContaining(['communications', 'speed-to-lead', 'deal-contracts']));
    expect(families('mobile', 'acquisition_rep-1').length).toBeLessThan(6);
  });
});
