/**
 * A plain, readable float64 reference of the ALS solver, to test the WebAssembly kernel against (implicit keeps
 * a pure-numpy least_squares_cg beside its Cython one for the same reason). Factor matrices here are compact
 * (rows x factors, no padding). Formulas: Hu, Koren, Volinsky 2008 eq. 4; implicit/cpu/_als.pyx.
 */
import type { Csr } from '../data/types';
import { fillInitialFactors, type Side } from './init';
import { strideFor } from './layout';

/** How ratings become confidences: c = base + alpha * rating. */
export interface Confidence {
  alpha: number;
  base: number;
}

/** YtY + reg I (factors x factors). */
export function referenceGram(y: Float64Array, rows: number, factors: number, regularization: number): Float64Array {
  const g = new Float64Array(factors * factors);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < factors; a++) {
      const ya = y[i * factors + a];
      for (let b = 0; b < factors; b++) g[a * factors + b] += ya * y[i * factors + b];
    }
  }
  for (let a = 0; a < factors; a++) g[a * factors + a] += regularization;
  return g;
}

function dot(a: Float64Array, aAt: number, b: Float64Array, bAt: number, n: number): number {
  let s = 0;
  for (let f = 0; f < n; f++) s += a[aAt + f] * b[bAt + f];
  return s;
}

/** A_u v = (G + Yt (C_u - I) Y) v for one row, written to out. */
function applyRowMatrix(
  g: Float64Array,
  csr: Csr,
  row: number,
  y: Float64Array,
  k: number,
  conf: Confidence,
  v: Float64Array,
  out: Float64Array,
): void {
  for (let a = 0; a < k; a++) out[a] = dot(g, a * k, v, 0, k);
  for (let j = csr.indptr[row]; j < csr.indptr[row + 1]; j++) {
    const i = csr.indices[j];
    const c = Math.abs(conf.base + conf.alpha * csr.values[j]);
    const t = (c - 1) * dot(y, i * k, v, 0, k);
    for (let a = 0; a < k; a++) out[a] += t * y[i * k + a];
  }
}

/** b_u = Yt C_u p(u) for one row. */
function rowTarget(csr: Csr, row: number, y: Float64Array, k: number, conf: Confidence): Float64Array {
  const b = new Float64Array(k);
  for (let j = csr.indptr[row]; j < csr.indptr[row + 1]; j++) {
    const c = conf.base + conf.alpha * csr.values[j];
    if (c > 0) for (let a = 0; a < k; a++) b[a] += c * y[csr.indices[j] * k + a];
  }
  return b;
}

/** implicit's least_squares_cg for every row of x (in place), warm-started from x. */
export function referenceSolveCg(
  csr: Csr,
  x: Float64Array,
  y: Float64Array,
  k: number,
  g: Float64Array,
  conf: Confidence,
  cgSteps: number,
): void {
  const rows = csr.indptr.length - 1;
  const ax = new Float64Array(k);
  const ap = new Float64Array(k);
  for (let u = 0; u < rows; u++) {
    const xu = x.subarray(u * k, (u + 1) * k);
    if (csr.indptr[u] === csr.indptr[u + 1]) {
      xu.fill(0);
      continue;
    }
    applyRowMatrix(g, csr, u, y, k, conf, xu, ax);
    const b = rowTarget(csr, u, y, k, conf);
    const r = b.map((bv, a) => bv - ax[a]);
    const p = r.slice();
    let rsOld = dot(r, 0, r, 0, k);
    if (rsOld < 1e-20) continue;
    for (let step = 0; step < cgSteps; step++) {
      applyRowMatrix(g, csr, u, y, k, conf, p, ap);
      const alpha = rsOld / dot(p, 0, ap, 0, k);
      for (let a = 0; a < k; a++) {
        xu[a] += alpha * p[a];
        r[a] -= alpha * ap[a];
      }
      const rsNew = dot(r, 0, r, 0, k);
      if (rsNew < 1e-20) break;
      for (let a = 0; a < k; a++) p[a] = r[a] + (rsNew / rsOld) * p[a];
      rsOld = rsNew;
    }
  }
}

/** The exact least-squares solution of every row (implicit's least_squares), by Cholesky factorisation. */
export function referenceSolveExact(
  csr: Csr,
  x: Float64Array,
  y: Float64Array,
  k: number,
  g: Float64Array,
  conf: Confidence,
): void {
  const rows = csr.indptr.length - 1;
  const column = new Float64Array(k);
  const a = new Float64Array(k * k);
  for (let u = 0; u < rows; u++) {
    // Build A_u column by column from A_u e_j, then solve A_u x = b_u.
    for (let j = 0; j < k; j++) {
      const e = new Float64Array(k);
      e[j] = 1;
      applyRowMatrix(g, csr, u, y, k, conf, e, column);
      for (let i = 0; i < k; i++) a[i * k + j] = column[i];
    }
    x.set(choleskySolve(a, rowTarget(csr, u, y, k, conf), k), u * k);
  }
}

/** Solves A z = b for a symmetric positive definite A (k x k, row-major). */
function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      l[i * k + j] = i === j ? Math.sqrt(s) : s / l[j * k + j];
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * k + m] * z[m];
    z[i] = s / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let m = i + 1; m < k; m++) s -= l[m * k + i] * z[m];
    z[i] = s / l[i * k + i];
  }
  return z;
}

/** implicit's calculate_loss: weighted squared error plus reg * (|X|^2 + |Y|^2), over all users x items cells. */
export function referenceLoss(
  userItems: Csr,
  x: Float64Array,
  y: Float64Array,
  users: number,
  items: number,
  k: number,
  regularization: number,
  conf: Confidence,
): number {
  let loss = 0;
  let confidence = 0;
  const nnz = userItems.indices.length;
  // Observed cells: c (1 - x.y)^2; unobserved cells: (x.y)^2, summed as x^T YtY x minus the observed part.
  const g = referenceGram(y, items, k, 0);
  for (let u = 0; u < users; u++) {
    let all = 0;
    for (let a = 0; a < k; a++) all += x[u * k + a] * dot(g, a * k, x, u * k, k);
    loss += all;
    for (let j = userItems.indptr[u]; j < userItems.indptr[u + 1]; j++) {
      const c = conf.base + conf.alpha * userItems.values[j];
      const s = dot(x, u * k, y, userItems.indices[j] * k, k);
      const preference = c > 0 ? 1 : 0;
      loss += Math.abs(c) * (preference - s) ** 2 - s * s;
      confidence += Math.abs(c);
    }
  }
  let norms = 0;
  for (const v of x) norms += v * v;
  for (const v of y) norms += v * v;
  loss += regularization * norms;
  return loss / (confidence + users * items - nnz);
}

/** The seeded initial factors of one side, compact, in float64 (the same values the engine starts from). */
export function referenceInitialFactors(seed: number, side: Side, rows: number, factors: number): Float64Array {
  const stride = strideFor(factors);
  const padded = new Float32Array(rows * stride);
  fillInitialFactors(padded, seed, side, 0, rows, factors, stride);
  return compactFactors(padded, rows, factors, stride);
}

/** Rows x stride (padded, f32) to rows x factors (f64). */
export function compactFactors(padded: Float32Array, rows: number, factors: number, stride: number): Float64Array {
  const out = new Float64Array(rows * factors);
  for (let r = 0; r < rows; r++) for (let f = 0; f < factors; f++) out[r * factors + f] = padded[r * stride + f];
  return out;
}
