/**
 * PCA of the map (src/map/pca.ts) against answers known by construction: points on a line, points on a plane
 * in 8-D with small noise, the padded row layout of a Model, and Jacobi against a hand-checked 2 x 2 matrix.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, roughNormal } from '../../src/data/random.ts';
import { jacobiEigen, pca2, unitRows } from '../../src/map/pca.ts';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, v, i) => sum + v * b[i], 0);

/** Two random orthonormal vectors in `k` dimensions (Gram–Schmidt). */
function orthonormalPair(k: number, seed: number): [number[], number[]] {
  const random = mulberry32(seed);
  const u = Array.from({ length: k }, () => roughNormal(random));
  const un = Math.hypot(...u);
  const uu = u.map((v) => v / un);
  const w = Array.from({ length: k }, () => roughNormal(random));
  const along = dot(w, uu);
  const wr = w.map((v, i) => v - along * uu[i]);
  const wn = Math.hypot(...wr);
  return [uu, wr.map((v) => v / wn)];
}

describe('pca2', () => {
  it('finds the direction of points on a line y = 2x', () => {
    const data = new Float32Array([-2, -4, -1, -2, 0, 0, 1, 2, 2, 4, 3, 6]);
    const result = pca2(data, 6, 2, 2);
    const [first] = result.components;
    expect(Math.abs(dot(first, [1 / Math.sqrt(5), 2 / Math.sqrt(5)]))).toBeCloseTo(1, 10);
    expect(result.variances[1]).toBeCloseTo(0, 8);
    // Variance of the projections on the line: |(x, 2x)| = sqrt(5)|x|, x centred at 0.5.
    const xs = [-2, -1, 0, 1, 2, 3].map((x) => (x - 0.5) * Math.sqrt(5));
    expect(result.variances[0]).toBeCloseTo(dot(xs, xs) / 5, 6);
    // The coordinates are the centred points' positions along the line; the second is ~0.
    for (let r = 0; r < 6; r++) {
      expect(result.coords[2 * r]).toBeCloseTo(xs[r], 4);
      expect(result.coords[2 * r + 1]).toBeCloseTo(0, 4);
    }
  });

  it('recovers a plane in 8-D (sd 3 and 1 along it, noise 0.05), orthogonal and in variance order', () => {
    const k = 8;
    const rows = 3000;
    const [u, w] = orthonormalPair(k, 11);
    const random = mulberry32(5);
    const offset = Array.from({ length: k }, (_, i) => i - 3);
    const data = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) {
      const a = 3 * roughNormal(random);
      const b = roughNormal(random);
      for (let i = 0; i < k; i++) data[r * k + i] = offset[i] + a * u[i] + b * w[i] + 0.05 * roughNormal(random);
    }
    const result = pca2(data, rows, k, k);
    const [first, second] = result.components;
    expect(Math.abs(dot(first, u))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(second, w))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(first, second))).toBeLessThan(1e-12);
    expect(dot(first, first)).toBeCloseTo(1, 12);
    expect(dot(second, second)).toBeCloseTo(1, 12);
    expect(result.variances[0]).toBeGreaterThan(result.variances[1]);
    expect(result.variances[0]).toBeGreaterThan(8 * 0.9);
    expect(result.variances[0]).toBeLessThan(9 * 1.1);
    expect(result.variances[1]).toBeGreaterThan(0.9);
    expect(result.variances[1]).toBeLessThan(1.1);
    // Noise adds 8 x 0.05^2 = 0.02 of the ~10 total.
    expect((result.variances[0] + result.variances[1]) / result.totalVariance).toBeGreaterThan(0.99);
  });

  it('reads only the used factors of padded rows, ignoring what lies in the padding', () => {
    const k = 5;
    const stride = 8;
    const rows = 400;
    const random = mulberry32(3);
    const padded = new Float32Array(rows * stride);
    const packed = new Float32Array(rows * k);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < stride; i++) {
        const value = i < k ? roughNormal(random) * (i + 1) : 1e6 * random();
        padded[r * stride + i] = value;
        if (i < k) packed[r * k + i] = value;
      }
    }
    const a = pca2(padded, rows, k, stride);
    const b = pca2(packed, rows, k, k);
    expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
    expect(a.variances).toEqual(b.variances);
  });

  it('gives the same signs on every run (largest entry of each component positive)', () => {
    const data = new Float32Array([0, 0, -1, -3, 1, 3, 2, 5, -2, -5]);
    const result = pca2(data, 5, 2, 2);
    for (const component of result.components) {
      const largest = Array.from(component).reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });
});

describe('unitRows', () => {
  it('scales each row to unit length over the used factors, leaving zero rows and padding at zero', () => {
    const out = unitRows(new Float32Array([3, 4, 9, 0, 0, 9, 0, 2, 9]), 3, 2, 3);
    expect(Array.from(out)).toEqual([0.6, 0.8, 0, 0, 0, 0, 0, 1, 0].map((v) => expect.closeTo(v, 6)));
  });
});

describe('jacobiEigen', () => {
  it('diagonalises [[2, 1], [1, 2]] (eigenvalues 1 and 3)', () => {
    const { values, vectors } = jacobiEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    const big = values[0] > values[1] ? 0 : 1;
    expect(Math.abs(vectors[big])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(Math.abs(vectors[2 + big])).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('returns A v = lambda v for a random symmetric 40 x 40 matrix', () => {
    const k = 40;
    const random = mulberry32(9);
    const a = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = i; j < k; j++) a[i * k + j] = a[j * k + i] = random() - 0.5;
    const { values, vectors } = jacobiEigen(a, k);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < k; i++) {
        let av = 0;
        for (let j = 0; j < k; j++) av += a[i * k + j] * vectors[j * k + c];
        expect(av).toBeCloseTo(values[c] * vectors[i * k + c], 9);
      }
    }
  });
});
