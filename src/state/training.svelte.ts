/**
 * Training: the hyperparameters a person chose, the progress of the fit in flight, the last finished model and the
 * Recommender that answers about it. Fits run on a Trainer (src/engine/trainer.ts) started for the chosen worker
 * count; a model fitted, restored or imported gets a Recommender (src/engine/recommender.ts) of its own, so a restored
 * model answers without any training worker. Cancelling or a failed fit keeps the previous model and Recommender.
 */
import type { Dataset } from '../data/types.ts';
import {
  DEFAULT_SETTINGS,
  MAX_DEFAULT_WORKERS,
  TUTORIAL_SETTINGS,
  type FitSettings,
  type Model,
} from '../engine/api.ts';
import type { Recommender } from '../engine/recommender.ts';
import type { Trainer } from '../engine/trainer.ts';
import { calibrationFrom, estimateFitMs, type FitCalibration } from '../engine/estimate.ts';
import { Run } from './run.svelte.ts';
import { sameRatings } from './sameRatings.ts';
import { feedbackProblems, weightedDataset } from '../data/weighting.ts';
import { lazy } from '../lazy.ts';

/** Where the current model came from: a fit here, storage (after a reload or from the Library), or a file. */
export type ModelOrigin = 'trained' | 'restored' | 'imported';

/** Where training stands. */
export type TrainingPhase = 'idle' | 'training' | 'done' | 'cancelled' | 'failed';

/** Named hyperparameter presets a person can pick. */
export const PRESETS = {
  defaults: { label: 'Defaults', settings: DEFAULT_SETTINGS },
  tutorial: { label: 'As in the tutorial', settings: TUTORIAL_SETTINGS },
} as const;

/** A fit estimated shorter than this starts by itself after a load (when auto-train is on). */
export const AUTO_TRAIN_MS = 10_000;
/**
 * Most ratings whose fit may start by itself: 100 times the 30,000 of each calibration fit (engine/warmup.ts). The
 * estimate is not trusted further out: the calibration's factors fit in cache and a big fit's do not, and at 32M
 * ratings it said anything from 9 s to 7 min for fits of 60-96 s (docs/BENCHMARKS.md). The Train button still
 * shows it.
 */
export const AUTO_TRAIN_MAX_RATINGS = 3_000_000;

/** Where the auto-train choice is kept (localStorage), "off" when a person turned it off. */
const AUTO_TRAIN_KEY = 'marquee:auto-train';
/** Where the last measured speed is kept, so a page that starts no Trainer (a restored model) can still estimate. */
const CALIBRATION_KEY = 'marquee:fit-calibration';

/** The speed kept by an earlier visit, or null when there is none or it is not one. */
function storedCalibration(storage: Storage | null): { workers: number; calibration: FitCalibration } | null {
  try {
    const kept = JSON.parse(storage?.getItem(CALIBRATION_KEY) ?? 'null') as {
      workers?: unknown;
      calibration?: unknown;
    } | null;
    const workers = kept?.workers;
    const calibration = calibrationFrom(kept?.calibration);
    if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1 || !calibration) return null;
    return { workers, calibration };
  } catch {
    return null; // storage refused, or not JSON
  }
}

/** Shortest time between two progress repaints while training, in milliseconds. */
const PROGRESS_PAINT_MS = 100;

/** Bounds that keep a fit sensible in a browser tab; outside them the Train button explains what to change. */
const LIMITS = {
  factors: { min: 1, max: 512, integer: true },
  iterations: { min: 1, max: 500, integer: true },
  regularization: { min: 0, max: 1000, integer: false },
  alpha: { min: 0.0001, max: 10000, integer: false },
} as const;

/** The worker counts a person may choose. */
export const WORKER_LIMITS = { min: 1, max: 16 } as const;

