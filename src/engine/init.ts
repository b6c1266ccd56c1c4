/**
 * Seeded initial factors, uniform in [0, 0.01) as implicit initialises them (`random((n, factors)) * 0.01`).
 * Each value is a hash of (seed, side, row, column), so any worker can fill any rows and the result does
 * not depend on how rows are split between workers.
 */

/** 32-bit mix of splitmix32/murmur3's finaliser: a good hash for consecutive counters. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Which factor matrix a value belongs to, so users and items get different streams. */
export type Side = 'users' | 'items';

/**
 * Fills rows [first, last) of a factor matrix (row-major, `stride` floats per row, padding left zero) with
 * uniform [0, 0.01) values. `out` holds exactly those rows.
 */
export function fillInitialFactors(
  out: Float32Array,
  seed: number,
  side: Side,
  first: number,
  last: number,
  factors: number,
  stride: number,
): void {
  const sideKey = side === 'users' ? 0x5bd1e995 : 0x1b873593;
  const key = mix32((seed >>> 0) ^ sideKey);
  for (let row = first; row < last; row++) {
    const rowKey = mix32(key ^ mix32(row + 0x9e3779b9));
    const base = (row - first) * stride;
    for (let f = 0; f < factors; f++) {
      out[base + f] = (mix32(rowKey + Math.imul(f, 0x9e3779b9)) / 4294967296) * 0.01;
    }
    out.fill(0, base + factors, base + stride);
  }
}
