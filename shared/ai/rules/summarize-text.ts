import type { TLeadSummary } from '../ai.schemas.ts';
import { extractSignals, normalizeText, stripInstructions } from './extract-signals.ts';
import { scoreQualification } from './score-qualification.ts';

/**
 * A rules summary of a lead's notes: the motivation tags, the timeline/condition/price
 * findings as one line, the note sentences that carried them as bullets (verbatim, so nothing
 * is invented), and the next step (the first open question, or an offer when the lead is hot).
 */
export function summarizeText(notes: string): TLeadSummary {
  const signals = extractSignals(notes);
  const qualification = scoreQualification(signals);
  const { factors } = qualification;
  const motivation = signals.tags.map((tag) => tag.signal);
  const parts = [
    motivation.length ? `${capitalize(motivation.join(', '))} seller` : 'Seller (motivation not stated yet)',
    factors.timeline.finding,
    factors.condition.finding,
    factors.price.finding,
  ].filter((part): part is string => Boolean(part));
  const text = `${parts.join('; ')}.`.slice(0, 400);

  // The sentences where the evidence was found, in note order, without the date/author prefixes.
  const quotes = [...signals.tags, signals.timeline, signals.condition, signals.price].filter((evidence) => evidence !== null).map((evidence) => evidence.quote);
  const sentences = stripInstructions(notes.replace(/\[\d{4}-\d{2}-\d{2}[^\]]*\]\s*/g, ''))
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  const bullets: string[] = [];
  for (const sentence of sentences) {
    const lower = normalizeText(sentence);
    if (quotes.some((quote) => lower.includes(quote)) && !bullets.includes(sentence)) bullets.push(sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence);
    if (bullets.length === 4) break;
  }
  const next_step = qualification.band === 'hot' ? 'Call today and make a cash offer; book a walkthrough.' : (qualification.questions[0] ?? 'Follow up and confirm the timeline.');
  return { text, bullets, motivation, next_step: next_step.startsWith('Call') ? next_step : `Ask: ${next_step}` };
}

const capitalize = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
