import type { TCommunication } from './communication.schemas.ts';
import type { TCommunicationRecord } from './communication-record.ts';

/** The API's view of a stored message or call. Recordings are served through the API (Twilio media needs the account's credentials). */
export function toCommunication(record: TCommunicationRecord): TCommunication {
  return {
    id: record._id,
    channel: record.channel,
    direction: record.direction,
    status: record.status,
    from: record.from,
    to: record.to,
    body: record.body,
    subject: record.subject ?? null,
    lead_id: record.lead_id,
    buyer_id: record.buyer_id,
    deal_id: record.deal_id,
    blast_id: record.blast_id ?? null,
    template_id: record.template_id ?? null,
    provider_sid: record.provider_sid,
    duration_seconds: record.duration_seconds,
    recording: record.recording_url ? `/api/communications/calls/${record._id}/recording` : null,
    sent_by: record.sent_by,
    automated: record.automated ?? false,
    scheduled_for: record.scheduled_for?.toISOString() ?? null,
    segments: record.segments ?? null,
    media_urls: record.media_urls ?? [],
    keyword: record.keyword ?? null,
    missed: record.missed ?? false,
    error: record.error,
    error_code: record.error_code ?? null,
    read: record.read,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}
