import { recordActivity } from '../activities/record-activity.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { dealTitle } from '../deals/deal-view.ts';
import { findVisibleDeal } from '../deals/find-visible-deal.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { matchBuyersForDeal } from '../matching/match-buyers.ts';
import type { TCreateBlastRequest, TDealBlast } from './blast.schemas.ts';
import type { TDealBlastRecord } from './deal-blast-record.ts';
import { loadDealBlast } from './deal-blasts.ts';
import { pickSenderNumber } from './pick-sender-number.ts';
import { sendMessage } from './send-message.ts';

export const DEFAULT_BLAST_SMS = 'New deal: {{property_type|property}} at {{property_address}}. Asking {{asking_price}}, ARV {{arv}}, repairs ~{{repair_estimate}}. Reply YES for details. – {{rep_first_name|}} {{company_name}}';
export const DEFAULT_BLAST_EMAIL_SUBJECT = 'Off-market deal: {{property_address}} — {{asking_price}}';
export const DEFAULT_BLAST_EMAIL =
  'Hi {{first_name|there}},\n\nWe have a new off-market {{property_type|property}} under contract at {{property_address}}.\n\nAsking: {{asking_price}}\nARV: {{arv}}\nEstimated repairs: {{repair_estimate}}\n\nReply to this email or text us for the details and a walkthrough.\n\n{{rep_name|}}\n{{company_name}}';

/** A second blast of one deal this soon is taken for a double click. */
const REPEAT_WINDOW_MS = 10 * 60_000;
/** Texts start a second out, then follow the sender number's throughput; emails all go a second out. */
const FIRST_SEND_DELAY_MS = 1_000;

/**
 * Sends a deal on the market to its matched buyers (shared/matching, best first, `min_score`
 * and `limit`) or to the buyers named, by text and/or email, in one action. Every message goes
 * through `sendMessage` as an automated, scheduled send — so opt-outs, do-not-contact and
 * missing merge values skip that buyer's channel (with the reason), quiet hours defer texts to
 * each buyer's morning, and texts are spread over the sender number's throughput — and the
 * request itself only writes records and queue tasks. Each message is keyed by blast, buyer and
 * channel: a repeated request cannot double-send. Replies within 14 days thread back to the
 * deal and mark the buyer's response (record-blast-reply.ts).
 */
