import { createEventPublisher } from '../events/event-publisher.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import type { TServiceContext, TSystemContext } from './service-context.ts';

/**
 * A service context acting as the system in one tenant, for work no signed-in person asked
 * for: provider webhooks (actor `twilio`), jobs. It has an admin's reach, like the jobs
 * worker's `forTenant`.
 */
export function tenantSystemContext(system: TSystemContext, tenant: TTenantRecord, actor: string, name = 'DealCycle'): TServiceContext {
  return {
    principal: { uid: actor, email: '', tenantId: tenant._id, role: 'admin', name },
    tenant,
    db: bindTenant(system.db, tenant._id),
    events: createEventPublisher(system.ports.queue, tenant._id, system.ports.clock),
    ports: system.ports,
    log: system.log,
  };
}
