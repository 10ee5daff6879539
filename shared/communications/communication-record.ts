/**
 * A message or call with a seller or buyer, as stored in `communications`. The
 * communications capability owns sending and receiving; other capabilities read these.
 * Fields after `updated_at` were added with the sending path and are absent on older
 * records (the demo seed's history): read them with `?? null`.
 */
export type TCommunicationRecord = {
  _id: string;
  tenant_id: string;
  channel: 'sms' | 'call' | 'email';
  direction: 'inbound' | 'outbound';
  /**
   * sms/email: `scheduled` (waiting for its time or a throughput slot) → `sending` → `queued`
   * (accepted by the provider) → `sent` → `delivered` | `failed` | `undelivered`; inbound
   * `received`; `canceled` when withdrawn before sending (by a person, or because the
   * recipient opted out meanwhile — `error` says which).
   * Calls: `queued` → `ringing` → `in_progress` → `completed` | `no_answer` | `busy` | `failed` | `canceled`.
   */
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
  /** Template the body was rendered from. */
  template_id?: string | null;
  /** Deal blast this message belongs to (outbound), or answers (a buyer's reply). */
  blast_id?: string | null;
  /** Sent by automation (workflows, blasts): quiet hours apply. */
  automated?: boolean;
  /** When a `scheduled` message is due (its time, the end of quiet hours, or a throughput slot). */
  scheduled_for?: Date | null;
  /** SMS segments (GSM-7/UCS-2), the unit of throughput and cost. */
  segments?: number | null;
  /** MMS media URLs. */
  media_urls?: string[];
  /** An inbound STOP/START/HELP keyword message. */
  keyword?: 'stop' | 'start' | 'help' | null;
  /** The caller's dedupe key (workflows: execution and step): a second send with it returns the first. */
  idempotency_key?: string | null;
  /** Provider error code (Twilio's, e.g. 30003 unreachable). */
  error_code?: number | null;
  /** Inbound calls nobody answered (voicemail or hang-up): the missed-call text-back keys on it. */
  missed?: boolean;
  /** When the provider reported `delivered` (delivery analytics). */
  delivered_at?: Date | null;
  /** The recipient's zone (quiet hours for automated texts that come due later). */
  time_zone?: string | null;
  /** Provider attempts that failed with an outage (retried with backoff). */
  attempts?: number;
  /** The throughput slot a `scheduled` text waits for, already counted against its number. */
  reserved_slot?: Date | null;
};

/** How far along a status is: callbacks arrive out of order, and a record never moves back. */
const STATUS_RANK: Record<string, number> = {
  scheduled: 0,
  sending: 1,
  accepted: 2,
  queued: 2,
  initiated: 2,
  ringing: 3,
  sent: 3,
  in_progress: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  completed: 5,
  busy: 5,
  no_answer: 5,
  canceled: 5,
  received: 5,
  read: 6,
};

export const statusRank = (status: string): number => STATUS_RANK[status] ?? 0;

/** Final statuses: nothing after them changes the record's status. */
export const isFinalStatus = (status: string): boolean => statusRank(status) >= 5;

/** Outbound statuses that mean the message did not reach the recipient. */
export const UNDELIVERED_STATUSES: readonly string[] = ['failed', 'undelivered', 'canceled'];
