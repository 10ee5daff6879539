import type { TLead } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A stored lead as the API returns it (ZLead): `id` for `_id`, ISO dates, no derived search fields. */
export function toLead(record: TLeadRecord): TLead {
  return {
    id: record._id,
    first_name: record.first_name,
    last_name: record.last_name,
    full_name: record.full_name,
    phone: record.phone,
    other_phones: record.other_phones,
    email: record.email,
    address: record.address,
    mailing_address: record.mailing_address,
    property_type: record.property_type,
    estimated_value: record.estimated_value,
    source: record.source,
    status: record.status,
    lost_reason: record.lost_reason,
    assigned_to: record.assigned_to,
    tags: record.tags,
    auto_tags: record.auto_tags,
    notes: record.notes,
    lead_score: record.lead_score,
    ai_summary: record.ai_summary,
    last_contacted: iso(record.last_contacted),
    first_contacted_at: iso(record.first_contacted_at),
    communication_count: record.communication_count,
    status_history: record.status_history.map((entry) => ({
      from: entry.from,
      to: entry.to,
      at: entry.at.toISOString(),
      by: entry.by,
      ...(entry.reason ? { reason: entry.reason } : {}),
    })),
    appointments: record.appointments.map((appointment) => ({ ...appointment, scheduled_at: appointment.scheduled_at.toISOString() })),
    offers: record.offers.map((offer) => ({ ...offer, offered_at: offer.offered_at.toISOString() })),
    created_by: record.created_by,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}
