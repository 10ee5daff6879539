import type { TServiceContext } from '../context/service-context.ts';
import { ZSendMessageRequest, type TMessagePreview } from './communication.schemas.ts';
import { prepareMessage } from './prepare-message.ts';
import type { z } from 'zod';

/**
 * What a send would do, without doing it: the rendered text for this recipient, its segments,
 * the sender number, merge fields without a value, and whether opt-out, do-not-contact or
 * quiet hours would stop it (the composer shows these before the person presses send).
 */
export async function previewMessage(ctx: TServiceContext, input: z.input<typeof ZSendMessageRequest>): Promise<TMessagePreview> {
  const prepared = await prepareMessage(ctx, ZSendMessageRequest.parse(input));
  const { recipient } = prepared;
  return {
    channel: prepared.channel,
    to: { name: recipient.name, address: prepared.address, lead_id: recipient.lead?._id ?? null, buyer_id: recipient.buyer?._id ?? null, time_zone: recipient.timeZone },
    from: prepared.sender?.number ?? null,
    subject: prepared.subject,
    body: prepared.body,
    segments: prepared.segments,
    missing_fields: prepared.missing,
    blocked: prepared.block,
    quiet_hours: prepared.quietHours ? { ...prepared.quietHours, next_allowed_at: prepared.quietHours.next_allowed_at.toISOString() } : null,
  };
}
