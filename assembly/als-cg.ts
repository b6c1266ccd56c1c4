// Conjugate-gradient ALS row solver and training loss, as implicit computes them (implicit/cpu/_als.pyx,
// least_squares_cg and _calculate_loss; Takacs, Pilaszy, Tikk 2011 for CG with a shared Gram matrix).
import { dot, symv, zero } from './simd';
import { accumulateRow, Weight } from './rows';
import { KernelParams } from './params.generated';

/** Bytes of per-worker scratch solveRowsCg and lossRows need: r, p, Ap and a 16-byte sink. */
export function scratchBytes(stride: i32): i32 {
  return 3 * (stride << 2) + 16;
}

// @ts-ignore: decorator
@inline function claimRows(counter: usize, chunk: i32): i32 {
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(counter, chunk);
  const start = load<i32>(counter);
  store<i32>(counter, start + chunk);
  return start;
}

// @ts-ignore: decorator
@inline function solveRow<V>(
  row: i32, indptr: usize, indices: usize, values: usize, target: usize, fixed: usize, gram: usize,
  stride: i32, cgSteps: i32, alpha: f32, base: f32, scratch: usize,
): void {
  const rowBytes = <usize>stride << 2;
  const x = target + <usize>row * rowBytes;
  const start = load<i32>(indptr + (<usize>row << 2));
  const end = load<i32>(indptr + (<usize>(row + 1) << 2));
  // A row with no ratings gets a zero vector, as in implicit.
  if (start == end) {
    zero(x, rowBytes);
    return;
  }
  const r = scratch;
  const p = r + rowBytes;
  const ap = p + rowBytes;
  const sink = ap + rowBytes;

  // r = b - A x, where A = YtY + reg I + Yt (Cu - I) Y and b = Yt Cu p(u).
  symv(gram, x, ap, stride);
  zero(r, rowBytes);
  for (let o: usize = 0; o < rowBytes; o += 16) v128.store(r + o, f32x4.neg(v128.load(ap + o)));
  accumulateRow<V>(Weight.Residual, indices, values, start, end, fixed, rowBytes, x, r, alpha, base, true, sink);
  memory.copy(p, r, rowBytes);
  let rsOld = dot(r, r, rowBytes);
  if (rsOld < 1e-20) return;

  for (let step = 0; step < cgSteps; step++) {
    symv(gram, p, ap, stride);
    accumulateRow<V>(Weight.Product, indices, values, start, end, fixed, rowBytes, p, ap, alpha, base, false, sink);
    const stepSize = rsOld / dot(p, ap, rowBytes);
    const a = f32x4.splat(stepSize);
    let rr = f32x4.splat(0);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      v128.store(x + o, f32x4.add(v128.load(x + o), f32x4.mul(a, v128.load(p + o))));
      const rv = f32x4.sub(v128.load(r + o), f32x4.mul(a, v128.load(ap + o)));
      v128.store(r + o, rv);
      rr = f32x4.add(rr, f32x4.mul(rv, rv));
    }
    const rsNew: f32 = f32x4.extract_lane(rr, 0) + f32x4.extract_lane(rr, 1) +
      f32x4.extract_lane(rr, 2) + f32x4.extract_lane(rr, 3);
    if (rsNew < 1e-20) break;
    const beta = f32x4.splat(rsNew / rsOld);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      v128.store(p + o, f32x4.add(v128.load(r + o), f32x4.mul(beta, v128.load(p + o))));
    }
    rsOld = rsNew;
  }
}

/**
 * Solves rows of `target` against `fixed` with cgSteps of warm-started conjugate gradient, claiming chunks of
 * `chunk` rows from the i32 counter at `counter` until `rows` are done (atomically in the threads build).
 * Reads indptr, indices, values, rows, counter, chunk, target, fixed, gram, stride, cgSteps, alpha, base and scratch
 * from the parameter block at `params` (KERNEL_PARAMS in src/engine/layout.ts).
 * CSR: indptr i32[rows+1], indices i32, values f32 ratings, or u8 half-stars (rating = byte / 2) when halfSteps is
 * set; confidence = base + alpha * rating.
 * target: rows x stride f32, fixed: n x stride f32, gram: stride x stride f32 (YtY + reg I), row-major,
 * stride a multiple of 8, all 16-byte aligned; scratch: scratchBytes(stride) bytes, 16-byte aligned.
 */
export function solveRowsCg(params: usize): void {
  if (changetype<KernelParams>(params).halfSteps) solveRows<u8>(params);
  else solveRows<f32>(params);
}

// @ts-ignore: decorator
@inline function solveRows<V>(params: usize): void {
  const p = changetype<KernelParams>(params);
  const indptr = p.indptr;
  const indices = p.indices;
  const values = p.values;
  const rows = p.rows;
  const counter = p.counter;
  const chunk = p.chunk;
  const target = p.target;
  const fixed = p.fixed;
  const gram = p.gram;
  const stride = p.stride;
  const cgSteps = p.cgSteps;
  const alpha = sizeof<V>() == 1 ? p.alpha * 0.5 : p.alpha;
  const base = p.base;
  const scratch = p.scratch;
  while (true) {
    const first = claimRows(counter, chunk);
    if (first >= rows) break;
    const last = min(first + chunk, rows);
    for (let row = first; row < last; row++) {
      solveRow<V>(row, indptr, indices, values, target, fixed, gram, stride, cgSteps, alpha, base, scratch);
    }
  }
}

/**
 * Adds implicit's per-row loss terms for rows [first, last) to out f64[2]: out[0] += sum_u (sum_i |c| +
 * x_u . (G x_u + sum_i (-2 p c + (|c| - 1) y_i . x_u) y_i)), out[1] += sum |c|. With G = YtY + reg I this
 * already includes reg * |x_u|^2; the caller adds reg * |Y|^2 and divides (implicit's calculate_loss).
 * Reads indptr, indices, values, first, last, target, fixed, gram, stride, alpha, base, scratch and out from the
 * parameter block at `params`. Layouts as solveRowsCg; out: f64[2], 8-byte aligned.
 */
export function lossRows(params: usize): void {
  if (changetype<KernelParams>(params).halfSteps) lossOf<u8>(params);
  else lossOf<f32>(params);
}

// @ts-ignore: decorator
@inline function lossOf<V>(params: usize): void {
  const p = changetype<KernelParams>(params);
  const indptr = p.indptr;
  const indices = p.indices;
  const values = p.values;
  const first = p.first;
  const last = p.last;
  const target = p.target;
  const fixed = p.fixed;
  const gram = p.gram;
  const stride = p.stride;
  const alpha = sizeof<V>() == 1 ? p.alpha * 0.5 : p.alpha;
  const base = p.base;
  const scratch = p.scratch;
  const out = p.out;
  const rowBytes = <usize>stride << 2;
  const r = scratch;
  const sink = scratch + 3 * rowBytes;
  let loss: f64 = 0;
  let confidence: f64 = 0;
  for (let row = first; row < last; row++) {
    const x = target + <usize>row * rowBytes;
    const start = load<i32>(indptr + (<usize>row << 2));
    const end = load<i32>(indptr + (<usize>(row + 1) << 2));
    symv(gram, x, r, stride);
    const conf = accumulateRow<V>(Weight.Loss, indices, values, start, end, fixed, rowBytes, x, r, alpha, base, false, sink);
    confidence += conf;
    loss += <f64>conf + <f64>dot(r, x, rowBytes);
  }
  store<f64>(out, load<f64>(out) + loss);
  store<f64>(out + 8, load<f64>(out + 8) + confidence);
}
