/**
 * Types shared by the engine's main-thread client (pool.ts), its workers (engine.worker.ts) and the UI.
 * No DOM or Svelte imports: this file is read by workers and by Node benchmarks too.
 */

/** How a rating becomes a confidence: implicit's `alpha * r` (default) or Hu et al./Spark's `1 + alpha * r`. */
export type ConfidenceMode = 'alpha' | 'one-plus-alpha';

/** Hyperparameters of one fit, named as in implicit's AlternatingLeastSquares. */
export interface FitSettings {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
  confidence: ConfidenceMode;
  /** Seed of the uniform [0, 0.01) initialisation. */
  seed: number;
  /** Conjugate-gradient steps per row (implicit: 3). */
  cgSteps: number;
  /** Compute implicit's training loss after each iteration (costs about one extra pass over the ratings). */
  computeLoss: boolean;
}

/** Defaults from the issue: factors 64, iterations 15, regularization 0.01, alpha 1.0. */
export const DEFAULT_SETTINGS: FitSettings = {
  factors: 64,
  iterations: 15,
  regularization: 0.01,
  alpha: 1,
  confidence: 'alpha',
  seed: 42,
  cgSteps: 3,
  computeLoss: true,
};

/** The tutorial's settings (factors 10, iterations 20, regularization 0.1). */
export const TUTORIAL_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, factors: 10, iterations: 20, regularization: 0.1 };

/** Called after each iteration. `loss` is null when computeLoss is off. */
export type FitProgress = (iteration: number, elapsedMs: number, loss: number | null) => void;

/** A trained model: factor matrices row-major with rows padded to `stride` floats (a multiple of 4). */
export interface Model {
  users: number;
  items: number;
  factors: number;
  /** Floats per row in the factor matrices (factors rounded up to a multiple of 4; padding is zero). */
  stride: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  settings: FitSettings;
  /** Wall time of the fit itself, milliseconds. */
  trainMs: number;
  /** Loss after each iteration (empty when computeLoss was off). */
  lossHistory: number[];
  /** How the pool ran: number of workers, shared memory or copies, plain or relaxed SIMD. */
  run: RunInfo;
}

/** How a fit was executed. */
export interface RunInfo {
  workers: number;
  memory: 'shared' | 'copy';
  simd: 'relaxed' | 'simd';
}

/** Ranked items: item indices and their scores, best first (implicit's `ids, scores`). */
export interface Ranked {
  ids: Int32Array;
  scores: Float32Array;
}

/** Options of similarItems. */
export interface SimilarOptions {
  /** Candidates with fewer ratings than this are not listed (default 5). */
  minRatings?: number;
}

/** Options of recommend. */
export interface RecommendOptions {
  /** Leave out items the user already rated (implicit's filter_already_liked_items, default true). */
  filterSeen?: boolean;
}
