import { describe, expect, it } from 'vitest';
import { calculateMao } from '../../shared/mao/calculate-mao.ts';

describe('calculateMao', () => {
  it.each([
    // arv, factor, repairs, fee → mao
    [200_000, 0.7, 25_000, 10_000, 105_000],
    [200_000, 0.75, 25_000, 10_000, 115_000],
    [123_456, 0.7, 0, 0, 86_419],
    [150_000, 0.65, 40_000, 15_000, 42_500],
    [80_000, 0.7, 50_000, 10_000, -4_000],
    [99_999.99, 0.7, 0.5, 0, 69_999],
  ])('ARV %d × %d − %d − %d = %d (whole dollars, rounded down)', (arv, factor, repairs, desired_fee, mao) => {
    expect(calculateMao({ arv, factor, repairs, desired_fee }).mao).toBe(mao);
  });

  it('spells the calculation out', () => {
    expect(calculateMao({ arv: 200_000, factor: 0.7, repairs: 25_000, desired_fee: 10_000 }).explanation).toBe('$200,000 × 70% − $25,000 − $10,000 = $105,000');
    expect(calculateMao({ arv: 80_000, factor: 0.7, repairs: 50_000, desired_fee: 10_000 }).explanation).toBe('$80,000 × 70% − $50,000 − $10,000 = −$4,000');
  });
});
