/** The tuning run's configurations: the current settings first, distinct grid points, at least 12; best picks ties first. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, TUTORIAL_SETTINGS, type FitSettings } from '../../src/engine/api';
import {
  bestIndex,
  clampConfigurations,
  gridAround,
  MAX_CONFIGURATIONS,
  MIN_CONFIGURATIONS,
  TUNED,
  tuningConfigurations,
} from '../../src/metrics/tuning';

const key = (s: FitSettings) => TUNED.map((p) => s[p]).join('|');

describe('tuning configurations', () => {
  it('starts with the current settings and samples distinct grid points', () => {
    for (const current of [DEFAULT_SETTINGS, TUTORIAL_SETTINGS, { ...DEFAULT_SETTINGS, factors: 1, iterations: 1 }]) {
      const configs = tuningConfigurations(current, 16);
      expect(configs[0]).toEqual(current);
      expect(configs).toHaveLength(16);
      expect(new Set(configs.map(key)).size).toBe(16);
      const grid = gridAround(current);
      for (const c of configs) {
        for (const p of TUNED) expect(grid[p]).toContain(c[p]);
        expect(c.feedback).toBe(current.feedback);
        expect(c.seed).toBe(current.seed);
      }
    }
  });

  it('makes a typed count valid, as the Configurations field shows it', () => {
    expect([1, 0, -5, 12, 12.6, 30, 54, 55, 1e9, NaN].map(clampConfigurations)).toEqual([
      12, 12, 12, 12, 13, 30, 54, 54, 54, 12,
    ]);
  });

  it('trains at least 12 and at most the whole grid, the same sample for the same seed', () => {
    expect(tuningConfigurations(DEFAULT_SETTINGS, 3)).toHaveLength(MIN_CONFIGURATIONS);
    expect(tuningConfigurations(DEFAULT_SETTINGS, 1000)).toHaveLength(MAX_CONFIGURATIONS);
    expect(tuningConfigurations(DEFAULT_SETTINGS, 20).map(key)).toEqual(
      tuningConfigurations(DEFAULT_SETTINGS, 20).map(key),
    );
  });

  it('spans the grid around the settings', () => {
    expect(gridAround(DEFAULT_SETTINGS)).toEqual({
      factors: [32, 64, 128],
      regularization: [0.001, 0.01, 0.1],
      alpha: [0.5, 1, 2],
      iterations: [8, 15],
    });
    expect(gridAround({ ...DEFAULT_SETTINGS, regularization: 0 }).regularization).toEqual([0, 0.01, 0.1]);
  });

  it('the best is the highest NDCG, the first on ties, NaN ignored', () => {
    expect(bestIndex([0.3, 0.31, 0.31, Number.NaN])).toBe(1);
    expect(bestIndex([0.3, 0.3])).toBe(0);
    expect(bestIndex([])).toBe(-1);
  });
});
