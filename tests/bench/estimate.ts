/**
 * `--only estimate`: how far the app's fit estimate (src/engine/estimate.ts, calibrated by the engine's warm-up) is
 * from the real fit. For each pool size: the engine starts and calibrates as in the app, then each dataset and
 * setting is estimated and fitted; the record holds both and the error (positive: the estimate was too long).
 */
import type { Dataset } from '../../src/data/types';
import { generateSyntheticRatings, syntheticDataset } from '../../src/data/synthetic';
import { DEFAULT_SETTINGS, TUTORIAL_SETTINGS, type FitSettings } from '../../src/engine/api';
import { estimateFitMs } from '../../src/engine/estimate';
import { Trainer } from '../../src/engine/trainer';
import { median, type BenchEnvironment } from './suite';

/** Synthetic sets shaped as MovieLens 25M's users and items, smaller in ratings (generated with a fixed seed). */
const SYNTHETIC_RATINGS = [1_000_000, 5_000_000];

/** Estimates and times fits for each worker count. */
export async function benchEstimate(env: BenchEnvironment, workerCounts: number[], reps: number): Promise<void> {
  const sets: { name: string; data: Dataset; settings: FitSettings[] }[] = [];
  const movielens = await env.loadMovieLens();
  if (movielens)
    sets.push({ name: 'ml-latest-small', data: movielens, settings: [DEFAULT_SETTINGS, TUTORIAL_SETTINGS] });
  for (const ratings of SYNTHETIC_RATINGS) {
    const data = syntheticDataset(generateSyntheticRatings({ users: 162_541, items: 59_047, ratings, seed: 20240607 }));
    sets.push({ name: `synthetic-${ratings / 1e6}m`, data, settings: [{ ...DEFAULT_SETTINGS, iterations: 3 }] });
  }
  for (const workers of workerCounts) {
    const engine = await Trainer.start({ ...env.engineOptions, workers });
    try {
      const calibration = await engine.calibration();
      if (!calibration) throw new Error('the engine did not calibrate');
      env.log(`calibration with ${workers} workers: ${JSON.stringify(calibration)}`);
      for (const { name, data, settings: list } of sets) {
        for (const settings of list) {
          const estimateMs = estimateFitMs(calibration, data, settings);
          // Large sets take long: fewer repetitions there.
          const runs = data.nnz > 2_000_000 ? 1 : reps;
          const actual: number[] = [];
          for (let rep = 0; rep < runs; rep++) actual.push((await engine.fit(data, settings)).trainMs);
          const actualMs = median(actual);
          const record = {
            kind: 'estimate',
            dataset: name,
            users: data.users,
            items: data.items,
            nnz: data.nnz,
            factors: settings.factors,
            iterations: settings.iterations,
            workers,
            engine: env.engine,
            estimate_s: Number((estimateMs / 1000).toFixed(3)),
            actual_s: Number((actualMs / 1000).toFixed(3)),
            actual_runs_s: actual.map((ms) => Number((ms / 1000).toFixed(3))),
            error_pct: Math.round(((estimateMs - actualMs) / actualMs) * 100),
          };
          env.log(
            `  ${name} ${settings.factors}/${settings.iterations}: estimate ${record.estimate_s} s, real ${record.actual_s} s`,
          );
          await env.emit(record);
        }
      }
    } finally {
      engine.terminate();
    }
  }
}
