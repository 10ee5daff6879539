import type { TServiceContext } from '../context/service-context.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import type { TBlastResponse, TDealBlastRecord } from './deal-blast-record.ts';

const INTERESTED = /^(y|ya|yes|yeah|yep|yup|sure|interested|i'?m interested|i am interested|send (it|info|details|me)|call me|how much|still available|is it (still )?available|what'?s the address|address\??|i'?ll take it|offer)\b/i;
const NOT_INTERESTED = /^(n|no|nope|nah|pass|not interested|no thanks?|not for me|too (high|much|expensive)|remove me)\b/i;

/** Reads a buyer's answer: clear yes-words → interested, clear no-words → not interested, anything else → replied. */
export function classifyBlastReply(body: string): Exclude<TBlastResponse, 'none'> {
  const text = body.trim().replace(/^[^\p{L}]+/u, '');
  if (NOT_INTERESTED.test(text) || /\bnot interested\b/i.test(text)) return 'not_interested';
  if (INTERESTED.test(text) || /\binterested\b/i.test(text)) return 'interested';
  return 'replied';
}

/**
 * Threads a buyer's reply to the blast it answers: the recipient's response (a later plain
 * reply never downgrades an interested/not-interested answer), when, and which message.
 */
export async function recordBlastReply(ctx: TServiceContext, blastId: string, buyerId: string, reply: TCommunicationRecord): Promise<void> {
  const blasts = ctx.db.collection<TDealBlastRecord>('deal_blasts');
  for (let attempt = 0; attempt < 3; attempt++) {
    const blast = await blasts.findOne({ _id: blastId });
    const recipient = blast?.recipients.find((candidate) => candidate.buyer_id === buyerId);
    if (!blast || !recipient) return;
    const read = classifyBlastReply(reply.body);
    const response = read === 'replied' && recipient.response !== 'none' ? recipient.response : read;
    const recipients = blast.recipients.map((candidate) =>
      candidate.buyer_id === buyerId
        ? { ...candidate, response, responded_at: candidate.responded_at ?? reply.created_at, reply_id: reply._id, reply_preview: reply.body.slice(0, 160) }
        : candidate,
    );
    // Compare-and-swap on the version: two replies racing each keep their answer.
    const result = await blasts.updateOne({ _id: blastId, version: blast.version }, { $set: { recipients, updated_at: ctx.ports.clock.now() }, $inc: { version: 1 } });
    if (result.matchedCount === 1) return;
  }
}
