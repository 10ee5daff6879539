import type { TSystemContext } from '../context/service-context.ts';
import type { TVerifiedIdentity } from '../ports/identity.ts';
import type { TIdentity } from '../auth/principal.ts';
import { toTenant, type TTenantRecord } from '../tenants/tenant-record.ts';
import type { TMeResponse } from './user.schemas.ts';
import { toUser, type TInviteRecord, type TUserRecord } from './user-record.ts';

/**
 * Who the signed-in person is. An invited email without a membership joins the inviting
 * organisation here, on first sign-in, with the invited role. When the membership differs
 * from the token's claims, the claims are rewritten and the client told to refresh.
 */
export async function getMe(system: TSystemContext, identity: TVerifiedIdentity): Promise<TMeResponse> {
  const users = system.db.collection<TUserRecord>('users');
  const now = system.ports.clock.now();
  let user = await users.findOne({ _id: identity.uid });
  if (!user && identity.emailVerified) user = await acceptPendingInvite(system, identity, now);

  const summary = { uid: identity.uid, email: identity.email, name: user?.name ?? identity.name };
  if (!user) return { identity: summary, user: null, tenant: null, claimsChanged: false };

  const tenant = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: user.tenant_id });
  await users.updateOne({ _id: user._id }, { $set: { last_seen_at: now } });
  const claimsChanged = identity.claims.tenant_id !== user.tenant_id || identity.claims.role !== user.role;
  if (claimsChanged && user.status === 'active') {
    await (await system.ports.identity()).setMembershipClaims(user._id, { tenant_id: user.tenant_id, role: user.role });
  }
  return { identity: summary, user: toUser(user), tenant: tenant ? toTenant(tenant) : null, claimsChanged };
}

async function acceptPendingInvite(system: TSystemContext, identity: TIdentity, now: Date): Promise<TUserRecord | null> {
  const invites = system.db.collection<TInviteRecord>('invites');
  const invite = await invites.findOne({ email: identity.email, status: 'pending', expires_at: { $gt: now } }, { sort: { created_at: -1 } });
  if (!invite) return null;
  const user: TUserRecord = {
    _id: identity.uid,
    tenant_id: invite.tenant_id,
    email: identity.email,
    name: identity.name,
    role: invite.role,
    status: 'active',
    weekly_report: invite.role === 'executive' || invite.role === 'admin',
    created_at: now,
    updated_at: now,
    last_seen_at: now,
  };
  // A concurrent first request may have joined already; the unique uid keeps one membership.
  const result = await system.db.collection<TUserRecord>('users').updateOne({ _id: identity.uid }, { $setOnInsert: user }, { upsert: true });
  if (result.upsertedCount === 0) return system.db.collection<TUserRecord>('users').findOne({ _id: identity.uid });
  await invites.updateOne({ _id: invite._id }, { $set: { status: 'accepted', accepted_by: identity.uid } });
  system.log.info({ tenant_id: invite.tenant_id, uid: identity.uid, role: invite.role }, 'Invite accepted');
  return user;
}
