import { TAG_RULES } from './motivation-tags.ts';

/**
 * Deterministic reading of seller text: motivation tags with the phrase that triggered each,
 * and the four qualification factors (timeline, condition, price expectation, intent). Pure,
 * fast (a few regexes over the text), and it never acts on what the text says — it only reads it.
 */
export interface TEvidence {
  /** What was recognised (a tag, a timeline class…). */
  signal: string;
  /** The words in the text that matched (≤ 60 chars). */
  quote: string;
}

export type TTimeline = 'asap' | 'soon' | 'months' | 'no_rush';
export type TCondition = 'major_repairs' | 'needs_work' | 'good';
export type TPriceStance = 'flexible' | 'stated' | 'retail';
export type TIntent = 'not_selling' | 'opt_out' | 'interested';

export interface TSignals {
  tags: TEvidence[];
  timeline: TEvidence | null;
  condition: TEvidence | null;
  price: TEvidence | null;
  intent: TEvidence | null;
  /** Dollar amounts mentioned, in order (`$142k` → 142000). */
  amounts: number[];
}

const NEGATION = /\b(?:not|no|never|isn't|aren't|wasn't|weren't|without|nor|don't|doesn't|didn't|zero)\b(?:\W+\w+){0,2}\W*$/;

const TIMELINE: readonly { value: TTimeline; patterns: readonly RegExp[] }[] = [
  { value: 'no_rush', patterns: [/\bno rush\b/, /\bnot in (?:a|any) (?:rush|hurry)\b/, /\bjust (?:curious|looking|seeing)\b/, /\bmaybe (?:next|in a) year\b/, /\bsomeday\b/, /\bwhenever\b/, /\bno hurry\b/] },
  {
    value: 'asap',
    patterns: [/\basap\b/, /\bas soon as possible\b/, /\bright away\b/, /\bimmediately\b/, /\bthis week\b/, /\bquick(?:ly)? (?:sale|close|closing)\b/, /\bfast (?:sale|close|cash)\b/, /\bclose (?:fast|quickly|quick)\b/, /\bsale (?:date )?is (?:set|scheduled)\b/, /\bsale date\b/, /\b(?:in|within) (?:the next )?(?:30|thirty) days\b/, /\bjust want (?:out|it gone|to be done)\b/, /\bwants? (?:it )?gone\b/, /\bin (?:under |less than )?(?:two|three|2|3) weeks\b/, /\bwithin (?:a|one|two|2|7|10|14) (?:days?|weeks?)\b/, /\bneed(?:s)? to (?:sell|close) (?:fast|quickly|now|soon)\b/, /\bby the end of the month\b/],
  },
  { value: 'soon', patterns: [/\bnext month\b/, /\b(?:30|thirty|45|60|sixty) days\b/, /\bsix weeks\b/, /\bdeadline\b/, /\bbefore (?:the|school|summer|christmas|the holidays)\b/, /\bsoon\b/, /\bpcs\b/, /\bstart date\b/, /\bwithin (?:a|one|two) months?\b/, /\bhearing is next\b/] },
  { value: 'months', patterns: [/\b(?:few|couple|three|3|six|6) months\b/, /\bthis (?:year|summer|spring|fall)\b/, /\bnext (?:spring|summer|fall|year)\b/, /\bafter the holidays\b/, /\bflexible on (?:the )?(?:closing|timing|date)\b/] },
];

const CONDITION: readonly { value: TCondition; patterns: readonly RegExp[] }[] = [
  {
    value: 'major_repairs',
    patterns: [/\bfull (?:rehab|gut|remodel)\b/, /\bfoundation (?:issues?|problems?|work|is|needs|cracks?)\b/, /\bfailing foundation\b/, /\bfire\b/, /\bwater damage\b/, /\bmold\b/, /\bboarded\b/, /\buninhabitable\b/, /\bneeds (?:a )?new roof\b/, /\broof (?:leaks?|is (?:shot|bad|caving))\b/, /\bgutted\b/, /\bcondemned\b/, /\bteardown\b/, /\bsub-?floor\b/, /\belectrical needs\b/],
  },
  { value: 'needs_work', patterns: [/\bneeds (?:some )?(?:work|repairs?|updating|tlc|paint|flooring)\b/, /\bdated\b/, /\boriginal (?:kitchen|baths?)\b/, /\bac (?:went out|is out|unit)\b/, /\bold roof\b/, /\bas[- ]is\b/, /\bfixer\b/, /\bdeferred maintenance\b/, /\bcosmetic\b/, /\bcast iron\b/, /\bneeds? (?:a )?(?:lot of )?(?:tlc|love|work)\b/, /\brepairs\b/] },
  { value: 'good', patterns: [/\bmove[- ]in ready\b/, /\b(?:fully |recently )?(?:updated|remodeled|renovated)\b/, /\bgreat (?:shape|condition)\b/, /\bgood (?:shape|condition)\b/, /\bnew roof\b/, /\bturnkey\b/] },
];

const PRICE: readonly { value: TPriceStance; patterns: readonly RegExp[] }[] = [
  { value: 'retail', patterns: [/\bretail\b/, /\bfull (?:market )?(?:value|price)\b/, /\bzillow (?:says|shows|estimate)\b/, /\bnot (?:giving|going to give) it away\b/, /\btop dollar\b/, /\blist(?:ed|ing)? (?:it )?with an agent\b/, /\bwhat it'?s worth\b/, /\btoo low\b/, /\blowball\b/, /\$[\d,.]+k?\s+firm\b/] },
  { value: 'flexible', patterns: [/\bmake (?:me|us) an offer\b/, /\bwhat(?:ever)? (?:would|will|can) you (?:offer|pay|give)\b/, /\bwhatever is fair\b/, /\bjust want (?:out|to walk away|it gone|to be done)\b/, /\b(?:take|accept) (?:a )?lower (?:price|offer)\b/, /\bprice matters less\b/, /\bany(?: reasonable)? offer\b/, /\bwalk away with something\b/, /\bpayoff\b/, /\bowes? (?:about |roughly |around )?\$/, /\bwhat (?:do|would) you (?:offer|pay)\b/, /\bcash offer\b/, /\bwhat(?:'s| is) your offer\b/] },
  { value: 'stated', patterns: [/\b(?:want|wants|asking|need|needs|looking for|hoping for|expect(?:s|ing)?) (?:to get )?(?:at least |around |about )?\$\s?\d/, /\bwon'?t (?:take|go) (?:less|below|under) (?:than )?\$?\d/, /\basking price\b/] },
];

const INTENT: readonly { value: TIntent; patterns: readonly RegExp[] }[] = [
  { value: 'opt_out', patterns: [/^\s*(?:stop|unsubscribe|quit|cancel|end|stopall)\s*[.!]*\s*$/, /\bstop (?:texting|contacting|calling|messaging)\b/, /\bremove (?:me|my number)\b/, /\bwrong number\b/, /\bdo not (?:text|contact|call)\b/, /\bdon'?t (?:text|contact|call) (?:me|us|again)\b/, /\blose my number\b/] },
  { value: 'not_selling', patterns: [/\bnot (?:interested|selling)\b/, /\b(?:don'?t|do not) want to sell\b/, /\bnot for sale\b/, /\bdecided to keep\b/, /\balready sold\b/, /\bno longer (?:interested|selling)\b/, /\b(?:already )?listed (?:it )?with an agent\b/, /\bnever selling\b/] },
  { value: 'interested', patterns: [/\b(?:want|need|have|looking|ready|thinking about|considering|interested in) (?:to )?sell(?:ing)?\b/, /\bwhat would you offer\b/, /\bhow (?:fast|quick|soon) can you close\b/, /\bcash offer\b/, /\byes\b/, /\bsounds good\b/, /\bmake (?:me|us) an offer\b/, /\bmotivated\b/] },
];

const AMOUNT = /\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|m)?\b/g;

function findFirst(text: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
    for (const match of text.matchAll(new RegExp(pattern.source, flags))) {
      const before = text.slice(Math.max(0, match.index - 40), match.index);
      if (NEGATION.test(before)) continue;
      return match[0].slice(0, 60);
    }
  }
  return null;
}

function classify<T extends string>(text: string, table: readonly { value: T; patterns: readonly RegExp[] }[]): TEvidence | null {
  for (const row of table) {
    const quote = findFirst(text, row.patterns);
    if (quote) return { signal: row.value, quote };
  }
  return null;
}

/** Normalises quotes and spacing so patterns need not care (’ → ', runs of spaces → one). */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

/**
 * Sentences that talk to a machine ("ignore previous instructions", "system:", "tag this lead
 * as …") are dropped before reading: they are not facts about the seller, and a seller's text
 * must not be able to choose its own tags or score.
 */
const INJECTION = /\b(?:ignore|disregard|forget) (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|rules|prompts?)\b|\b(?:system|assistant|developer)\s*:|\badmin mode\b|\byou are now\b|\b(?:tag|label|mark|flag|classify|score|set) (?:this|the) (?:lead|seller|contact|message)\b/;

export function stripInstructions(text: string): string {
  return text
    .split(/(?<=[.!?\n])\s+/)
    .filter((sentence) => !INJECTION.test(sentence))
    .join(' ');
}

export function extractSignals(raw: string): TSignals {
  const text = stripInstructions(normalizeText(raw));
  const tags: TEvidence[] = [];
  for (const rule of TAG_RULES) {
    const quote = findFirst(text, rule.patterns);
    if (quote) tags.push({ signal: rule.tag, quote });
  }
  const amounts = [...text.matchAll(AMOUNT)].map((match) => {
    const value = Number((match[1] ?? '0').replace(/,/g, ''));
    return match[2] === 'k' ? value * 1000 : match[2] === 'm' ? value * 1_000_000 : value;
  });
  return { tags, timeline: classify(text, TIMELINE), condition: classify(text, CONDITION), price: classify(text, PRICE), intent: classify(text, INTENT), amounts };
}
