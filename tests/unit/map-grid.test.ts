/**
 * The map's hover index (src/map/grid.ts) on a synthetic 60,000-film layout: it finds the same point as a linear
 * scan for thousands of probes, at every zoom's hit radius, and prints (does not assert) how much faster it is.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, roughNormal } from '../../src/data/random.ts';
import { PointGrid } from '../../src/map/grid.ts';

/** 60,000 points shaped like a factor map: a dense core, a few clusters, a thin halo of outliers. */
function syntheticLayout(count: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const coords = new Float32Array(count * 2);
  const centres = Array.from({ length: 12 }, () => [4 * roughNormal(random), 4 * roughNormal(random)]);
  for (let i = 0; i < count; i++) {
    const [cx, cy] = i % 10 === 0 ? [0, 0] : centres[i % centres.length];
    const spread = i % 97 === 0 ? 12 : 0.8;
    coords[2 * i] = cx + spread * roughNormal(random);
    coords[2 * i + 1] = cy + spread * roughNormal(random);
  }
  return coords;
}

function linearNearest(coords: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < coords.length / 2; i++) {
    const d = (coords[2 * i] - x) ** 2 + (coords[2 * i + 1] - y) ** 2;
    if (d < bestDistance || (d === bestDistance && (best === -1 || i < best))) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

describe('PointGrid', () => {
  const coords = syntheticLayout(60_000, 21);
  const grid = new PointGrid(coords);

  it('finds the same nearest point as a linear scan, for probes anywhere and radii of every zoom', () => {
    const random = mulberry32(4);
    let hits = 0;
    for (let probe = 0; probe < 3000; probe++) {
      const x = 30 * (random() - 0.5);
      const y = 30 * (random() - 0.5);
      const radius = [0.001, 0.02, 0.2, 3][probe % 4];
      const expected = linearNearest(coords, x, y, radius);
      expect(grid.nearest(x, y, radius)).toBe(expected);
      if (expected >= 0) hits++;
    }
    expect(hits).toBeGreaterThan(500);
  });

  it('finds every point at its own position', () => {
    for (let i = 0; i < 60_000; i += 599) {
      const found = grid.nearest(coords[2 * i], coords[2 * i + 1], 1e-6);
      expect(coords[2 * found]).toBe(coords[2 * i]);
      expect(coords[2 * found + 1]).toBe(coords[2 * i + 1]);
    }
  });

  it('copes with no points, one point and points all in one place', () => {
    expect(new PointGrid(new Float32Array(0)).nearest(0, 0, 1)).toBe(-1);
    expect(new PointGrid(new Float32Array([2, 3])).nearest(2.1, 3, 0.5)).toBe(0);
    const same = new PointGrid(new Float32Array([1, 1, 1, 1, 1, 1]));
    expect(same.nearest(1, 1, 0.1)).toBe(0);
    expect(same.nearest(5, 5, 0.1)).toBe(-1);
  });

  it('answers hover probes far faster than a linear scan (printed, not asserted)', () => {
    const random = mulberry32(8);
    const probes = Array.from({ length: 2000 }, () => [8 * (random() - 0.5), 8 * (random() - 0.5)]);
    const radius = 0.02; // 10 CSS px at the fitted zoom of a ~1000 px canvas over this layout
    let started = performance.now();
    for (const [x, y] of probes) linearNearest(coords, x, y, radius);
    const linearMs = (performance.now() - started) / probes.length;
    started = performance.now();
    for (const [x, y] of probes) grid.nearest(x, y, radius);
    const gridMs = (performance.now() - started) / probes.length;
    started = performance.now();
    new PointGrid(coords);
    const buildMs = performance.now() - started;
    console.log(
      `60,000 points: linear scan ${linearMs.toFixed(3)} ms per hover, grid ${(gridMs * 1000).toFixed(1)} µs per hover, grid build ${buildMs.toFixed(1)} ms`,
    );
    expect(gridMs).toBeGreaterThan(0);
  });
});
