export const ROLES = ['admin', 'acquisition_rep', 'disposition_manager', 'executive'] as const;
export type TRole = (typeof ROLES)[number];

/** Who is calling: resolved once per request by the pipeline from the verified ID token and the user record. */
export interface TPrincipal {
  uid: string;
  email: string;
  tenantId: string;
  role: TRole;
  name: string;
}

/** A verified caller who may not belong to an organisation yet (onboarding). */
export interface TIdentity {
  uid: string;
  email: string;
  emailVerified: boolean;
  name: string;
  picture?: string;
}

/** Roles allowed to change data; executives only read. */
export const WRITER_ROLES: readonly TRole[] = ['admin', 'acquisition_rep', 'disposition_manager'];
export const ALL_ROLES: readonly TRole[] = ROLES;
