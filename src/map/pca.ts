/**
 * Principal component analysis of the item factors, in float64: centre the rows, form the k x k covariance,
 * diagonalise it with the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations", 4th ed., section 8.5;
 * Numerical Recipes' `jacobi`) and project every row on the two leading eigenvectors.
 * Jacobi rather than power iteration: it finds every eigenpair to machine precision whatever the eigen-gap,
 * and k is small (64 by default), so its O(k^3) per sweep is nothing next to the O(n k^2) covariance.
 */

/** Two leading principal components of a row-major matrix and every row's coordinates on them. */
export interface Pca2 {
  /** Interleaved x, y per row: the centred row's dot products with the first and second component. */
  coords: Float32Array;
  /** The two leading components, unit length, k values each. */
  components: [Float64Array, Float64Array];
  /** Their eigenvalues (variances along them), largest first. */
  variances: [number, number];
  /** Sum of all eigenvalues (the total variance), for "explains 12% of the variance". */
  totalVariance: number;
}

/**
 * PCA to two dimensions of `rows` rows of `k` used values each, stored with `stride` floats per row
 * (the Model's padded layout: padding is ignored).
 */
export function pca2(data: Float32Array, rows: number, k: number, stride: number): Pca2 {
  if (k < 1 || stride < k || data.length < rows * stride) throw new Error('PCA: the matrix is smaller than its shape.');
  const mean = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const at = r * stride;
    for (let a = 0; a < k; a++) mean[a] += data[at + a];
  }
  for (let a = 0; a < k; a++) mean[a] /= Math.max(1, rows);

  // Upper triangle of the covariance, summed in float64 (float32 sums over 60,000 rows lose digits).
  const cov = new Float64Array(k * k);
  const centred = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const at = r * stride;
    for (let a = 0; a < k; a++) centred[a] = data[at + a] - mean[a];
    for (let a = 0; a < k; a++) {
      const da = centred[a];
      const row = a * k;
      for (let b = a; b < k; b++) cov[row + b] += da * centred[b];
    }
  }
  const divisor = Math.max(1, rows - 1);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      cov[a * k + b] /= divisor;
      cov[b * k + a] = cov[a * k + b];
    }
  }

  const { values, vectors } = jacobiEigen(cov, k);
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => values[j] - values[i]);
  const component = (rank: number): Float64Array => {
    const column = order[Math.min(rank, k - 1)];
    const vector = new Float64Array(k);
    for (let a = 0; a < k; a++) vector[a] = rank < k ? vectors[a * k + column] : 0;
    // Eigenvectors have no sign of their own: make the largest entry positive so the map does not flip between runs.
    let largest = 0;
    for (let a = 0; a < k; a++) if (Math.abs(vector[a]) > Math.abs(vector[largest])) largest = a;
    if (vector[largest] < 0) for (let a = 0; a < k; a++) vector[a] = -vector[a];
    return vector;
  };
  const first = component(0);
  const second = component(1);

  const coords = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    const at = r * stride;
    let x = 0;
    let y = 0;
    for (let a = 0; a < k; a++) {
      const d = data[at + a] - mean[a];
      x += d * first[a];
      y += d * second[a];
    }
    coords[2 * r] = x;
    coords[2 * r + 1] = y;
  }
  let totalVariance = 0;
  for (let a = 0; a < k; a++) totalVariance += values[a];
  return {
    coords,
    components: [first, second],
    variances: [values[order[0]], k > 1 ? values[order[1]] : 0],
    totalVariance,
  };
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major k x k) of a symmetric k x k matrix, by cyclic
 * Jacobi rotations. `matrix` is left untouched.
 */
export function jacobiEigen(matrix: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  let scale = 0;
  for (let i = 0; i < k * k; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q]: theta = cot(2 phi), t = tan(phi), the smaller root.
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = a[i * k + i];
  return { values, vectors: v };
}

/**
 * A copy of the matrix with each row scaled to unit length over its `k` used values (all-zero rows stay zero).
 * The map projects these: the app ranks similar films by cosine, i.e. by the direction of their factors, and
 * without this the first component mostly measures popularity (well-rated films have long factor vectors).
 */
export function unitRows(data: Float32Array, rows: number, k: number, stride: number): Float32Array {
  const out = new Float32Array(rows * stride);
  for (let r = 0; r < rows; r++) {
    const at = r * stride;
    let norm = 0;
    for (let a = 0; a < k; a++) norm += data[at + a] * data[at + a];
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let a = 0; a < k; a++) out[at + a] = data[at + a] * inverse;
  }
  return out;
}
