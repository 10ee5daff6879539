import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../shared/contact/normalize-contact.ts';
import { createNanpPhoneCache } from '../../shared/contact/nanp-phone-cache.ts';
import { mulberry32 } from '../support/seeded-random.ts';

/** What libphonenumber-js alone says, as normalizePhone said before the fast path. */
function reference(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'US');
  return parsed?.isValid() ? parsed.number : null;
}

const SHAPES = [
  (a: string, b: string, c: string) => `(${a}) ${b}-${c}`,
  (a: string, b: string, c: string) => `${a}.${b}.${c}`,
  (a: string, b: string, c: string) => `${a}-${b}-${c}`,
  (a: string, b: string, c: string) => `${a}${b}${c}`,
  (a: string, b: string, c: string) => `1${a}${b}${c}`,
  (a: string, b: string, c: string) => `+1 ${a} ${b} ${c}`,
  (a: string, b: string, c: string) => `1-${a}-${b}-${c}`,
  (a: string, b: string, c: string) => ` +1(${a})${b}-${c} `,
];

describe('NANP phone fast path', () => {
  it('agrees with libphonenumber-js on 12,000 generated numbers in every common shape', () => {
    const random = mulberry32(20_260_302);
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
    const mismatches: string[] = [];
    for (let index = 0; index < 12_000; index++) {
      // Area codes and exchanges across the whole range, valid or not, with repeats so cached prefixes are exercised.
      const area = index % 3 === 0 ? ['512', '210', '713', '214', '876', '787', '800', '555'][index % 8] as string : String(200 + Math.floor(random() * 800));
      const exchange = index % 5 === 0 ? '555' : digits(3);
      const input = (SHAPES[index % SHAPES.length] as (typeof SHAPES)[number])(area, exchange, digits(4));
      const fast = normalizePhone(input);
      const expected = reference(input);
      if ((fast.value ?? null) !== expected) mismatches.push(`${input}: ${fast.value ?? fast.error} ≠ ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(['(512) 555-0142 x12', '512-555-014', '+44 20 7946 0958', '(512 555-0142', 'call 512 555 0142', '0512 555 0142'])('leaves %j to libphonenumber-js', (input) => {
    expect(createNanpPhoneCache(() => null).normalize(input)).toBeUndefined();
    expect(normalizePhone(input).value ?? null).toBe(reference(input));
  });

  it('asks libphonenumber-js once per six-digit prefix', () => {
    const asked: string[] = [];
    const cache = createNanpPhoneCache((e164) => {
      asked.push(e164);
      return e164;
    });
    expect(cache.normalize('(512) 555-0142')).toBe('+15125550142');
    expect(cache.normalize('512.555.9999')).toBe('+15125559999');
    expect(cache.normalize('+1 512 556 0000')).toBe('+15125560000');
    expect(asked).toEqual(['+15125550142', '+15125560000']);
  });

  it('remembers an invalid prefix as invalid and gives up on an unexpected answer', () => {
    const cache = createNanpPhoneCache((e164) => (e164.startsWith('+1555') ? null : e164.startsWith('+1999') ? '+19990000000' : e164));
    expect(cache.normalize('555-123-4567')).toBeNull();
    expect(cache.normalize('555-123-0000')).toBeNull();
    expect(cache.normalize('999-123-4567')).toBeUndefined();
  });
});
