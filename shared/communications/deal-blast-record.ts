/** How a buyer answered a deal blast: read from their reply, or set by the disposition manager. */
export const BLAST_RESPONSES = ['none', 'replied', 'interested', 'not_interested'] as const;
export type TBlastResponse = (typeof BLAST_RESPONSES)[number];

/** One buyer of a deal blast. */
export type TBlastRecipient = {
  buyer_id: string;
  name: string;
  /** Match score when they were picked (shared/matching). */
  score: number | null;
  /** The text and email sent to them (communication ids), or null when that channel was not used or skipped. */
  sms_id: string | null;
  email_id: string | null;
  /** Why they got nothing (opted out, no phone…), per channel. */
  skipped: { channel: 'sms' | 'email'; reason: string }[];
  response: TBlastResponse;
  responded_at: Date | null;
  reply_id: string | null;
  reply_preview: string | null;
};

/** A deal sent to its matched buyers in one action (`deal_blasts`). */
export type TDealBlastRecord = {
  _id: string;
  tenant_id: string;
  deal_id: string;
  /** Property line at the time of the blast. */
  deal_title: string;
  channels: ('sms' | 'email')[];
  template_id: string | null;
  /** The text as written, merge fields unrendered (each buyer gets their own rendering). */
  body: string;
  subject: string | null;
  recipients: TBlastRecipient[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  /** Bumped by every change to `recipients` (compare-and-swap). */
  version: number;
};
