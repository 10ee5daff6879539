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
  analytics_daily: [{ keys: { tenant_id: 1, day: 1 } }],
  marketing_spend: [{ keys: { tenant_id: 1, month: 1, source: 1 } }],
  analytics_reports: [{ keys: { tenant_id: 1, updated_at: 1, _id: 1 } }],
  notifications: [
    { keys: { tenant_id: 1, user_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, user_id: 1, read: 1 } },
  ],
  buyers: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, full_name: 1, _id: 1 } },
    // Also matching's change check (the latest activity and the latest write).
    { keys: { tenant_id: 1, last_activity_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, updated_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, status: 1, created_at: 1, _id: 1 } },
    // Duplicate checks and imports.
    { keys: { tenant_id: 1, phone: 1 } },
    { keys: { tenant_id: 1, email: 1 } },
    // Multikey filters on tags and the buy box.
    { keys: { tenant_id: 1, tags: 1 } },
    { keys: { tenant_id: 1, 'buy_box.locations.zips': 1 } },
    { keys: { tenant_id: 1, 'buy_box.locations.cities': 1 } },
    { keys: { tenant_id: 1, 'buy_box.locations.states': 1 } },
  ],
  deals: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, updated_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, closing_date: 1, _id: 1 } },
    { keys: { tenant_id: 1, asking_price: 1, _id: 1 } },
    { keys: { tenant_id: 1, status: 1, created_at: 1, _id: 1 } },
    // Revenue: closed deals by closing time.
    { keys: { tenant_id: 1, status: 1, closed_at: 1 } },
    { keys: { tenant_id: 1, acquired_by: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, lead_id: 1 } },
    { keys: { tenant_id: 1, buyer_id: 1, status: 1 } },
    // Analytics: deals by the day they moved (pipeline value at a day's end).
    { keys: { tenant_id: 1, 'status_history.at': 1 } },
    // Buyer reliability: deals a buyer once held.
    { keys: { tenant_id: 1, 'status_history.buyer_id': 1 } },
    // One open deal per lead: `open_lead_id` is the lead id while the deal is marketing or assigned, null otherwise.
    { keys: { tenant_id: 1, open_lead_id: 1 }, name: 'one_open_deal_per_lead', unique: true, partialFilterExpression: { open_lead_id: { $type: 'string' } } },
  ],
  // CSV imports: a tenant's recent imports; an import's rejected rows in line order.
  imports: [{ keys: { tenant_id: 1, kind: 1, created_at: 1, _id: 1 } }],
  import_rejections: [{ keys: { tenant_id: 1, import_id: 1, line: 1 } }],
  // Communications (shared/communications/README.md): threads, the call log, analytics by period, callbacks by sid.
  communications: [
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, lead_id: 1, created_at: 1, _id: 1 } },
    // Also buyer metrics: the messages exchanged with a buyer, in order.
    { keys: { tenant_id: 1, buyer_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, deal_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, blast_id: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, channel: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, sent_by: 1, created_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, provider_sid: 1 } },
    // A workflow step's send happens once: its key is unique per tenant.
    { keys: { tenant_id: 1, idempotency_key: 1 }, name: 'one_send_per_idempotency_key', unique: true, partialFilterExpression: { idempotency_key: { $type: 'string' } } },
  ],
  // The inbox: one row per contact, newest first, filtered by kind, assignee, unread.
  // AI (shared/ai/README.md): audited calls by time, usage per day; ai_tag_state is read by _id.
  audit_log: [{ keys: { tenant_id: 1, at: 1, _id: 1 } }],
  ai_usage: [{ keys: { tenant_id: 1, day: 1 } }],
  ai_tag_state: [],
  conversations: [
    { keys: { tenant_id: 1, last_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, assigned_to: 1, last_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, contact_kind: 1, last_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, name_lc: 1 } },
  ],
  // Global: an inbound webhook's `To` names the tenant; a number belongs to one tenant.
  phone_numbers: [{ keys: { number: 1 }, name: 'one_tenant_per_number', unique: true }],
  message_templates: [{ keys: { tenant_id: 1, name: 1, _id: 1 } }],
  do_not_contact: [
    { keys: { tenant_id: 1, value: 1 }, name: 'one_entry_per_value', unique: true },
    { keys: { tenant_id: 1, created_at: 1, _id: 1 } },
  ],
  deal_blasts: [{ keys: { tenant_id: 1, deal_id: 1, created_at: 1, _id: 1 } }],
  // Automation (shared/automation/README.md): the list; active workflows by trigger (every event asks).
  workflows: [
    { keys: { tenant_id: 1, updated_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, status: 1, 'trigger.type': 1 } },
  ],
  workflow_versions: [{ keys: { tenant_id: 1, workflow_id: 1, version: 1 } }],
  // History per workflow, per lead, by status; a reply finds the lead's open executions.
  workflow_executions: [
    { keys: { tenant_id: 1, started_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, workflow_id: 1, started_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, lead_id: 1, started_at: 1, _id: 1 } },
    { keys: { tenant_id: 1, status: 1, started_at: 1, _id: 1 } },
  ],
};
