/**
 * MovieLens's stars in one byte: every rating a multiple of 0.5 from 0 to 127.5 is stored as twice its value (u8),
 * exactly. A weighting's floats are not half-stars and stay f32. Used where ratings are copied or stored: to the
 * training workers without shared memory (engine/fit.ts) and in a saved dataset (persistence/dataset-codec.ts).
 */

/** True when `value` is a multiple of 0.5 from 0 to 127.5, so `value * 2` fits one byte exactly. */
export function isHalfStar(value: number): boolean {
  const twice = value * 2;
  return twice >= 0 && twice <= 255 && twice === Math.floor(twice);
}

/** The ratings as half-stars (twice each value), or null when one of them is not a half-star. */
export function halfStarsOf(values: Float32Array): Uint8Array<ArrayBuffer> | null {
  const bytes = new Uint8Array(values.length);
  for (let k = 0; k < values.length; k++) {
    if (!isHalfStar(values[k])) return null;
    bytes[k] = values[k] * 2;
  }
  return bytes;
}
