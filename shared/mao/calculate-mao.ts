export interface TMaoInput {
  /** After-repair value. */
  arv: number;
  repairs: number;
  /** The assignment fee the wholesaler wants to keep. */
  desired_fee: number;
  /** Share of ARV a cash buyer pays before repairs (0.4–0.95); organisations set theirs, 70 % by default. */
  factor: number;
}

export interface TMaoResult extends TMaoInput {
  /** Whole dollars, rounded down; negative when the numbers do not work. */
  mao: number;
  explanation: string;
}

const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dollars = (amount: number) => `${amount < 0 ? '−' : ''}$${WHOLE_DOLLARS.format(Math.abs(amount))}`;

/**
 * Maximum allowable offer: ARV × factor − repairs − desired fee. Pure, so the lead's and the
 * deal's calculators agree to the dollar. Rounded down (an offer a dollar low is safe, a dollar
 * high is not), computed in cents to keep 0.7 × 123,456 exact.
 */
export function calculateMao(input: TMaoInput): TMaoResult {
  const cents = Math.round(input.arv * 100) * Math.round(input.factor * 10_000) / 10_000 - Math.round(input.repairs * 100) - Math.round(input.desired_fee * 100);
  const mao = Math.floor(Math.round(cents) / 100);
  const percent = `${+(input.factor * 100).toFixed(2)}%`;
  return {
    ...input,
    mao,
    explanation: `${dollars(input.arv)} × ${percent} − ${dollars(input.repairs)} − ${dollars(input.desired_fee)} = ${dollars(mao)}`,
  };
}
