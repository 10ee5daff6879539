import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import { ZSendMessageRequest } from './communication.schemas.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { deliverMessage } from './deliver-message.ts';
import type { TMergeValues } from './merge-fields.ts';
import { prepareMessage } from './prepare-message.ts';
import { scheduleSend } from './schedule-send.ts';
import type { z } from 'zod';

/** What a sender asks for: the API's request, plus what only code may say. */
export type TSendMessageInput = z.input<typeof ZSendMessageRequest> & {
  /** Automation (workflows, deal blasts): quiet hours defer the text instead of asking. */
  automated?: boolean;
  /** A second send with the same key returns the first message instead of sending again (workflow execution + step). */
  idempotency_key?: string;
  /** The deal blast this message belongs to. */
  blast_id?: string;
  /** Extra merge values (a blast's deal link). */
  merge?: TMergeValues;
};

/**
 * THE sending path: every text and email — a person's, a workflow's, a deal blast's — goes
 * through here, so the rules hold whoever asks:
 * 1. compliance: an opted-out (STOP) or do-not-contact address is refused (403 `opted_out` /
 *    `do_not_contact`), now and again when a scheduled message comes due;
 * 2. the template is rendered and its merge fields checked (400 naming the empty field);
 * 3. timing: `at` in the future schedules it (a queue task, cancellable); a text outside the
 *    recipient's quiet hours is deferred to the window's opening when automated, and answered
 *    409 `quiet_hours` for a person until they confirm with `force`;
 * 4. throughput: a number's segments-per-second budget; excess waits for a later slot;
 * 5. the provider (telephony port or email port), then the record's status, the lead's contact
 *    fields, the inbox, timelines and `communication_sent` (shared/communications/apply-communication-effects.ts).
 *
 * Resolves with the stored message: `scheduled` (later), `queued`/`sent` (handed to the
 * provider), or `failed` when the provider refused it (its `error` says why).
 */
export async function sendMessage(ctx: TServiceContext, input: TSendMessageInput): Promise<TCommunicationRecord> {
  const { automated = false, idempotency_key: idempotencyKey, blast_id: blastId, merge, ...rest } = input;
  const request = ZSendMessageRequest.parse(rest);
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  if (idempotencyKey) {
    const existing = await communications.findOne({ idempotency_key: idempotencyKey });
    if (existing) return existing;
  }

  const prepared = await prepareMessage(ctx, request, merge);
  const { recipient } = prepared;
  if (prepared.block) {
    throw new AppError('forbidden', `Not sent: ${recipient.name} cannot be contacted — ${prepared.block.detail}`, {
      extensions: { reason: prepared.block.reason, address: prepared.address },
    });
  }
  if (prepared.missing.length > 0) {
    throw new AppError('invalid', `The message needs ${prepared.missing.map((field) => `{{${field}}}`).join(', ')}, which ${recipient.name} does not have`, {
      fieldErrors: prepared.missing.map((field) => ({
        location: 'body' as const,
        field: request.template_id ? 'template_id' : 'body',
        detail: `{{${field}}} has no value for ${recipient.name}; add a fallback like {{${field}|there}} or fill it in`,
      })),
      extensions: { missing_fields: prepared.missing },
    });
  }

  let due = prepared.due;
  const quiet = prepared.quietHours;
  if (quiet && !quiet.allowed) {
    if (automated) due = quiet.next_allowed_at;
    else if (!request.force) {
      throw new AppError('conflict', `It is ${quiet.local_time} for ${recipient.name} (${quiet.time_zone}): outside the hours you text people in. Send anyway with force, or schedule it.`, {
        extensions: { reason: 'quiet_hours', local_time: quiet.local_time, time_zone: quiet.time_zone, next_allowed_at: quiet.next_allowed_at.toISOString() },
      });
    }
  }

  const now = ctx.ports.clock.now();
  const later = due.getTime() > now.getTime();
  const record: TCommunicationRecord = {
    _id: newId('cm', now),
    tenant_id: ctx.tenant._id,
    channel: request.channel,
    direction: 'outbound',
    status: later ? 'scheduled' : 'sending',
    from: prepared.sender?.number ?? (ctx.principal.email || ctx.tenant.name),
    to: prepared.address as string,
    body: prepared.body,
    ...(prepared.subject === null ? {} : { subject: prepared.subject }),
    lead_id: recipient.lead?._id ?? null,
    buyer_id: recipient.buyer?._id ?? null,
    deal_id: prepared.deal?._id ?? null,
    provider_sid: null,
    duration_seconds: null,
    recording_url: null,
    sent_by: ctx.principal.uid,
    error: null,
    read: true,
    created_at: now,
    updated_at: now,
    template_id: prepared.template?._id ?? null,
    blast_id: blastId ?? null,
    automated,
    scheduled_for: later ? due : null,
    segments: prepared.segments?.segments ?? null,
    ...(request.media_urls?.length ? { media_urls: request.media_urls } : {}),
    idempotency_key: idempotencyKey ?? null,
    time_zone: recipient.timeZone,
    attempts: 0,
  };
  try {
    await communications.insertOne(record);
  } catch (error) {
    // A concurrent send with the same idempotency key won.
    if (idempotencyKey && isDuplicateKeyError(error)) return (await communications.findOne({ idempotency_key: idempotencyKey })) ?? record;
    throw error;
  }
  if (later) {
    await scheduleSend(ctx, record, due);
    return record;
  }
  return deliverMessage(ctx, record, { lead: recipient.lead, buyer: recipient.buyer, sender: prepared.sender });
}
