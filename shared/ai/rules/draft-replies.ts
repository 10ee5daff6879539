import type { TReplyDrafts, TReplyTone } from '../ai.schemas.ts';
import { extractSignals, normalizeText, stripInstructions } from './extract-signals.ts';

/**
 * Three SMS reply options from templates, picked by what the contact's last text asks (price,
 * speed, a call time, needing to consult someone, not interested) and the motivation known
 * from the thread and notes, in the rep's tone. The contact's words only choose among fixed
 * templates; nothing from their text is copied into a reply, so an instruction in an SMS
 * cannot change what is suggested beyond that choice.
 */
export interface TReplyContext {
  contactKind: 'lead' | 'buyer';
  firstName: string;
  repName: string;
  company: string;
  tone: TReplyTone;
  lastInbound: string | null;
  /** Earlier inbound texts and the lead's notes (motivation). */
  background: string;
  draft: string | null;
}

type TReply = TReplyDrafts['replies'][number];
type TAsk = 'opt_out' | 'not_selling' | 'price' | 'speed' | 'callback' | 'consult' | 'cash' | 'yes' | 'none';

const ASKS: readonly { ask: TAsk; pattern: RegExp }[] = [
  { ask: 'opt_out', pattern: /^\s*(?:stop|unsubscribe|quit|cancel|end|stopall)\b|\bstop (?:texting|contacting|calling)\b|\bremove (?:me|my number)\b|\bwrong number\b|\b(?:do not|don'?t) (?:text|contact|call)\b/ },
  { ask: 'not_selling', pattern: /\bnot (?:interested|selling)\b|\b(?:don'?t|do not) want to sell\b|\bnot for sale\b|\balready (?:sold|listed)\b|\bdecided to keep\b/ },
  { ask: 'callback', pattern: /\bcall me\b|\bcan you call\b|\bgive me a call\b|\bcall (?:after|before|tomorrow|later|tonight)\b/ },
  { ask: 'speed', pattern: /\bhow (?:fast|quick|quickly|soon) can you\b|\bhow long (?:does|would|to) (?:it )?(?:take|close)\b|\bwhen can you close\b/ },
  { ask: 'price', pattern: /\bwhat (?:would|will|can|do) you (?:offer|pay|give)\b|\bhow much\b|\b(?:better|higher|more) (?:on the )?(?:price|offer)\b|\bdo a little better\b|\bwhat'?s (?:your|the) offer\b|\bmake (?:me|us) an offer\b|\boffer\?/ },
  { ask: 'cash', pattern: /\bcash\b|\bno repairs\b|\bas[- ]is\b|\bfees?\b|\bcommissions?\b/ },
  { ask: 'consult', pattern: /\btalk to (?:my|our)\b|\bask (?:my|our)\b|\bcheck with (?:my|our)\b|\bneed to think\b|\bdiscuss (?:it )?with\b/ },
  { ask: 'yes', pattern: /\b(?:yes|yeah|yep|sure|ok(?:ay)?|sounds good|interested|maybe|might be)\b/ },
];

export function classifyAsk(text: string | null): TAsk {
  if (!text) return 'none';
  const clean = stripInstructions(normalizeText(text));
  return ASKS.find((row) => row.pattern.test(clean))?.ask ?? 'none';
}

/** A sympathetic opener for the known motivation (no opener when none is known). */
function empathy(background: string): string {
  const tags = new Set(extractSignals(background).tags.map((tag) => tag.signal));
  if (tags.has('probate') || tags.has('inherited')) return `I'm sorry for your loss. `;
  if (tags.has('divorce')) return 'I know this is a hard time. ';
  if (tags.has('pre-foreclosure') || tags.has('behind on payments')) return 'We can often close before a sale date. ';
  if (tags.has('fire damage') || tags.has('water damage')) return 'We buy houses as-is, damage included. ';
  return '';
}

function greet(context: TReplyContext): string {
  const name = context.firstName && context.firstName !== 'Unknown' ? context.firstName : '';
  if (context.tone === 'direct') return name ? `${name}, ` : '';
  if (context.tone === 'professional') return `Hello${name ? ` ${name}` : ''}, this is ${context.repName} with ${context.company}. `;
  return `Hi${name ? ` ${name}` : ''}! `;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function draftReplies(context: TReplyContext): TReplyDrafts {
  const hello = greet(context);
  const opener = context.contactKind === 'lead' ? empathy(`${context.background}\n${context.lastInbound ?? ''}`) : '';
  const start = (text: string) => `${hello}${opener}${hello ? text : sentence(text)}`;
  const polite = context.tone === 'direct' ? '' : ' Thanks!';
  const ask = classifyAsk(context.lastInbound);
  let replies: TReply[];
  if (context.contactKind === 'buyer') {
    replies = [
      { intent: 'answer_question', text: `${hello}happy to send the full deal sheet with photos, repair estimate and comps. Want it by text or email?` },
      { intent: 'book_call', text: `${hello}we can walk the property this week. What day works for you?` },
      { intent: 'make_offer_followup', text: `${hello}if the numbers work for you, send me your best offer and proof of funds and I'll hold it for you.${polite}` },
    ];
  } else if (ask === 'opt_out' || ask === 'not_selling') {
    replies = [
      { intent: 'respect_opt_out', text: `${hello}understood - I won't reach out again. Take care.` },
      { intent: 'respect_opt_out', text: `${hello}no problem at all, thanks for letting me know. Wishing you the best.` },
      { intent: 'acknowledge', text: `${hello}got it, thank you. If anything changes, you have my number.` },
    ];
  } else {
    const byAsk: Record<Exclude<TAsk, 'opt_out' | 'not_selling'>, TReply[]> = {
      price: [
        { intent: 'ask_condition', text: start('to give you a fair cash offer I need a few details: roughly what shape is the roof, HVAC and foundation in?') },
        { intent: 'book_call', text: start('I can get you a written cash offer within 24 hours of a quick walkthrough. Would tomorrow or the day after work?') },
        { intent: 'ask_price', text: start(`do you have a number in mind that would work for you? I'll be straight with you on what we can do.${polite}`) },
      ],
      speed: [
        { intent: 'answer_question', text: start('we pay cash and can close in as little as 7-14 days through a local title company, or on whatever date suits you.') },
        { intent: 'ask_timeline', text: start('when would you ideally like to be closed and moved out? We work around your date.') },
        { intent: 'book_call', text: start('do you have 10 minutes for a quick call today so I can get you an offer fast?') },
      ],
      callback: [
        { intent: 'book_call', text: start(`will do - I'll give you a call then. Is this the best number?`) },
        { intent: 'acknowledge', text: start(`no problem, I'll call you later today.${polite}`) },
        { intent: 'book_call', text: start('sounds good. Would 5:30 or 6:00 be better for a quick call?') },
      ],
      cash: [
        { intent: 'answer_question', text: start(`yes - it's a cash offer, we buy as-is with no repairs, no cleaning and no agent commissions.`) },
        { intent: 'ask_condition', text: start('yes, all cash and as-is. Anything major I should know about the house before I run numbers?') },
        { intent: 'book_call', text: start('yes, cash and no repairs. Could I stop by for a quick look this week so I can firm up the offer?') },
      ],
      consult: [
        { intent: 'acknowledge', text: start('of course, take the time you need. Happy to answer any questions they have.') },
        { intent: 'book_call', text: start('that makes sense. Would a quick call with both of you help? I can walk you through how it works.') },
        { intent: 'ask_timeline', text: start(`no rush on my end. When do you think you'll have talked it over?`) },
      ],
      yes: [
        { intent: 'ask_timeline', text: start('great! How soon would you want to sell if the offer works for you?') },
        { intent: 'ask_condition', text: start('glad to hear it. What condition is the house in - any repairs it needs?') },
        { intent: 'book_call', text: start('great - when is a good time for a quick 10-minute call?') },
      ],
      none: [
        { intent: 'acknowledge', text: start(`thanks for getting back to me. Are you still thinking about selling?`) },
        { intent: 'ask_timeline', text: start('if the offer made sense, how soon would you want to sell?') },
        { intent: 'book_call', text: start('do you have a few minutes for a quick call this week?') },
      ],
    };
    replies = byAsk[ask];
  }
  if (context.draft?.trim()) {
    const draft = context.draft.trim().replace(/\s+/g, ' ').slice(0, 320);
    replies = [{ intent: 'acknowledge', text: sentence(draft) }, ...replies.slice(0, 2)];
  }
  return { replies: replies.map((reply) => ({ ...reply, text: reply.text.slice(0, 320) })) };
}

/** The rep's usual tone from their last texts: long and formal → professional, short and plain → direct, else friendly. */
export function inferTone(outbound: readonly string[]): TReplyTone {
  if (outbound.length === 0) return 'friendly';
  const joined = outbound.join(' ');
  if (/\b(?:hello|regards|sincerely|thank you for)\b/i.test(joined)) return 'professional';
  const average = joined.length / outbound.length;
  if (!/[!]|\bhi\b|\bhey\b/i.test(joined) && average < 70) return 'direct';
  return 'friendly';
}
