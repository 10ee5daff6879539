/**
 * A one-sentence explanation of a buyer match from its scored reasons (deterministic, no
 * model call: a page lists up to 200 buyers): the verdict, what fits best, and what holds the
 * score back. Reason details are the matcher's own sentences.
 */
export function explainMatch(score: number, reasons: readonly { factor: string; points: number; max: number; detail: string }[]): string {
  const verdict = score >= 75 ? 'Strong match' : score >= 50 ? 'Good match' : 'Possible match';
  const strong = reasons.filter((reason) => reason.max > 0 && reason.points / reason.max >= 0.75).sort((a, b) => b.points - a.points);
  const weak = reasons.filter((reason) => reason.max > 0 && reason.points / reason.max < 0.5).sort((a, b) => b.max - b.points - (a.max - a.points));
  const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
  const parts = [`${verdict} (${score}/100)`];
  if (strong.length) parts.push(`fits on ${strong.slice(0, 3).map((reason) => lower(reason.detail)).join('; ')}`);
  if (weak.length) parts.push(`held back by ${weak.slice(0, 2).map((reason) => lower(reason.detail)).join('; ')}`);
  return `${parts.join(': ').replace(/: held back/, ' — held back')}.`;
}
