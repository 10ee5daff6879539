/**
 * A Twilio number an organisation connected (`phone_numbers`). The number is unique across
 * tenants (a global unique index): an inbound webhook's `To` finds its tenant through it.
 */
export type TPhoneNumberRecord = {
  _id: string;
  tenant_id: string;
  /** E.164. */
  number: string;
  label: string;
  /** Twilio IncomingPhoneNumber sid (`PN…`), or the sandbox's stand-in. */
  provider_sid: string;
  capabilities: { sms: boolean; mms: boolean; voice: boolean };
  /**
   * Segments per second this number may send: ~1 for a local long code, more on A2P 10DLC
   * tiers or toll-free. Sends beyond it wait for a later slot (scheduled through the queue).
   */
  throughput_per_second: number;
  /** A rep's own line: new inbound leads on it are assigned to them and unanswered callers ring them. */
  owner_id: string | null;
  /** The sender when nothing else decides (one per tenant). */
  is_default: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
