/**
 * A small seeded PRNG so that a split is reproducible from its seed (implicit seeds numpy's RandomState instead; the
 * streams differ, the semantics do not). mulberry32 by Tommy Ettinger: 32-bit state, passes gjrand/PractRand to 2^32.
 */

/** Returns a function giving uniform doubles in [0, 1), the same sequence for the same seed. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
