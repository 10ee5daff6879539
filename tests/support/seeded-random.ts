/** A small deterministic random generator (LCG), so generated data and expectations repeat run to run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * mulberry32: a small deterministic generator with a full 2^32 period. Prefer it where many
 * distinct values matter: `seeded` multiplies past 2^53 in floating point, loses its low bits
 * and can cycle after a few ten thousand values (seed 20260302 repeats after 18,525).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
