/**
 * Small seeded pseudo-random generators for reproducible fixtures, samples and benchmarks.
 * mulberry32 is Tommy Ettinger's 32-bit generator (public domain, as popularised by bryc/code "PRNGs"):
 * one 32-bit state, period 2^32, good enough for test data and far faster than crypto randomness.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/** mulberry32: a seeded generator of uniform floats in [0, 1); the same seed always gives the same sequence. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** An approximately normal sample (mean 0, sd 1) from the sum of four uniforms (Irwin–Hall), cheap and bounded. */
export function roughNormal(random: Random): number {
  return (random() + random() + random() + random() - 2) * Math.sqrt(3);
}

/** Shuffles `values` in place with Fisher–Yates (Knuth, TAOCP vol. 2, algorithm P) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, random: Random): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
  return values;
}