/** The Trainer's own default: the hardware's threads, at most MAX_DEFAULT_WORKERS, at least one. */
export function defaultWorkerCount(hardwareConcurrency: number | undefined): number {
  const threads = Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency as number) : 1;
  return Math.min(Math.max(1, threads), MAX_DEFAULT_WORKERS);
}

/** One sentence when the worker count is outside its bounds; empty when it is fine. */
export function workerProblems(workers: unknown): string[] {
  if (typeof workers !== 'number' || !Number.isFinite(workers)) return ['Workers needs a number.'];
  if (workers < WORKER_LIMITS.min || workers > WORKER_LIMITS.max)
    return [`Workers must be between ${WORKER_LIMITS.min} and ${WORKER_LIMITS.max}.`];
  if (!Number.isInteger(workers)) return ['Workers must be a whole number.'];
  return [];
}

/** How TrainingState starts engines (the browser's by default; tests pass fakes). */
export interface EngineFactory {
  trainer(workers: number): Promise<Pick<Trainer, 'fit' | 'calibration' | 'terminate'>>;
  recommender(model: Model, dataset: Dataset): Promise<Recommender>;
  /** Starts a query worker and compiles its kernel ahead of the next `recommender` (optional). */
  prepareRecommender?(): Promise<void>;
}

const browserEngines: EngineFactory = {
  // The engine's code loads when it is first needed (a fit, a restore), not with the page.
  trainer: async (workers) => {
    const { Trainer, Recommender } = await lazy.engine();
    // The first model's Recommender then starts without compiling its kernel after the fit.
    Recommender.prepare().catch(() => undefined);
    return Trainer.start({ workers });
  },
  recommender: async (model, dataset) => (await lazy.engine()).Recommender.create(model, dataset),
  prepareRecommender: async () => (await lazy.engine()).Recommender.prepare(),
};

/** Settings, progress, the trained model and its Recommender. */
export class TrainingState {
  /** Deep state so number inputs can bind to its fields. */
  settings = $state<FitSettings>({ ...DEFAULT_SETTINGS });
  /** Training workers; a change takes effect at the next Train (results do not depend on it). */
  workers = $state(defaultWorkerCount(globalThis.navigator?.hardwareConcurrency));
  #run = new Run((text) => `Training stopped: ${text}. The previous model, if any, is still in use.`);
  #iteration = $state(0);
  #iterationsPlanned = $state(0);
  #elapsedMs = $state(0);
  #losses = $state.raw<number[]>([]);
  #model = $state.raw<Model | null>(null);
  #recommender = $state.raw<Recommender | null>(null);
  #trainedOn = $state.raw<Dataset | null>(null);
  #origin = $state<ModelOrigin>('trained');
  /** True while a restored or imported model gets its Recommender: a fit may not start then. */
  #adopting = $state(false);
  #engines: EngineFactory;
  /** The Trainer fits run on, for its worker count (replaced when the count changes). */
  #trainer: { workers: number; trainer: Promise<Awaited<ReturnType<EngineFactory['trainer']>>> } | null = null;
  /** The measured speed of the Trainer started for `workers` (see engine/estimate.ts). */
  #calibration = $state.raw<{ workers: number; calibration: FitCalibration } | null>(null);
  /** The dataset loaded now, as forgetIfStale last heard: a Trainer is started ahead of need only when there is one. */
  #dataset: Dataset | null = null;
  /** True when prepare() was asked before any ratings were there (a restore reading them): see forgetIfStale. */
  #prepareDeferred = false;
  #storage: Storage | null;
  #autoTrain = $state(true);

  /**
   * @param storage where the auto-train choice persists (localStorage in the browser; null keeps it in memory).
   * @param engines how Trainers and Recommenders start.
   */
  constructor(storage: Storage | null = globalThis.localStorage ?? null, engines: EngineFactory = browserEngines) {
    this.#storage = storage;
    this.#engines = engines;
    this.#autoTrain = storage?.getItem(AUTO_TRAIN_KEY) !== 'off';
    this.#calibration = storedCalibration(storage);
  }

