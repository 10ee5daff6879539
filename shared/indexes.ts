import type { TIndexSpec } from './ports/document-store.ts';

/** Index declarations per collection, applied by `npm run db:indexes` and at local start. */
export type TIndexDeclarations = Readonly<Record<string, readonly TIndexSpec[]>>;

/**
 * Every index DealCycle relies on, declared in code (see infra/store/apply-indexes.ts).
 * Indexes start with `tenant_id`, because every tenant-bound query filters on it, except the few
 * global lookups that happen before a tenant is known (marked below). `_id` is always indexed.
 * Add an entry next to the queries that need it; names default to MongoDB's (`tenant_id_1_role_1`).
 */
export const INDEXES: TIndexDeclarations = {
  tenants: [],
  users: [
    // Global: sign-in and invitations find a user by email before a tenant is known.
    { keys: { email: 1 } },
    { keys: { tenant_id: 1, role: 1 } },
  ],
  invites: [
    // Global: accepting an invite looks it up by the invitee's email.
    { keys: { email: 1, status: 1 } },
    { keys: { tenant_id: 1, created_at: -1 } },
  ],
};
