import type { TIdentity, TRole } from '../auth/principal.ts';

/** Custom claims set on a Firebase user (≤ 1000 bytes). */
export interface TMembershipClaims {
  tenant_id: string;
  role: TRole;
}

/** A verified caller with the membership claims their token carried (possibly stale). */
export type TVerifiedIdentity = TIdentity & { claims: Partial<TMembershipClaims> };

/**
 * Firebase Auth through `firebase-admin`: the production project, or the Auth emulator
 * locally (same adapter, `FIREBASE_AUTH_EMULATOR_HOST` set).
 */
export interface TIdentityProvider {
  /** Verifies a Firebase ID token; throws `AppError('unauthenticated')` when it is not valid. */
  verifyIdToken(token: string): Promise<TVerifiedIdentity>;
  setMembershipClaims(uid: string, claims: TMembershipClaims | null): Promise<void>;
  /** Disables sign-in and revokes refresh tokens (deactivated users). */
  setDisabled(uid: string, disabled: boolean): Promise<void>;
}