  /** Whether a quick fit starts by itself after a load. */
  get autoTrain(): boolean {
    return this.#autoTrain;
  }
  set autoTrain(on: boolean) {
    this.#autoTrain = on;
    try {
      this.#storage?.setItem(AUTO_TRAIN_KEY, on ? 'on' : 'off');
    } catch {
      // Storage refused (private mode, quota): the choice holds for this visit.
    }
  }

  /**
   * Estimated milliseconds of a fit of `dataset` at the current settings on this device, or null until a Trainer for
   * the current worker count has measured its speed (in this visit, or kept from an earlier one).
   */
  estimateMs(dataset: Dataset): number | null {
    const measured = this.#calibration;
    if (!measured || measured.workers !== this.workers || this.settingsProblems.length > 0) return null;
    return estimateFitMs(measured.calibration, dataset, this.settings);
  }

  /** Problems with the current settings and worker count, one sentence each; empty when they are valid. */
  readonly settingsProblems = $derived([...settingsProblems(this.settings), ...workerProblems(this.workers)]);

  /** Where training stands. */
  get phase(): TrainingPhase {
    const phase = this.#run.phase;
    return phase === 'running' ? 'training' : phase;
  }
  /** Iterations finished in the fit in flight (or the last fit). */
  get iteration(): number {
    return this.#iteration;
  }
  /** Iterations the fit in flight will run. */
  get iterationsPlanned(): number {
    return this.#iterationsPlanned;
  }
  /** Milliseconds since the fit in flight started, as reported by the engine. */
  get elapsedMs(): number {
    return this.#elapsedMs;
  }
  /** Training loss after each finished iteration of the fit in flight (or the last fit). */
  get losses(): number[] {
    return this.#losses;
  }
  /** The last finished model, kept through cancelled and failed fits. */
  get model(): Model | null {
    return this.#model;
  }
  /** What answers queries about the current model (null when there is none). */
  get recommender(): Recommender | null {
    return this.#recommender;
  }
  /** The dataset the model was trained on. */
  get trainedOn(): Dataset | null {
    return this.#trainedOn;
  }
  /** Where the current model came from. */
  get origin(): ModelOrigin {
    return this.#origin;
  }
  /** True while a restored or imported model is loaded (Train waits). */
  get adopting(): boolean {
    return this.#adopting;
  }
  /** Why the last fit failed, in words for people. */
  get error(): string | null {
    return this.#run.error;
  }

  /** Replaces the settings with a preset's. */
  applyPreset(name: keyof typeof PRESETS): void {
    this.settings = { ...PRESETS[name].settings };
  }

  /** Takes factors, regularization, alpha and iterations from `settings` (e.g. the tuning run's best). */
  applySettings(settings: FitSettings): void {
    const { factors, regularization, alpha, iterations } = settings;
    this.settings = { ...this.settings, factors, regularization, alpha, iterations };
  }

  /** True when the settings equal a preset's. */
  matchesPreset(name: keyof typeof PRESETS): boolean {
    const preset = PRESETS[name].settings;
    return (Object.keys(preset) as (keyof FitSettings)[]).every((key) => preset[key] === this.settings[key]);
  }

