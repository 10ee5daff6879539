/**
 * A message or call with a seller or buyer, as stored in `communications`. The
 * communications capability owns sending and receiving; other capabilities read these.
 */
export type TCommunicationRecord = {
  _id: string;
  tenant_id: string;
  channel: 'sms' | 'call' | 'email';
  direction: 'inbound' | 'outbound';
  /** sms/email: queued → sent → delivered | failed | undelivered | received; calls: ringing → in_progress → completed | no_answer | busy | failed. */
  status: string;
  from: string;
  to: string;
  body: string;
  subject?: string;
  lead_id: string | null;
  buyer_id: string | null;
  deal_id: string | null;
  /** Twilio MessageSid / CallSid. */
  provider_sid: string | null;
  duration_seconds: number | null;
  recording_url: string | null;
  /** User id for messages a person sent; `workflow:<id>` for automation. */
  sent_by: string | null;
  error: string | null;
  read: boolean;
  created_at: Date;
  updated_at: Date;
};
