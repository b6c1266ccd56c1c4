// Passes over the nonzeros of one sparse row, four nonzeros at a time: one load of the dense vector feeds four
// dot products and the four updates share one read-modify-write of the output (see docs/BENCHMARKS.md).
import { hsum4, madd } from './simd';

/** What the weight of a nonzero is, given its confidence c and t = Y_i . v (implicit's _als.pyx). */
export const enum Weight {
  /** Residual b - A x: w = p(c) c - (|c| - 1) t (p(c) = 1 for c > 0, else 0). */
  Residual = 0,
  /** Conjugate-gradient product A p: w = (|c| - 1) t. */
  Product = 1,
  /** Loss (A x - 2 b) . x: w = -2 p(c) c + (|c| - 1) t. */
  Loss = 2,
}

// @ts-ignore: decorator
@inline function weigh(kind: Weight, c: v128, t: v128): v128 {
  const cPos = f32x4.max(c, f32x4.splat(0));
  const cMinus1 = f32x4.sub(f32x4.abs(c), f32x4.splat(1));
  if (kind == Weight.Residual) return f32x4.sub(cPos, f32x4.mul(cMinus1, t));
  if (kind == Weight.Product) return f32x4.mul(cMinus1, t);
  return madd(cMinus1, t, f32x4.mul(cPos, f32x4.splat(-2)));
}

/**
 * Confidences of nonzeros j..j+3, base + alpha * rating. V is how a rating is stored: f32, or u8 for half-stars
 * (rating = byte / 2, alpha given already halved: the same product, so the same float as from the f32 rating).
 */
// @ts-ignore: decorator
@inline function confidence4<V>(values: usize, j: i32, alphaV: v128, baseV: v128): v128 {
  if (sizeof<V>() == 1) {
    const bytes = v128.load32_zero(values + <usize>j);
    const ints = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
    return madd(f32x4.convert_i32x4_u(ints), alphaV, baseV);
  }
  return madd(v128.load(values + (<usize>j << 2), 0, 4), alphaV, baseV);
}

// @ts-ignore: decorator
@inline function rating<V>(values: usize, j: i32): f32 {
  if (sizeof<V>() == 1) return <f32>load<u8>(values + <usize>j);
  return load<f32>(values + (<usize>j << 2));
}

/**
 * out += sum over nonzeros j in [start, end) of w(c_j, Y[idx_j] . v) * Y[idx_j], with c_j = base + alpha * value_j.
 * Returns sum of |c_j| (the loss needs it). With touchAhead, the factor rows of nonzeros 8-11 ahead are read early,
 * since WebAssembly has no prefetch instruction and these scattered rows are where the time goes.
 * indices: i32, values: V per nonzero (f32, or u8 half-stars with alpha already halved: see confidence4);
 * fixed: rows x stride f32 (stride a multiple of 8); v, out: stride f32; all 16-byte aligned.
 */
// @ts-ignore: decorator
@inline export function accumulateRow<V>(
  kind: Weight, indices: usize, values: usize, start: i32, end: i32, fixed: usize, rowBytes: usize,
  v: usize, out: usize, alpha: f32, base: f32, touchAhead: bool, sink: usize,
): f32 {
  const alphaV = f32x4.splat(alpha);
  const baseV = f32x4.splat(base);
  let confSum = f32x4.splat(0);
  let touched = f32x4.splat(0);
  let j = start;
  for (; j + 4 <= end; j += 4) {
    if (touchAhead) {
      const ahead = min(j + 8, end - 4);
      if (ahead > j) {
        for (let q = 0; q < 4; q++) {
          const row = fixed + <usize>load<i32>(indices + (<usize>(ahead + q) << 2)) * rowBytes;
          touched = f32x4.add(touched, v128.load(row));
        }
      }
    }
    const y0 = fixed + <usize>load<i32>(indices + (<usize>j << 2)) * rowBytes;
    const y1 = fixed + <usize>load<i32>(indices + (<usize>(j + 1) << 2)) * rowBytes;
    const y2 = fixed + <usize>load<i32>(indices + (<usize>(j + 2) << 2)) * rowBytes;
    const y3 = fixed + <usize>load<i32>(indices + (<usize>(j + 3) << 2)) * rowBytes;
    // Two vectors per step (rows are a multiple of 8 floats): half the loop overhead, two chains per dot.
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 32) {
      const va = v128.load(v + o);
      const vb = v128.load(v + o, 16);
      a0 = madd(v128.load(y0 + o), va, a0);
      b0 = madd(v128.load(y0 + o, 16), vb, b0);
      a1 = madd(v128.load(y1 + o), va, a1);
      b1 = madd(v128.load(y1 + o, 16), vb, b1);
      a2 = madd(v128.load(y2 + o), va, a2);
      b2 = madd(v128.load(y2 + o, 16), vb, b2);
      a3 = madd(v128.load(y3 + o), va, a3);
      b3 = madd(v128.load(y3 + o, 16), vb, b3);
    }
    a0 = f32x4.add(a0, b0);
    a1 = f32x4.add(a1, b1);
    a2 = f32x4.add(a2, b2);
    a3 = f32x4.add(a3, b3);
    const c = confidence4<V>(values, j, alphaV, baseV);
    confSum = f32x4.add(confSum, f32x4.abs(c));
    const w = weigh(kind, c, hsum4(a0, a1, a2, a3));
    const w0 = f32x4.splat(f32x4.extract_lane(w, 0));
    const w1 = f32x4.splat(f32x4.extract_lane(w, 1));
    const w2 = f32x4.splat(f32x4.extract_lane(w, 2));
    const w3 = f32x4.splat(f32x4.extract_lane(w, 3));
    for (let o: usize = 0; o < rowBytes; o += 32) {
      let acc = v128.load(out + o);
      let bcc = v128.load(out + o, 16);
      acc = madd(v128.load(y0 + o), w0, acc);
      bcc = madd(v128.load(y0 + o, 16), w0, bcc);
      acc = madd(v128.load(y1 + o), w1, acc);
      bcc = madd(v128.load(y1 + o, 16), w1, bcc);
      acc = madd(v128.load(y2 + o), w2, acc);
      bcc = madd(v128.load(y2 + o, 16), w2, bcc);
      acc = madd(v128.load(y3 + o), w3, acc);
      bcc = madd(v128.load(y3 + o, 16), w3, bcc);
      v128.store(out + o, acc);
      v128.store(out + o, bcc, 16);
    }
  }
  let confTail: f32 = 0;
  for (; j < end; j++) {
    const y = fixed + <usize>load<i32>(indices + (<usize>j << 2)) * rowBytes;
    let a = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 16) a = madd(v128.load(y + o), v128.load(v + o), a);
    const c = f32x4.splat(base + alpha * rating<V>(values, j));
    confTail += abs<f32>(f32x4.extract_lane(c, 0));
    const w = weigh(kind, c, hsum4(a, a, a, a));
    for (let o: usize = 0; o < rowBytes; o += 16) v128.store(out + o, madd(v128.load(y + o), w, v128.load(out + o)));
  }
  if (touchAhead) v128.store(sink, f32x4.add(v128.load(sink), touched));
  return f32x4.extract_lane(confSum, 0) + f32x4.extract_lane(confSum, 1) +
    f32x4.extract_lane(confSum, 2) + f32x4.extract_lane(confSum, 3) + confTail;
}
