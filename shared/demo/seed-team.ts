import type { TSystemContext } from '../context/service-context.ts';
import { PLANS } from '../tenants/plans.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { DEMO_ACCOUNTS, DEMO_TENANT_ID, DEMO_TENANT_NAME } from './demo-accounts.ts';

/** The demo organisation (growth plan, Central time) and one member per demo account. */
export async function seedTeam(system: TSystemContext): Promise<void> {
  const now = system.ports.clock.now();
  const joined = new Date(now.getTime() - 180 * 86_400_000);
  const tenant: TTenantRecord = {
    _id: DEMO_TENANT_ID,
    tenant_id: DEMO_TENANT_ID,
    name: DEMO_TENANT_NAME,
    timezone: 'America/Chicago',
    plan: PLANS.growth,
    settings: { mao_factor: 0.7 },
    created_by: 'demo-admin',
    created_at: joined,
    updated_at: joined,
  };
  await system.db.collection<TTenantRecord>('tenants').insertOne(tenant);
  await system.db.collection<TUserRecord>('users').insertMany(
    DEMO_ACCOUNTS.map((account, index) => ({
      _id: account.uid,
      tenant_id: DEMO_TENANT_ID,
      email: account.email,
      name: account.name,
      role: account.role,
      status: 'active',
      weekly_report: account.role === 'admin' || account.role === 'executive',
      phone: `+1512555014${index}`,
      created_at: joined,
      updated_at: joined,
      last_seen_at: null,
    })),
  );
}
