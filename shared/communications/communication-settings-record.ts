import { DEFAULT_SEND_WINDOW, type TSendWindow } from './quiet-hours.ts';

/** An organisation's messaging and calling settings (`communication_settings`, `_id` = tenant id). */
export type TCommunicationSettingsRecord = {
  _id: string;
  tenant_id: string;
  /** Automated texts go out only inside this recipient-local window. */
  quiet_hours: TSendWindow;
  /** Record bridged click-to-call conversations and forwarded inbound calls. */
  record_calls: boolean;
  /**
   * Answer STOP/START/HELP ourselves. Turn off when the Twilio account's Advanced Opt-Out
   * already replies, or the sender would get two confirmations.
   */
  keyword_replies: boolean;
  /** The HELP reply; empty uses "<organisation>: reply STOP to unsubscribe…". */
  help_reply: string;
  /** Spoken to callers nobody answered before the beep. */
  voicemail_greeting: string;
  /** How long an inbound call rings the rep before voicemail. */
  ring_seconds: number;
  updated_by: string;
  updated_at: Date;
};

export const defaultCommunicationSettings = (tenantId: string, now: Date): TCommunicationSettingsRecord => ({
  _id: tenantId,
  tenant_id: tenantId,
  quiet_hours: DEFAULT_SEND_WINDOW,
  record_calls: false,
  keyword_replies: true,
  help_reply: '',
  voicemail_greeting: 'Sorry we missed your call. Please leave your name, number and the property address after the tone, and we will call you right back.',
  ring_seconds: 20,
  updated_by: 'system',
  updated_at: now,
});
