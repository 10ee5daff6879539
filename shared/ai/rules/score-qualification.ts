import { TAG_RULES } from './motivation-tags.ts';
import type { TSignals } from './extract-signals.ts';

/**
 * Transparent qualification: four factors with fixed maximums (motivation 35, timeline 25,
 * condition 20, price 20). A factor the text says nothing about scores half its maximum
 * and adds the question to ask; a seller who is not selling or opted out is capped at 10, one in
 * no hurry or expecting retail at 35 (cold: a wholesaler's offer will not fit).
 * Bands: hot ≥ 70, warm 40–69, cold < 40.
 */
export type TBand = 'hot' | 'warm' | 'cold';
export type TFactorName = 'motivation' | 'timeline' | 'condition' | 'price';

export interface TFactor {
  points: number;
  max: number;
  /** Null when the text says nothing about it. */
  finding: string | null;
}

export interface TQualification {
  score: number;
  band: TBand;
  factors: Record<TFactorName, TFactor>;
  reasons: string[];
  questions: string[];
}

const MAX: Record<TFactorName, number> = { motivation: 35, timeline: 25, condition: 20, price: 20 };
const UNKNOWN_SHARE = 0.5;
const WEIGHTS = new Map(TAG_RULES.map((rule) => [rule.tag, rule.weight]));

const TIMELINE_POINTS = { asap: 25, soon: 20, months: 8, no_rush: 3 } as const;
const TIMELINE_TEXT = { asap: 'wants to sell right away', soon: 'wants to sell within about a month or two', months: 'a few months out', no_rush: 'in no hurry' } as const;
const CONDITION_POINTS = { major_repairs: 20, needs_work: 15, good: 3 } as const;
const CONDITION_TEXT = { major_repairs: 'needs major repairs', needs_work: 'needs some work', good: 'in good condition (less room for a discount)' } as const;
const PRICE_POINTS = { flexible: 20, stated: 8, retail: 3 } as const;
const PRICE_TEXT = { flexible: 'flexible on price', stated: 'has a price in mind', retail: 'expects retail value' } as const;

const QUESTIONS: Record<TFactorName, string> = {
  motivation: 'What has you thinking about selling the property?',
  timeline: 'If we agreed on a price, how soon would you want to close?',
  condition: 'What condition is the house in — roof, HVAC, foundation, anything that needs repair?',
  price: 'Do you have a number in mind you would need to walk away happy?',
};

export const bandOf = (score: number): TBand => (score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold');

export function scoreQualification(signals: TSignals): TQualification {
  const reasons: string[] = [];
  const questions: string[] = [];
  const unknown = (name: TFactorName): TFactor => {
    questions.push(QUESTIONS[name]);
    return { points: Math.round(MAX[name] * UNKNOWN_SHARE), max: MAX[name], finding: null };
  };

  let motivation: TFactor;
  if (signals.tags.length > 0) {
    const best = Math.max(...signals.tags.map((tag) => WEIGHTS.get(tag.signal) ?? 0));
    const points = Math.min(MAX.motivation, best + (signals.tags.length > 1 ? 5 : 0));
    const names = signals.tags.map((tag) => tag.signal).join(', ');
    motivation = { points, max: MAX.motivation, finding: names };
    reasons.push(`Motivation: ${names} (“${signals.tags[0]?.quote}”) +${points}`);
  } else motivation = unknown('motivation');

  const timeline: TFactor = signals.timeline ? factor('timeline', TIMELINE_POINTS, TIMELINE_TEXT, signals.timeline, reasons) : unknown('timeline');
  const condition: TFactor = signals.condition ? factor('condition', CONDITION_POINTS, CONDITION_TEXT, signals.condition, reasons) : unknown('condition');
  const price: TFactor = signals.price ? factor('price', PRICE_POINTS, PRICE_TEXT, signals.price, reasons) : unknown('price');

  let score = motivation.points + timeline.points + condition.points + price.points;
  if (signals.timeline?.signal === 'no_rush' || signals.price?.signal === 'retail') {
    score = Math.min(score, 35);
    reasons.push(signals.timeline?.signal === 'no_rush' ? 'In no hurry to sell: score capped at 35' : 'Expects retail value: score capped at 35');
  }
  if (signals.intent && signals.intent.signal !== 'interested') {
    score = Math.min(score, 10);
    reasons.unshift(signals.intent.signal === 'opt_out' ? `Asked not to be contacted (“${signals.intent.quote}”): score capped at 10` : `Says they are not selling (“${signals.intent.quote}”): score capped at 10`);
  }
  score = Math.max(0, Math.min(100, Math.round(score)));
  return { score, band: bandOf(score), factors: { motivation, timeline, condition, price }, reasons, questions };
}

function factor<K extends string>(name: TFactorName, points: Record<K, number>, text: Record<K, string>, evidence: { signal: string; quote: string }, reasons: string[]): TFactor {
  const key = evidence.signal as K;
  const value = points[key];
  reasons.push(`${name[0]?.toUpperCase()}${name.slice(1)}: ${text[key]} (“${evidence.quote}”) +${value}`);
  return { points: value, max: MAX[name], finding: text[key] };
}
