/**
 * The benchmark itself, the same in Node (run.ts) and in Chromium (browser/main.ts): time fits of the engine
 * on ml-latest-small and on synthetic data shaped like implicit's reference runs, and score ranking metrics
 * the way implicit does. Emits one record per configuration; the caller prints them as JSON lines.
 */
import { transposeCsr } from '../../src/data/csr';
import type { Dataset } from '../../src/data/types';
import { generateSyntheticRatings, syntheticDataset } from '../../src/data/synthetic';
import { DEFAULT_SETTINGS, type FitSettings, type Model } from '../../src/engine/api';
import { Trainer, type TrainerOptions } from '../../src/engine/trainer';
import { Recommender } from '../../src/engine/recommender';
import { forYouBench } from './foryou';
import {
  genreOverlapAtK,
  popularityRecommender,
  rankingMetricsAtK,
  trainTestSplit,
  withShape,
} from '../../src/metrics';

/** One line of benchmark output. */
export type BenchRecord = Record<string, string | number | number[] | string[] | null>;

/** What the environment provides. */
export interface BenchEnvironment {
  engine: 'node' | 'chromium';
  engineOptions: Omit<TrainerOptions, 'workers'>;
  /** ml-latest-small as a Dataset, or null with the reason logged when the data is absent. */
  loadMovieLens(): Promise<Dataset | null>;
  emit(record: BenchRecord): void | Promise<void>;
  log(message: string): void;
}

