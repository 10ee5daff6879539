import type { TIdentity } from '../auth/principal.ts';
import type { TSystemContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { PLANS } from './plans.ts';
import type { TCreateTenantRequest, TTenant } from './tenant.schemas.ts';
import { toTenant, type TTenantRecord } from './tenant-record.ts';
import { assertTimeZone } from './time-zone.ts';

export const DEFAULT_TIMEZONE = 'America/New_York';
export const DEFAULT_MAO_FACTOR = 0.7;

/** A signed-in person without an organisation creates one on the trial plan and becomes its admin. */
export async function createTenant(system: TSystemContext, identity: TIdentity, input: TCreateTenantRequest): Promise<TTenant> {
  const timezone = input.timezone ? assertTimeZone(input.timezone) : DEFAULT_TIMEZONE;
  const now = system.ports.clock.now();
  const tenantId = newId('tnt', now);
  const user: TUserRecord = {
    _id: identity.uid,
    tenant_id: tenantId,
    email: identity.email,
    name: identity.name,
    role: 'admin',
    status: 'active',
    weekly_report: true,
    created_at: now,
    updated_at: now,
    last_seen_at: now,
  };
  // The user record goes first: its unique _id (the uid) makes a double submit fail before a second tenant exists.
  try {
    await system.db.collection<TUserRecord>('users').insertOne(user);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', 'You already belong to an organisation');
    throw error;
  }
  const tenant: TTenantRecord = {
    _id: tenantId,
    tenant_id: tenantId,
    name: input.name,
    timezone,
    plan: PLANS.trial,
    settings: { mao_factor: DEFAULT_MAO_FACTOR },
    created_by: identity.uid,
    created_at: now,
    updated_at: now,
  };
  await system.db.collection<TTenantRecord>('tenants').insertOne(tenant);
  await (await system.ports.identity()).setMembershipClaims(identity.uid, { tenant_id: tenantId, role: 'admin' });
  system.log.info({ tenant_id: tenantId, uid: identity.uid }, 'Organisation created');
  return toTenant(tenant);
}
