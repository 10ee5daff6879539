import type { TIdentity, TPrincipal } from '../auth/principal.ts';
import type { TSystemContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import type { TUserRecord } from './user-record.ts';

/**
 * Turns a verified identity into a principal. The user record, not the token's claims, is
 * the source of truth for tenant, role and status, so a role change or deactivation takes
 * effect on the next request instead of when the ID token expires.
 */
export async function resolveMembership(
  system: TSystemContext,
  identity: TIdentity,
  loadTenant: (tenantId: string) => Promise<TTenantRecord | null>,
): Promise<{ principal: TPrincipal; tenant: TTenantRecord; user: TUserRecord }> {
  const user = await system.db.collection<TUserRecord>('users').findOne({ _id: identity.uid });
  if (!user) {
    throw new AppError('forbidden', 'You are not a member of an organisation yet', { extensions: { onboarding: true } });
  }
  if (user.status !== 'active') throw new AppError('forbidden', 'Your account has been deactivated. Ask an admin of your organisation.', { extensions: { deactivated: true } });
  const tenant = await loadTenant(user.tenant_id);
  if (!tenant) throw new AppError('forbidden', 'Your organisation no longer exists');
  return {
    user,
    tenant,
    principal: { uid: user._id, email: user.email, tenantId: tenant._id, role: user.role, name: user.name },
  };
}
