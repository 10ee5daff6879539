/**
 * A fast path for the phone shapes US lists are full of (`(512) 555-0142`, `512.555.0142`,
 * `+1 512 555 0142`, `15125550142`…): libphonenumber-js takes 10–15 µs per number, which
 * made phone normalisation most of a CSV import's time.
 *
 * Whether a North American number is valid depends only on the first six digits of its ten
 * (area code and exchange): every pattern in libphonenumber-js's metadata for the 25 NANP
 * countries ends in `\d{4}` or longer runs of `\d`. Checked exhaustively against
 * libphonenumber-js 1.13 (all 800,000 prefixes 200000–999999 with three line numbers each
 * agree) and sampled again by tests/unit/nanp-phone-cache.test.ts on every run. So the answer
 * libphonenumber-js gives for one number of a prefix is remembered for the prefix, and the
 * E.164 form (`+1` and the ten digits) is built directly. Anything else — other shapes,
 * extensions, letters, other countries — is left to libphonenumber-js.
 */
const SHAPE = /^\s*(?:\+?1[\s.-]?)?(?:\(([2-9]\d\d)\)|([2-9]\d\d))[\s.-]?(\d{3})[\s.-]?(\d{4})\s*$/;
const MAX_PREFIXES = 250_000;

export interface TNanpPhoneCache {
  /**
   * The E.164 number, `null` when libphonenumber-js judged the prefix invalid, or `undefined`
   * when the input is not one of the simple shapes (ask libphonenumber-js).
   */
  normalize(input: string): string | null | undefined;
}

/** `validate` is libphonenumber-js's verdict on an E.164 number: its E.164 form if valid, else null. */
export function createNanpPhoneCache(validate: (e164: string) => string | null): TNanpPhoneCache {
  const prefixes = new Map<string, boolean>();
  return {
    normalize(input) {
      const match = SHAPE.exec(input);
      if (!match) return undefined;
      const digits = `${match[1] ?? match[2]}${match[3]}${match[4]}`;
      const e164 = `+1${digits}`;
      const prefix = digits.slice(0, 6);
      let valid = prefixes.get(prefix);
      if (valid === undefined) {
        const verdict = validate(e164);
        // Only the plain answer is remembered; anything unexpected stays with libphonenumber-js.
        if (verdict !== null && verdict !== e164) return undefined;
        valid = verdict !== null;
        if (prefixes.size >= MAX_PREFIXES) prefixes.clear();
        prefixes.set(prefix, valid);
      }
      return valid ? e164 : null;
    },
  };
}
