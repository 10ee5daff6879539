import type { TAiMeta } from '../../../shared/ai/ai.schemas.ts';

/** Who answered, for the small print under each AI result, and why the model did not. */
export function providerNote(ai: TAiMeta): string {
  const who = ai.provider === 'gemini' ? `Gemini (${ai.model ?? 'model'})` : 'DealCycle rules';
  if (ai.fallback_reason === 'quota') return `${who} — the organisation's AI allowance for today is used up`;
  return ai.fallback_reason ? `${who} — the model was unavailable (${ai.fallback_reason.replace(/_/g, ' ')})` : who;
}
