import { z } from 'zod';
import { text } from '../schemas/common.ts';

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour');

export const ZCommunicationSettings = z.object({
  /** Automated texts go out only between these recipient-local times; people are asked to confirm outside them. */
  quiet_hours: z.object({ send_from: z.string(), send_until: z.string() }),
  record_calls: z.boolean(),
  /** We answer STOP/START/HELP; off when Twilio's Advanced Opt-Out already does. */
  keyword_replies: z.boolean(),
  help_reply: z.string(),
  voicemail_greeting: z.string(),
  ring_seconds: z.number(),
});
export type TCommunicationSettings = z.infer<typeof ZCommunicationSettings>;

export const ZUpdateCommunicationSettingsRequest = z
  .strictObject({
    quiet_hours: z
      .strictObject({ send_from: ZClock, send_until: ZClock })
      .refine((window) => window.send_from < window.send_until, { message: 'The window must start before it ends (same day)', path: ['send_until'] })
      .optional(),
    record_calls: z.boolean().optional(),
    keyword_replies: z.boolean().optional(),
    help_reply: text(300).optional(),
    voicemail_greeting: text(500).optional(),
    ring_seconds: z.number().int().min(5).max(60).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateCommunicationSettingsRequest = z.output<typeof ZUpdateCommunicationSettingsRequest>;
