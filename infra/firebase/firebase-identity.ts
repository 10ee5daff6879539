import type { App } from 'firebase-admin/app';
import type { TRole } from '../../shared/auth/principal.ts';
import { ROLES } from '../../shared/auth/principal.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import type { TIdentityProvider, TMembershipClaims, TVerifiedIdentity } from '../../shared/ports/identity.ts';

/**
 * Firebase Auth through `firebase-admin`. The same code serves production and the Auth
 * emulator: with `FIREBASE_AUTH_EMULATOR_HOST` set, the SDK accepts the emulator's unsigned
 * tokens (it still checks audience, issuer and that the account exists there).
 */
export async function createFirebaseIdentity(options: { projectId: string; emulatorHost?: string | undefined }): Promise<TIdentityProvider> {
  // firebase-admin reads the emulator address only from the environment.
  // eslint-disable-next-line no-restricted-syntax
  if (options.emulatorHost) process.env.FIREBASE_AUTH_EMULATOR_HOST = options.emulatorHost;
  const { initializeApp, getApps } = await import('firebase-admin/app');
  const { getAuth } = await import('firebase-admin/auth');
  const name = `dealcycle-${options.projectId}`;
  const app: App = getApps().find((candidate) => candidate.name === name) ?? initializeApp({ projectId: options.projectId }, name);
  const auth = getAuth(app);
  const verified = new Map<string, { identity: TVerifiedIdentity; expiresAt: number }>();

  return {
    async verifyIdToken(token) {
      const now = Date.now();
      const cached = verified.get(token);
      if (cached && cached.expiresAt > now) return cached.identity;
      const identity = await verify(token);
      remember(verified, token, identity, now);
      return identity;
    },

    async setMembershipClaims(uid, claims: TMembershipClaims | null) {
      await auth.setCustomUserClaims(uid, claims ? { tenant_id: claims.tenant_id, role: claims.role } : null);
    },

    async setDisabled(uid, disabled) {
      await auth.updateUser(uid, { disabled });
      if (disabled) await auth.revokeRefreshTokens(uid);
    },
  };

  async function verify(token: string): Promise<TVerifiedIdentity & { expiresAt: number }> {
    let decoded: Awaited<ReturnType<typeof auth.verifyIdToken>>;
    try {
      decoded = await auth.verifyIdToken(token);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      // A disabled account is known but refused: the same answer the user record gives a deactivated member.
      if (code === 'auth/user-disabled') {
        throw new AppError('forbidden', 'Your account has been deactivated. Ask an admin of your organisation.', { cause: error, extensions: { deactivated: true } });
      }
      const detail = code === 'auth/id-token-expired' ? 'Your session expired; sign in again' : 'The ID token is not valid; sign in again';
      throw new AppError('unauthenticated', detail, { cause: error, extensions: { reason: code || 'invalid_token' } });
    }
    const role = typeof decoded.role === 'string' && (ROLES as readonly string[]).includes(decoded.role) ? (decoded.role as TRole) : undefined;
    const email = (decoded.email ?? '').toLowerCase();
    return {
      expiresAt: decoded.exp * 1000,
      uid: decoded.uid,
      email,
      emailVerified: decoded.email_verified === true,
      name: typeof decoded.name === 'string' && decoded.name ? decoded.name : email.split('@')[0] || 'New user',
      ...(typeof decoded.picture === 'string' ? { picture: decoded.picture } : {}),
      claims: {
        ...(typeof decoded.tenant_id === 'string' ? { tenant_id: decoded.tenant_id } : {}),
        ...(role ? { role } : {}),
      },
    };
  }
}

const CACHE_SECONDS = 60;
const CACHE_ENTRIES = 10_000;

/**
 * Verified tokens are remembered for a minute (never past their expiry): in production this
 * saves the signature check, against the emulator a lookup round trip per request. It is
 * safe because membership and deactivation are checked against the user record on every
 * request, not the token.
 */
function remember(cache: Map<string, { identity: TVerifiedIdentity; expiresAt: number }>, token: string, identity: TVerifiedIdentity & { expiresAt: number }, now: number): void {
  const { expiresAt, ...rest } = identity;
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(token, { identity: rest, expiresAt: Math.min(expiresAt, now + CACHE_SECONDS * 1000) });
}