  /**
   * Trains on the dataset; resolves with the new model, or null when cancelled or failed. `current` tells which
   * dataset is loaded when the fit ends: a model of ratings replaced meanwhile is dropped there, before it is ever
   * set, so nothing renders it against the new dataset's films (not even for one flush).
   */
  async train(dataset: Dataset, current: () => Dataset | null = () => dataset): Promise<Model | null> {
    if (this.#run.running || this.#adopting || this.settingsProblems.length > 0) return null;
    const settings = { ...$state.snapshot(this.settings) };
    this.#iteration = 0;
    this.#iterationsPlanned = settings.iterations;
    this.#elapsedMs = 0;
    this.#losses = [];
    let stale = false;
    const model = await this.#run.start(async ({ signal, check, current: latest }) => {
      const trainer = await this.#trainerFor(this.workers);
      // Cancel may have been pressed while a new Trainer was starting: stop before any data is copied.
      check();
      // Ratings -> feedback (the rating as is by default: the same object, no work), before the fit as implicit's
      // bm25_weight is. Sliced, yielding, cancellable.
      const matrix = await weightedDataset(dataset, settings, async () => {
        check();
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
      const losses: number[] = [];
      let paintedAtMs = -Infinity;
      const model = await trainer.fit(
        matrix,
        settings,
        (iteration, elapsedMs, loss) => {
          if (!latest()) return;
          if (loss !== null) losses.push(loss);
          // Repaint at most every PROGRESS_PAINT_MS: on a small machine the page's repaints take CPU from the
          // training workers (a fit of 15 fast iterations ran up to 2x slower when every one was painted).
          if (iteration < settings.iterations && elapsedMs - paintedAtMs < PROGRESS_PAINT_MS) return;
          paintedAtMs = elapsedMs;
          this.#iteration = iteration;
          this.#elapsedMs = elapsedMs;
          this.#losses = [...losses];
        },
        signal,
      );
      const now = current();
      if (now && !sameRatings(dataset, now)) {
        stale = true;
        return null;
      }
      // The new model's Recommender takes over the query worker of the one before (the wall asks again at once).
      const previous = this.#recommender;
      const recommender = previous
        ? await previous.withModel(model, dataset)
        : await this.#engines.recommender(model, dataset);
      if (!latest()) {
        recommender.terminate();
        return null;
      }
      this.#setModel(model, recommender, dataset, 'trained');
      this.#elapsedMs = model.trainMs;
      return model;
    });
    if (stale) this.#run.reset();
    if (model) void this.prepare(); // a new worker count has its speed measured now, for the next estimate
    return model;
  }

  /** The Trainer for `workers`, started when the count changed (the one before stops). Call between fits. */
  #trainerFor(workers: number): ReturnType<EngineFactory['trainer']> {
    if (this.#trainer?.workers === workers) return this.#trainer.trainer;
    const previous = this.#trainer;
    const trainer = this.#engines.trainer(workers);
    const slot = { workers, trainer };
    this.#trainer = slot;
    // A failed start is forgotten so the next Train tries again.
    trainer.catch(() => {
      if (this.#trainer === slot) this.#trainer = null;
    });
    previous?.trainer.then(
      (old) => old.terminate(),
      () => undefined,
    );
    return trainer;
  }

  /**
   * Starts the Trainer ahead of need and learns its speed (for the estimate and auto-train), when there are ratings
   * to fit and no model in use: a restored or imported model needs no Trainer, so none starts for it. Otherwise only
   * the engine's code loads. A failure shows at the next use. Call between fits.
   */
  async prepare(): Promise<void> {
    if (this.#run.running) return;
    if (!this.#dataset || this.#model || this.#adopting) {
      if (!this.#dataset) this.#prepareDeferred = true;
      await lazy.engine().catch(() => undefined);
      return;
    }
    const workers = this.workers;
    const trainer = await this.#trainerFor(workers).catch(() => null);
    const calibration = await trainer?.calibration();
    if (calibration && this.#calibration?.calibration !== calibration) {
      this.#calibration = { workers, calibration };
      try {
        this.#storage?.setItem(CALIBRATION_KEY, JSON.stringify(this.#calibration));
      } catch {
        // Storage refused: the estimate holds for this visit.
      }
    }
  }

  /** Readies a Recommender's query worker while a saved model is read back (failures show at its adoption). */
  async prepareQueries(): Promise<void> {
    await this.#engines.prepareRecommender?.().catch(() => undefined);
  }

  /**
   * Takes a model fitted earlier (restored or imported) for `dataset`, without training: a Recommender of its own
   * answers about it (no training worker starts), and the settings show what it was trained with. Refused while a
   * fit runs.
   */
  async adopt(
    model: Model,
    dataset: Dataset,
    origin: Exclude<ModelOrigin, 'trained'>,
    current: () => Dataset | null = () => dataset,
  ): Promise<boolean> {
    if (this.#run.running || this.#adopting) return false;
    this.#adopting = true;
    try {
      const recommender = await this.#engines.recommender(model, dataset);
      // Other ratings were loaded meanwhile: this model is about films that are gone.
      const now = current();
      if (now && !sameRatings(dataset, now)) {
        recommender.terminate();
        return false;
      }
      this.#setModel(model, recommender, dataset, origin);
      this.#losses = model.lossHistory;
      this.#iteration = model.settings.iterations;
      this.#iterationsPlanned = model.settings.iterations;
      this.#elapsedMs = model.trainMs;
      this.settings = { ...model.settings };
      this.#run.reset();
      return true;
    } finally {
      this.#adopting = false;
    }
  }

  #setModel(model: Model, recommender: Recommender, dataset: Dataset, origin: ModelOrigin): void {
    const previous = this.#recommender;
    this.#model = model;
    this.#recommender = recommender;
    this.#trainedOn = dataset;
    this.#origin = origin;
    if (previous !== recommender) previous?.terminate();
  }

  /** Stops the fit in flight; the previous model stays in use. */
  cancel(): void {
    this.#run.cancel();
  }

  /**
   * Gives the model's Recommender the rating pattern of `dataset`, the ratings its model was restored without (read
   * after its head): until then a user's recommendations could not leave out what they rated.
   */
  async useRatings(dataset: Dataset): Promise<void> {
    const model = this.#model;
    const recommender = this.#recommender;
    if (!model || !recommender || !this.#trainedOn || !sameRatings(this.#trainedOn, dataset)) return;
    const next = await recommender.withModel(model, dataset);
    // A fit or another opening may have replaced the model meanwhile.
    if (this.#model !== model || this.#recommender !== recommender) {
      next.terminate();
      return;
    }
    this.#setModel(model, next, dataset, this.#origin);
  }

  /** Drops the model when the dataset's ratings changed (a model of other ratings would answer about other films). */
  forgetIfStale(dataset: Dataset | null): void {
    this.#dataset = dataset;
    if (dataset && this.#prepareDeferred) {
      // A restore brought ratings: prepare now unless a model comes with them (its adoption starts in this task).
      queueMicrotask(() => {
        if (this.#dataset !== dataset || this.#model || this.#adopting) return;
        this.#prepareDeferred = false;
        void this.prepare();
      });
    }
    if (!this.#trainedOn || !dataset || sameRatings(this.#trainedOn, dataset)) {
      if (dataset && this.#trainedOn) this.#trainedOn = dataset; // Same ratings, newer catalogue.
      return;
    }
    this.#recommender?.terminate();
    this.#recommender = null;
    this.#model = null;
    this.#trainedOn = null;
    this.#losses = [];
    // A fit still running keeps its phase (and its Cancel button); it is judged stale again when it ends.
    if (!this.#run.running) this.#run.reset();
  }
}

/** One sentence per setting outside its bounds. */
export function settingsProblems(settings: FitSettings): string[] {
  const problems: string[] = [];
  for (const [key, limit] of Object.entries(LIMITS) as [keyof typeof LIMITS, (typeof LIMITS)[keyof typeof LIMITS]][]) {
    const value = settings[key];
    const name = key[0].toUpperCase() + key.slice(1);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${name} needs a number.`);
    else if (value < limit.min || value > limit.max)
      problems.push(`${name} must be between ${limit.min} and ${limit.max}.`);
    else if (limit.integer && !Number.isInteger(value)) problems.push(`${name} must be a whole number.`);
  }
  problems.push(...feedbackProblems(settings));
  return problems;
}
