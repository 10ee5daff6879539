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
  // Sort indexes end in `_id` (the keyset tie-break) and ascend: both stores walk them backwards for `desc`.
  leads: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, updated_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, last_contacted: 1, _id: 1 } },
    { keys: { tenant_id: 1, estimated_value: 1, _id: 1 } },
    { keys: { tenant_id: 1, lead_score: 1, _id: 1 } },
    { keys: { tenant_id: 1, full_name: 1, _id: 1 } },
    // Filters, each followed by the default sort.
    { keys: { tenant_id: 1, status: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, assigned_to: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, source: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, property_type: 1, created_at: 1, _id: 1 } },
    // Multikey: tag filter and `q` prefix search (shared/search/search-tokens.ts).
    { keys: { tenant_id: 1, tags: 1 } },
    { keys: { tenant_id: 1, search_tokens: 1 } },
    // Duplicate detection on create and import; inbound messages find the lead by phone.
    { keys: { tenant_id: 1, phone: 1 } },
    { keys: { tenant_id: 1, other_phones: 1 } },
    { keys: { tenant_id: 1, email: 1 } },
    { keys: { tenant_id: 1, address_key: 1 } },
    // Analytics (shared/analytics/families): events by their own timestamps; multikey for histories, appointments, offers.
    { keys: { tenant_id: 1, 'status_history.at': 1 } },
    { keys: { tenant_id: 1, 'appointments.scheduled_at': 1 } },
    { keys: { tenant_id: 1, 'offers.offered_at': 1 } },
    { keys: { tenant_id: 1, first_contacted_at: 1 } },
  ],
  // A record's timeline, newest first.
  activities: [{ keys: { tenant_id: 1, 'subject.id': 1, at: 1, _id: 1 } }],
  follow_ups: [
    { keys: { tenant_id: 1, assigned_to: 1, done: 1, due_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, done: 1, due_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, lead_id: 1, due_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, deal_id: 1, due_at: 1, _id: 1 } },
    // Analytics: follow-ups done in a period.
    { keys: { tenant_id: 1, done_at: 1 } },
    // Global: the overdue scan looks across tenants for open follow-ups not yet notified.
    { keys: { done: 1, overdue_notified_at: 1, due_at: 1 } },
  ],
  // Analytics: messages and calls in a period; a deal's buyer messages (first-touch checks).
  communications: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, buyer_id: 1, created_at: 1 } },
    { keys: { tenant_id: 1, deal_id: 1, created_at: 1 } },
  ],
  deals: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, status: 1, closed_at: 1 } },
    { keys: { tenant_id: 1, status: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, updated_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, 'status_history.at': 1 } },
  ],
  analytics_daily: [{ keys: { tenant_id: 1, day: 1 } }],
  marketing_spend: [{ keys: { tenant_id: 1, month: 1, source: 1 } }],
  analytics_reports: [{ keys: { tenant_id: 1, updated_at: 1, _id: 1 } }],
  notifications: [
    { keys: { tenant_id: 1, user_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, user_id: 1, read: 1 } },
  ],
};