export async function createDealBlast(ctx: TServiceContext, input: TCreateBlastRequest): Promise<TDealBlast> {
  const deal = await findVisibleDeal(ctx, input.deal_id);
  if (deal.status !== 'marketing') throw new AppError('conflict', `Only a deal on the market can be sent to buyers; this one is ${deal.status}`, { extensions: { status: deal.status } });
  const now = ctx.ports.clock.now();
  const recent = await ctx.db
    .collection<TDealBlastRecord>('deal_blasts')
    .findOne({ deal_id: deal._id, created_at: { $gt: new Date(now.getTime() - REPEAT_WINDOW_MS) } }, { sort: { created_at: -1 } });
  if (recent && !input.allow_repeat) {
    const minutes = Math.max(1, Math.round((now.getTime() - recent.created_at.getTime()) / 60_000));
    throw new AppError('conflict', `This deal went to buyers ${minutes} minute${minutes === 1 ? '' : 's'} ago; send again with allow_repeat`, { extensions: { reason: 'recent_blast', blast_id: recent._id } });
  }
  const targets = await pickBuyers(ctx, deal, input);
  if (targets.length === 0) throw new AppError('conflict', 'No buyer matches this deal well enough: lower min_score or name the buyers', { extensions: { reason: 'no_buyers' } });

  const channels = [...(input.sms ? (['sms'] as const) : []), ...(input.email ? (['email'] as const) : [])];
  const blast: TDealBlastRecord = {
    _id: newId('bl', now),
    tenant_id: ctx.tenant._id,
    deal_id: deal._id,
    deal_title: dealTitle(deal),
    channels: [...channels],
    template_id: input.sms?.template_id ?? input.email?.template_id ?? null,
    body: input.sms?.body ?? input.email?.body ?? '',
    subject: input.email?.subject ?? null,
    recipients: targets.map(({ buyer, score }) => ({ buyer_id: buyer._id, name: buyer.full_name, score, sms_id: null, email_id: null, skipped: [], response: 'none', responded_at: null, reply_id: null, reply_preview: null })),
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
    version: 0,
  };
  // Stored first: a reply racing the last sends still finds its blast.
  await ctx.db.collection<TDealBlastRecord>('deal_blasts').insertOne(blast);

  const sender = input.sms ? await pickSenderNumber(ctx, { capability: 'sms' }) : null;
  const perSecond = Math.max(1, sender?.throughput_per_second ?? 1);
  let texts = 0;
  for (const recipient of blast.recipients) {
    for (const channel of channels) {
      const at =
        channel === 'sms' ? new Date(now.getTime() + FIRST_SEND_DELAY_MS + Math.floor(texts / perSecond) * 1_000) : new Date(now.getTime() + FIRST_SEND_DELAY_MS);
      const content =
        channel === 'sms'
          ? input.sms?.template_id
            ? { template_id: input.sms.template_id }
            : { body: input.sms?.body ?? DEFAULT_BLAST_SMS }
          : input.email?.template_id
            ? { template_id: input.email.template_id }
            : { body: input.email?.body ?? DEFAULT_BLAST_EMAIL, subject: input.email?.subject ?? DEFAULT_BLAST_EMAIL_SUBJECT };
      try {
        const message = await sendMessage(ctx, {
          channel,
          to: { buyer_id: recipient.buyer_id },
          ...content,
          deal_id: deal._id,
          at: at.toISOString(),
          ...(channel === 'sms' && sender ? { from: sender.number } : {}),
          automated: true,
          blast_id: blast._id,
          idempotency_key: `blast:${blast._id}:${recipient.buyer_id}:${channel}`,
        });
        recipient[channel === 'sms' ? 'sms_id' : 'email_id'] = message._id;
        if (channel === 'sms') texts++;
      } catch (error) {
        if (!isAppError(error) || !['forbidden', 'invalid', 'not_found'].includes(error.code)) throw error;
        recipient.skipped.push({ channel, reason: error.message });
      }
    }
  }
  await ctx.db.collection<TDealBlastRecord>('deal_blasts').updateOne({ _id: blast._id }, { $set: { recipients: blast.recipients, updated_at: ctx.ports.clock.now() }, $inc: { version: 1 } });
  const reached = blast.recipients.filter((recipient) => recipient.sms_id || recipient.email_id).length;
  await recordActivity(ctx, {
    subject: { kind: 'deal', id: deal._id },
    type: 'communication',
    summary: `Sent to ${reached} buyer${reached === 1 ? '' : 's'} by ${channels.map((channel) => (channel === 'sms' ? 'text' : 'email')).join(' and ')}`,
    data: { blast_id: blast._id, recipients: blast.recipients.length, reached },
    at: now,
  });
  return loadDealBlast(ctx, blast._id);
}

async function pickBuyers(ctx: TServiceContext, deal: TDealRecord, input: TCreateBlastRequest): Promise<{ buyer: TBuyerRecord; score: number | null }[]> {
  const buyers = ctx.db.collection<TBuyerRecord>('buyers');
  if (input.buyer_ids) {
    const found = await buyers.find({ _id: { $in: [...new Set(input.buyer_ids)] } }).toArray();
    const missing = input.buyer_ids.filter((id) => !found.some((buyer) => buyer._id === id));
    if (missing.length > 0) throw new AppError('invalid', `Unknown buyers: ${missing.join(', ')}`, { fieldErrors: [{ location: 'body', field: 'buyer_ids', detail: `Not buyers of yours: ${missing.join(', ')}` }] });
    return found.map((buyer) => ({ buyer, score: null }));
  }
  const matches = await matchBuyersForDeal(ctx, deal._id, { limit: input.limit, min_score: input.min_score });
  const found = await buyers.find({ _id: { $in: matches.items.map((item) => item.buyer.id) }, status: 'active' }).toArray();
  return matches.items.flatMap((item) => {
    const buyer = found.find((candidate) => candidate._id === item.buyer.id);
    return buyer ? [{ buyer, score: item.score }] : [];
  });
}
