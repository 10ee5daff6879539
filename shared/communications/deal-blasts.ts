import type { TServiceContext } from '../context/service-context.ts';
import { findVisibleDeal } from '../deals/find-visible-deal.ts';
import { notFound } from '../errors/app-error.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TDealBlast } from './blast.schemas.ts';
import { UNDELIVERED_STATUSES, type TCommunicationRecord } from './communication-record.ts';
import type { TBlastResponse, TDealBlastRecord } from './deal-blast-record.ts';

const blasts = (ctx: TServiceContext) => ctx.db.collection<TDealBlastRecord>('deal_blasts');

/** One blast with each buyer's message statuses (read from the messages) and response. */
export async function loadDealBlast(ctx: TServiceContext, id: string): Promise<TDealBlast> {
  const blast = await blasts(ctx).findOne({ _id: id });
  if (!blast) throw notFound('Blast');
  await findVisibleDeal(ctx, blast.deal_id);
  const messages = await ctx.db.collection<TCommunicationRecord>('communications').find({ blast_id: id, direction: 'outbound' }, { projection: { status: 1 } }).toArray();
  return toDealBlast(blast, new Map(messages.map((message) => [message._id, message.status])));
}

/** Blasts, newest first: a deal's (`deal_id`) or all. */
export async function listDealBlasts(ctx: TServiceContext, query: { deal_id?: string | undefined; cursor?: string | undefined; limit: number }): Promise<TPage<TDealBlast>> {
  const filter: TFilter = {};
  if (query.deal_id) {
    await findVisibleDeal(ctx, query.deal_id);
    filter.deal_id = query.deal_id;
  }
  const page = await findPage(blasts(ctx), filter, { sortField: 'created_at', direction: -1, limit: query.limit, cursor: query.cursor });
  const ids = page.items.map((blast) => blast._id);
  const messages = await ctx.db.collection<TCommunicationRecord>('communications').find({ blast_id: { $in: ids }, direction: 'outbound' }, { projection: { status: 1 } }).toArray();
  const statuses = new Map(messages.map((message) => [message._id, message.status]));
  return { items: page.items.map((blast) => toDealBlast(blast, statuses)), nextCursor: page.nextCursor };
}

/** The disposition manager's own reading of a buyer's answer (a call, a reply by email). */
export async function setBlastResponse(ctx: TServiceContext, id: string, buyerId: string, response: TBlastResponse): Promise<TDealBlast> {
  const blast = await blasts(ctx).findOne({ _id: id });
  if (!blast || !blast.recipients.some((recipient) => recipient.buyer_id === buyerId)) throw notFound('Blast recipient');
  await findVisibleDeal(ctx, blast.deal_id);
  const now = ctx.ports.clock.now();
  const recipients = blast.recipients.map((recipient) =>
    recipient.buyer_id === buyerId ? { ...recipient, response, responded_at: response === 'none' ? null : (recipient.responded_at ?? now) } : recipient,
  );
  await blasts(ctx).updateOne({ _id: id }, { $set: { recipients, updated_at: now }, $inc: { version: 1 } });
  return loadDealBlast(ctx, id);
}

function toDealBlast(blast: TDealBlastRecord, statuses: Map<string, string>): TDealBlast {
  const state = (id: string | null) => (id ? { communication_id: id, status: statuses.get(id) ?? 'scheduled' } : null);
  // Texts report delivery; an email handed to the mail server is as delivered as we will know.
  const arrived = (channel: 'sms' | 'email', status: string) => status === 'delivered' || status === 'read' || (channel === 'email' && status === 'sent');
  const recipients = blast.recipients.map((recipient) => ({
    buyer_id: recipient.buyer_id,
    name: recipient.name,
    score: recipient.score,
    sms: state(recipient.sms_id),
    email: state(recipient.email_id),
    skipped: recipient.skipped,
    response: recipient.response,
    responded_at: recipient.responded_at?.toISOString() ?? null,
    reply_id: recipient.reply_id,
    reply_preview: recipient.reply_preview,
  }));
  const sent = recipients.flatMap((recipient) => [
    ...(recipient.sms ? [{ channel: 'sms' as const, ...recipient.sms }] : []),
    ...(recipient.email ? [{ channel: 'email' as const, ...recipient.email }] : []),
  ]);
  const count = (response: TBlastResponse) => recipients.filter((recipient) => recipient.response === response).length;
  return {
    id: blast._id,
    deal_id: blast.deal_id,
    deal_title: blast.deal_title,
    channels: blast.channels,
    created_by: blast.created_by,
    created_at: blast.created_at.toISOString(),
    recipients,
    counts: {
      recipients: recipients.length,
      messages: sent.length,
      delivered: sent.filter((message) => arrived(message.channel, message.status)).length,
      failed: sent.filter((message) => UNDELIVERED_STATUSES.includes(message.status)).length,
      skipped: recipients.reduce((sum, recipient) => sum + recipient.skipped.length, 0),
      replied: recipients.filter((recipient) => recipient.response !== 'none').length,
      interested: count('interested'),
      not_interested: count('not_interested'),
    },
  };
}
