/**
 * The tuning run's search space: a grid around the current settings (factors x1/2, x1, x2; regularization /10, x1,
 * x10; alpha /2, x1, x2; iterations x1/2, x1: 54 points), of which a seeded random sample is trained. The current
 * settings are always the first configuration, so the best NDCG@10 found is at least the current settings' by
 * construction: the run can only confirm them or find better ones (on this split).
 */
import type { FitSettings } from '../engine/api';
import { mulberry32, shuffleInPlace } from '../data/random';

/** The hyperparameters a tuning run varies. */
export const TUNED = ['factors', 'regularization', 'alpha', 'iterations'] as const;

/** One of the tuned hyperparameters. */
export type TunedParameter = (typeof TUNED)[number];

/** The fewest configurations a run trains (at least 12, so the best of them means something). */
export const MIN_CONFIGURATIONS = 12;
/** The most a run can train: the grid's size (3 factors x 3 regularisations x 3 alphas x 2 iterations). */
export const MAX_CONFIGURATIONS = 54;

/** A typed configuration count made valid: a whole number from MIN_ to MAX_CONFIGURATIONS (blank: MIN). */
export function clampConfigurations(count: number): number {
  if (!Number.isFinite(count)) return MIN_CONFIGURATIONS;
  return Math.min(MAX_CONFIGURATIONS, Math.max(MIN_CONFIGURATIONS, Math.round(count)));
}

/** Values tried for each parameter around `current`, ascending and distinct. */
export function gridAround(current: FitSettings): Record<TunedParameter, number[]> {
  const distinct = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  const reg = current.regularization;
  return {
    factors: distinct([
      Math.max(1, Math.round(current.factors / 2)),
      current.factors,
      Math.min(512, current.factors * 2),
    ]),
    regularization: distinct(reg > 0 ? [reg / 10, reg, reg * 10] : [0, 0.01, 0.1]),
    alpha: distinct([current.alpha / 2, current.alpha, current.alpha * 2]),
    iterations: distinct([Math.max(1, Math.round(current.iterations / 2)), current.iterations]),
  };
}

/**
 * `count` configurations (at least MIN_CONFIGURATIONS, at most the grid's size): the current settings first, then
 * distinct grid points in a seeded random order. Other settings (feedback, confidence, seed) stay as they are.
 */
export function tuningConfigurations(current: FitSettings, count: number, seed = 7): FitSettings[] {
  const grid = gridAround(current);
  const points: FitSettings[] = [];
  for (const factors of grid.factors)
    for (const regularization of grid.regularization)
      for (const alpha of grid.alpha)
        for (const iterations of grid.iterations)
          points.push({ ...current, factors, regularization, alpha, iterations });
  const key = (s: FitSettings) => TUNED.map((p) => s[p]).join('|');
  const others = points.filter((p) => key(p) !== key(current));
  const order = shuffleInPlace(
    Int32Array.from(others, (_, i) => i),
    mulberry32(seed),
  );
  const wanted = Math.min(points.length, clampConfigurations(count));
  return [{ ...current }, ...Array.from(order.subarray(0, wanted - 1), (i) => others[i])];
}

/** The index of the best result by NDCG@10 (the first on ties, so the current settings win a tie), or -1. */
export function bestIndex(ndcgs: number[]): number {
  let best = -1;
  ndcgs.forEach((value, i) => {
    if (Number.isFinite(value) && (best < 0 || value > ndcgs[best])) best = i;
  });
  return best;
}
