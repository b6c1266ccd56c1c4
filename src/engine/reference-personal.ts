/**
 * Float64 references of implicit's `recalculate_user` and `explain` (implicit/cpu/als.py), written the plain way
 * to test personal.ts against: the user solve goes through reference.ts's exact least squares on a one-row matrix,
 * and explain through Gaussian elimination rather than Cholesky. Factor matrices are compact (rows x factors).
 */
import { referenceGram, referenceSolveExact, type Confidence } from './reference';

/** implicit's recalculate_user for one person: x = (YtY + reg I + Yt (C - I) Y)^-1 Yt C p. */
export function referenceRecalculateUser(
  items: number[],
  ratings: number[],
  y: Float64Array,
  itemCount: number,
  k: number,
  regularization: number,
  conf: Confidence,
): Float64Array {
  const order = items.map((_, j) => j).sort((a, b) => items[a] - items[b]);
  const csr = {
    indptr: Int32Array.of(0, items.length),
    indices: Int32Array.from(order.map((j) => items[j])),
    values: Float32Array.from(order.map((j) => ratings[j])),
  };
  const x = new Float64Array(k);
  referenceSolveExact(csr, x, y, k, referenceGram(y, itemCount, k, regularization), conf);
  return x;
}

/** implicit's explain: contribution of liked item j to the score of `item` = c_j y_item^T A^-1 y_j, per liked item. */
export function referenceExplain(
  items: number[],
  ratings: number[],
  item: number,
  y: Float64Array,
  itemCount: number,
  k: number,
  regularization: number,
  conf: Confidence,
): number[] {
  const a = referenceGram(y, itemCount, k, regularization);
  items.forEach((i, j) => {
    const c = Math.abs(conf.base + conf.alpha * ratings[j]);
    for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) a[p * k + q] += (c - 1) * y[i * k + p] * y[i * k + q];
  });
  const weighted = gaussianSolve(a, y.slice(item * k, (item + 1) * k), k);
  return items.map((i, j) => {
    const c = conf.base + conf.alpha * ratings[j];
    let s = 0;
    for (let f = 0; f < k; f++) s += weighted[f] * y[i * k + f];
    return c < 0 ? 0 : s * c;
  });
}

/** Solves A z = b by Gaussian elimination with partial pivoting (A: k x k row-major, copied). */
function gaussianSolve(matrix: Float64Array, rhs: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(rhs);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
    for (let c = 0; c < k; c++) [a[col * k + c], a[pivot * k + c]] = [a[pivot * k + c], a[col * k + c]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < k; r++) {
      const m = a[r * k + col] / a[col * k + col];
      for (let c = col; c < k; c++) a[r * k + c] -= m * a[col * k + c];
      b[r] -= m * b[col];
    }
  }
  const z = new Float64Array(k);
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < k; c++) s -= a[r * k + c] * z[c];
    z[r] = s / a[r * k + r];
  }
  return z;
}
