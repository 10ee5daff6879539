import type { TMeResponse } from '../../../shared/users/user.schemas.ts';
import { ApiError, type TApiClient } from './api-client.ts';
import { writeProfile } from './session.ts';

export type TMeOutcome = { kind: 'member'; me: TMeResponse } | { kind: 'onboarding'; me: TMeResponse } | { kind: 'deactivated' } | { kind: 'unavailable' };

/**
 * Asks the API who the signed-in person is (`GET /api/users/me`): a member (profile cached for the
 * chrome), someone still to onboard (`user: null`), or a deactivated account (403). An invited
 * person is joined by this very call. When the membership changed, the ID token is refreshed so
 * its claims carry the new tenant and role.
 */
export async function checkMe(client: TApiClient): Promise<TMeOutcome> {
  try {
    const me = await client.get<TMeResponse>('/api/users/me', { beforeMembership: true });
    if (me.claimsChanged) await client.refreshToken();
    if (!me.user) return { kind: 'onboarding', me };
    if (me.user.status === 'deactivated') return { kind: 'deactivated' };
    writeProfile({ name: me.user.name, email: me.user.email, role: me.user.role, tenantName: me.tenant?.name ?? null });
    return { kind: 'member', me };
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return { kind: 'deactivated' };
    if (error instanceof ApiError && error.status === 401) throw error;
    return { kind: 'unavailable' };
  }
}

export const initials = (name: string, email = ''): string => {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[1]?.[0] ?? '') : '')).toUpperCase();
};
