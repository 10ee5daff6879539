import type { TPrincipal, TRole } from '../../shared/auth/principal.ts';
import type { TServiceContext, TServicePorts } from '../../shared/context/service-context.ts';
import type { TDomainEvent } from '../../shared/events/domain-event.ts';
import { INDEXES } from '../../shared/indexes.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { createManualClock, type TManualClock } from './manual-clock.ts';

/**
 * Domain services called directly, as other capabilities call them (deals → changeLeadStatus),
 * on an in-memory embedded store with the declared indexes. Events are recorded, not queued.
 */
export interface TServiceWorld {
  db: TDatabase;
  clock: TManualClock;
  tenant: TTenantRecord;
  events: Omit<TDomainEvent, 'id' | 'occurred_at' | 'tenant_id'>[];
  /** A member of the tenant with this role (stored as an active user) and their service context. */
  member(role: TRole, uid?: string): Promise<TServiceContext>;
}

const unavailable = (port: string) => () => Promise.reject(new Error(`${port} is not available in service tests`));

export async function createServiceWorld(options: { tenantId?: string; timezone?: string; clock?: TManualClock } = {}): Promise<TServiceWorld> {
  const db = await openEmbeddedDatabase();
  await applyIndexes(db, INDEXES);
  const clock = options.clock ?? createManualClock();
  const tenantId = options.tenantId ?? 'tnt_test';
  const now = clock.now();
  const tenant: TTenantRecord = {
    _id: tenantId,
    tenant_id: tenantId,
    name: 'Test Homes LLC',
    timezone: options.timezone ?? 'America/Chicago',
    plan: PLANS.trial,
    settings: { mao_factor: 0.7 },
    created_by: 'admin',
    created_at: now,
    updated_at: now,
  };
  await db.collection<TTenantRecord>('tenants').insertOne(tenant);
  const events: TServiceWorld['events'] = [];
  const ports: TServicePorts = {
    clock,
    queue: unavailable('queue'),
    idempotency: unavailable('idempotency'),
    rateLimiter: unavailable('rateLimiter'),
    secrets: unavailable('secrets'),
    email: unavailable('email'),
    identity: unavailable('identity'),
    blobs: unavailable('blobs'),
    telephony: unavailable('telephony'),
    ai: async () => null,
  };
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  let counter = 0;
  return {
    db,
    clock,
    tenant,
    events,
    async member(role, uid = `${role}-${++counter}`) {
      const user: TUserRecord = { _id: uid, tenant_id: tenantId, email: `${uid}@example.test`, name: uid, role, status: 'active', weekly_report: false, created_at: now, updated_at: now, last_seen_at: null };
      if (!(await db.collection<TUserRecord>('users').findOne({ _id: uid }))) await db.collection<TUserRecord>('users').insertOne(user);
      const principal: TPrincipal = { uid, email: user.email, tenantId, role, name: uid };
      return {
        principal,
        tenant,
        db: bindTenant(db, tenantId),
        events: { publish: async (event) => void events.push(event) },
        ports,
        log: silent,
      };
    },
  };
}