/** Which parts to run. */
export interface BenchPlan {
  workers: number[];
  /** Timed repetitions per configuration (the median is reported). */
  reps: number;
  movielens: boolean;
  quality: boolean;
  /** The For you protocol and coherence check (foryou.ts). */
  foryou?: boolean;
  synthetic5m: boolean;
  synthetic25m: boolean;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** Times `reps` fits (no loss computed, as implicit's timings) and one more for the final loss. */
async function timeFits(
  env: BenchEnvironment,
  engine: Trainer,
  dataset: Dataset,
  name: string,
  settings: FitSettings,
  reps: number,
): Promise<void> {
  const seconds: number[] = [];
  const phases: Model['phaseMs'][] = [];
  for (let rep = 0; rep < reps; rep++) {
    const model = await engine.fit(dataset, { ...settings, computeLoss: false });
    seconds.push(model.trainMs / 1000);
    phases.push(model.phaseMs);
    env.log(
      `  ${name} ${settings.factors}/${settings.iterations}/${settings.regularization} workers=${engine.run.workers} rep ${rep + 1}: ${(model.trainMs / 1000).toFixed(3)} s`,
    );
  }
  const withLoss = await engine.fit(dataset, { ...settings, computeLoss: true });
  const total = median(seconds);
  await env.emit({
    dataset: name,
    users: dataset.users,
    items: dataset.items,
    nnz: dataset.nnz,
    factors: settings.factors,
    iterations: settings.iterations,
    regularization: settings.regularization,
    workers: engine.run.workers,
    memory: engine.run.memory,
    simd: engine.run.simd,
    engine: env.engine,
    seconds_total: round(total),
    seconds_per_iteration: round(total / settings.iterations),
    seconds_runs: seconds.map((s) => round(s)),
    loss: withLoss.lossHistory.at(-1) ?? null,
    // Median milliseconds per phase over the timed runs: where the time goes.
    ...Object.fromEntries(
      Object.keys(phases[0]).map((k) => [
        `ms_${k}`,
        round(median(phases.map((p) => p[k as keyof Model['phaseMs']])), 1),
      ]),
    ),
  });
}

/** implicit's ranking metrics at 10 over several 80/20 splits, the popularity baseline, and genre overlap. */
async function quality(env: BenchEnvironment, engine: Trainer, dataset: Dataset): Promise<void> {
  const recommenderFor = (model: Model, data: Dataset) =>
    Recommender.create(model, data, { platform: env.engineOptions.platform });
  const settings = { ...DEFAULT_SETTINGS, computeLoss: false };
  const ratings = withShape(dataset.userItems, dataset.users, dataset.items);
  const runs: Record<string, number>[] = [];
  for (const seed of [1, 2, 3, 4, 5]) {
    const { train, test } = trainTestSplit(ratings, 0.8, seed);
    const trainData: Dataset = {
      ...dataset,
      userItems: train,
      nnz: train.indices.length,
      itemUsers: transposeCsr(train, dataset.items).csr,
    };
    const recommender = await recommenderFor(await engine.fit(trainData, settings), trainData);
    const ours = await rankingMetricsAtK(
      async (users, k) => (await recommender.recommend(users, k)).ids,
      train,
      test,
      10,
    );
    recommender.terminate();
    const popular = await rankingMetricsAtK(popularityRecommender(train), train, test, 10);
    runs.push({ seed, p: ours.precision, map: ours.map, ndcg: ours.ndcg, auc: ours.auc, pop_p: popular.precision });
    env.log(
      `  split seed ${seed}: P@10 ${ours.precision.toFixed(4)} MAP@10 ${ours.map.toFixed(4)} NDCG@10 ${ours.ndcg.toFixed(4)} AUC@10 ${ours.auc.toFixed(4)}; popularity P@10 ${popular.precision.toFixed(4)}`,
    );
  }
  const mean = (key: string): number => round(runs.reduce((s, r) => s + r[key], 0) / runs.length);
  const sd = (key: string): number => {
    const m = runs.reduce((s, r) => s + r[key], 0) / runs.length;
    return round(Math.sqrt(runs.reduce((s, r) => s + (r[key] - m) ** 2, 0) / (runs.length - 1)));
  };
  const recommender = await recommenderFor(await engine.fit(dataset, settings), dataset);
  const overlap = async (minRatings: number) =>
    (
      await genreOverlapAtK(
        async (item) => (await recommender.similarItems(item, 10, { minRatings })).ids,
        dataset.catalog.genres,
        dataset.itemCounts,
        20,
        10,
      )
    ).overlap;
  await env.emit({
    dataset: 'ml-latest-small',
    kind: 'quality',
    engine: env.engine,
    factors: settings.factors,
    iterations: settings.iterations,
    regularization: settings.regularization,
    split_seeds: runs.map((r) => r.seed),
    precision_at_10: mean('p'),
    precision_at_10_sd: sd('p'),
    map_at_10: mean('map'),
    ndcg_at_10: mean('ndcg'),
    auc_at_10: mean('auc'),
    popularity_precision_at_10: mean('pop_p'),
    genre_overlap_at_10: round(await overlap(5)),
    genre_overlap_at_10_all_candidates: round(await overlap(1)),
  });
  recommender.terminate();
}

/** Runs the plan, one Trainer per worker count. */
export async function runSuite(env: BenchEnvironment, plan: BenchPlan): Promise<void> {
  const movielens = plan.movielens || plan.quality || plan.foryou ? await env.loadMovieLens() : null;
  const synthetic = (ratings: number): Dataset => {
    const started = performance.now();
    const data = syntheticDataset(generateSyntheticRatings({ users: 162_541, items: 59_047, ratings, seed: 20240607 }));
    env.log(
      `generated ${ratings.toLocaleString('en-US')} synthetic ratings in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return data;
  };
  for (const workers of plan.workers) {
    const engine = await Trainer.start({ ...env.engineOptions, workers });
    env.log(`engine: ${JSON.stringify(engine.run)}`);
    try {
      if (movielens && plan.movielens) {
        await timeFits(env, engine, movielens, 'ml-latest-small', { ...DEFAULT_SETTINGS }, plan.reps);
        await timeFits(
          env,
          engine,
          movielens,
          'ml-latest-small',
          { ...DEFAULT_SETTINGS, factors: 10, iterations: 20, regularization: 0.1 },
          plan.reps,
        );
      }
      if (movielens && plan.quality && workers === plan.workers[plan.workers.length - 1])
        await quality(env, engine, movielens);
      if (movielens && plan.foryou && workers === plan.workers[plan.workers.length - 1])
        await forYouBench(env, engine, movielens);
      if (plan.synthetic5m) {
        const data = synthetic(5_000_000);
        await timeFits(
          env,
          engine,
          data,
          'synthetic-5m',
          { ...DEFAULT_SETTINGS, iterations: 5 },
          Math.min(plan.reps, 3),
        );
      }
      if (plan.synthetic25m) {
        const data = synthetic(25_000_000);
        await timeFits(env, engine, data, 'synthetic-25m', { ...DEFAULT_SETTINGS, iterations: 3 }, 1);
      }
    } finally {
      engine.terminate();
    }
  }
}
