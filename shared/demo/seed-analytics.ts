import { addDays, dayOf, monthOf } from '../analytics/day-range.ts';
import { rollupAnalytics } from '../analytics/rollups/rollup-analytics.ts';
import type { TMarketingSpendRecord } from '../analytics/spend/marketing-spend-record.ts';
import { spendId } from '../analytics/spend/marketing-spend-record.ts';
import { SYSTEM_ACTOR } from '../auth/system-principal.ts';
import type { TSystemContext } from '../context/service-context.ts';
import { createEventPublisher } from '../events/event-publisher.ts';
import type { TLeadSource } from '../leads/lead.constants.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';
import { createDemoRandom } from './demo-random.ts';

/** Monthly budget ranges per paid source, in dollars (a Texas wholesaler doing ~60 leads a month). */
const BUDGETS: readonly [TLeadSource, number, number][] = [
  ['direct_mail', 5_500, 8_500],
  ['ppc', 2_200, 3_800],
  ['sms_marketing', 900, 1_800],
  ['cold_calling', 1_400, 2_400],
  ['driving_for_dollars', 300, 700],
  ['bandit_signs', 150, 400],
  ['seo', 500, 900],
  ['referral', 0, 1_000],
];
export const DEMO_SPEND_MONTHS = 6;
/** Days rolled up: the seeded leads span about four months; spend six. */
const ROLLUP_DAYS = 190;

/**
 * Marketing spend per source for the current month and the five before it, then the
 * `analytics_daily` rollups of the seeded past so the dashboards open on rollups. Runs after
 * the CRM seeders (it reads their records).
 */
export async function seedAnalytics(system: TSystemContext): Promise<void> {
  const tenant = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: DEMO_TENANT_ID });
  if (!tenant) return;
  const now = system.ports.clock.now();
  const random = createDemoRandom(2_604);
  const thisMonth = monthOf(dayOf(now, tenant.timezone));
  const months: string[] = [];
  for (let back = DEMO_SPEND_MONTHS - 1; back >= 0; back--) {
    const [year, month] = thisMonth.split('-').map(Number) as [number, number];
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  const spend: TMarketingSpendRecord[] = months.flatMap((month) =>
    BUDGETS.map(([source, low, high]) => ({
      _id: spendId(DEMO_TENANT_ID, source, month),
      tenant_id: DEMO_TENANT_ID,
      source,
      month,
      amount: Math.round((low + random.next() * (high - low)) / 50) * 50,
      notes: source === 'direct_mail' ? 'Absentee owners + tax delinquent lists' : '',
      updated_by: 'demo-admin',
      created_at: now,
      updated_at: now,
    })),
  );
  await system.db.collection<TMarketingSpendRecord>('marketing_spend').insertMany(spend);

  const ctx = {
    principal: { uid: SYSTEM_ACTOR, email: '', tenantId: DEMO_TENANT_ID, role: 'admin' as const, name: 'DealCycle' },
    tenant,
    db: bindTenant(system.db, DEMO_TENANT_ID),
    events: createEventPublisher(system.ports.queue, DEMO_TENANT_ID, system.ports.clock),
    ports: system.ports,
    log: system.log,
  };
  const yesterday = addDays(dayOf(now, tenant.timezone), -1);
  await rollupAnalytics(ctx, { from: addDays(yesterday, -(ROLLUP_DAYS - 1)), to: yesterday });
  system.log.info({ spend: spend.length, days: ROLLUP_DAYS }, 'Demo marketing spend seeded and analytics rolled up');
}
