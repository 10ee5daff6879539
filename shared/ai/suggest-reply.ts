import type { TCommunicationRecord } from '../communications/communication-record.ts';
import { prepareMessage } from '../communications/prepare-message.ts';
import { resolveRecipient } from '../communications/resolve-recipient.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { ZReplyDrafts, type TReplyDrafts, type TSuggestReplyRequest, type TSuggestReplyResponse } from './ai.schemas.ts';
import { classifyAsk, draftReplies, inferTone, type TReplyContext } from './rules/draft-replies.ts';
import { extractSignals } from './rules/extract-signals.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

const suggestReplyTask: TAiTask<TReplyContext, TReplyDrafts> = {
  feature: 'suggest_reply',
  schema: ZReplyDrafts,
  instructions:
    'You help a real-estate wholesaler’s rep answer a text message. Write exactly 3 different SMS replies (each under 300 characters, plain text, no links, ' +
    'no promises of a specific price, honest, respectful) in the given tone, addressed to the contact by first name, answering their last message and moving toward a call. ' +
    'If they asked to stop or are not interested, every reply only acknowledges politely (intent respect_opt_out).',
  data: (input) => ({
    tone_and_names: `tone: ${input.tone}; contact first name: ${input.firstName}; rep: ${input.repName}; company: ${input.company}; contact is a ${input.contactKind === 'lead' ? 'seller' : 'cash buyer'}`,
    last_message_from_contact: input.lastInbound ?? '(none yet)',
    earlier_messages_and_notes: input.background,
    rep_draft: input.draft ?? '',
  }),
  rules: draftReplies,
};

const THREAD = 20;

/**
 * Three reply options for a lead's or buyer's text thread, in the rep's tone, each checked by
 * the sending path's own checks (opt-out, do-not-contact, quiet hours, segments) without
 * sending anything. The person picks, edits and sends through `POST /api/communications/messages`.
 */
export async function suggestReply(ctx: TServiceContext, request: TSuggestReplyRequest): Promise<TSuggestReplyResponse> {
  const recipient = await resolveRecipient(ctx, request.to);
  const filter = recipient.lead ? { lead_id: recipient.lead._id } : { buyer_id: recipient.buyer?._id ?? '' };
  const thread = (await ctx.db.collection<TCommunicationRecord>('communications').find({ ...filter, channel: 'sms' }, { sort: { created_at: -1, _id: -1 }, limit: THREAD }).toArray()).reverse();
  const inbound = thread.filter((message) => message.direction === 'inbound');
  const lastInbound = inbound.at(-1) ?? null;
  const mine = thread.filter((message) => message.direction === 'outbound' && message.sent_by === ctx.principal.uid).map((message) => message.body);
  const tone = request.tone ?? inferTone(mine.slice(-5));
  const background = [recipient.lead?.notes ?? '', ...inbound.slice(0, -1).map((message) => message.body)].join('\n');
  const firstName = recipient.lead?.first_name ?? recipient.buyer?.first_name ?? '';
  const context: TReplyContext = {
    contactKind: recipient.lead ? 'lead' : 'buyer',
    firstName,
    repName: ctx.principal.name.split(' ')[0] || 'your rep',
    company: ctx.tenant.name,
    tone,
    lastInbound: lastInbound?.body ?? null,
    background,
    draft: request.draft ?? null,
  };
  const subject = recipient.lead ? { kind: 'lead', id: recipient.lead._id } : { kind: 'buyer', id: recipient.buyer?._id ?? '' };
  const { value, ai } = await runAiTask(ctx, suggestReplyTask, context, { subject });

  const replies = await Promise.all(
    value.replies.map(async (reply) => {
      try {
        const prepared = await prepareMessage(ctx, { channel: 'sms', to: request.to, body: reply.text, force: false });
        const issues: string[] = [];
        if (prepared.block) issues.push(prepared.block.detail);
        if (prepared.quietHours && !prepared.quietHours.allowed) issues.push(`Quiet hours for the recipient (${prepared.quietHours.local_time} ${prepared.quietHours.time_zone}): schedule it or send later`);
        return { ...reply, segments: prepared.segments?.segments ?? 1, compliance: { ok: issues.length === 0, issues } };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ...reply, segments: 1, compliance: { ok: false, issues: [error.message] } };
      }
    }),
  );
  const signals = extractSignals(`${background}\n${lastInbound?.body ?? ''}`);
  const detected = [...signals.tags.map((tag) => tag.signal), ...(signals.timeline ? [`timeline_${signals.timeline.signal}`] : []), `asks_${classifyAsk(lastInbound?.body ?? null)}`];
  return {
    replies,
    tone,
    context: { last_inbound: lastInbound ? { id: lastInbound._id, body: lastInbound.body, at: lastInbound.created_at.toISOString() } : null, detected },
    ai,
  };
}
