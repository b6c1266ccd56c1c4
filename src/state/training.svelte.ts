/**
 * Training: the hyperparameters a person chose, the progress of the fit in flight and the last finished model.
 * The fit runs in the engine's worker pool (src/engine/pool.ts); cancelling keeps the previous model.
 */
import type { Dataset } from '../data/types.ts';
import {
  DEFAULT_SETTINGS,
  TUTORIAL_SETTINGS,
  type FitSettings,
  type ItemFilter,
  type LikedOptions,
  type Model,
  type PersonalRanked,
  type Ranked,
} from '../engine/api.ts';
import type { Engine } from '../engine/pool.ts';
import { estimateFitMs, type FitCalibration } from '../engine/estimate.ts';
import { errorText } from '../errors.ts';
import { defaultWorkerCount, EngineKeeper, workerProblems } from './engines.ts';
import { sameRatings } from './sameRatings.ts';
import { feedbackProblems } from '../data/weighting.ts';
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

/** Where the auto-train choice is kept (localStorage), "off" when a person turned it off. */
const AUTO_TRAIN_KEY = 'marquee:auto-train';

/** Shortest time between two progress repaints while training, in milliseconds. */
const PROGRESS_PAINT_MS = 100;

/** Bounds that keep a fit sensible in a browser tab; outside them the Train button explains what to change. */
const LIMITS = {
  factors: { min: 1, max: 512, integer: true },
  iterations: { min: 1, max: 500, integer: true },
  regularization: { min: 0, max: 1000, integer: false },
  alpha: { min: 0.0001, max: 10000, integer: false },
} as const;

/** Settings, progress and the trained model. */
export class TrainingState {
  /** Deep state so number inputs can bind to its fields. */
  settings = $state<FitSettings>({ ...DEFAULT_SETTINGS });
  /** Training workers; a change takes effect at the next Train (results do not depend on it). */
  workers = $state(defaultWorkerCount(globalThis.navigator?.hardwareConcurrency));
  #phase = $state<TrainingPhase>('idle');
  #iteration = $state(0);
  #iterationsPlanned = $state(0);
  #elapsedMs = $state(0);
  #losses = $state.raw<number[]>([]);
  #model = $state.raw<Model | null>(null);
  #trainedOn = $state.raw<Dataset | null>(null);
  #origin = $state<ModelOrigin>('trained');
  #error = $state<string | null>(null);
  #controller: AbortController | null = null;
  /** True while a restored or imported model is being loaded into the engine: a fit may not start then. */
  #adopting = $state(false);
  // The engine's code loads when it first starts (at the first file, or a restore), not with the page.
  #engines = new EngineKeeper(async (workers) => (await lazy.engine()).Engine.start({ workers }));
  /** The measured speed of the engine started for `workers` (see engine/estimate.ts). */
  #calibration = $state.raw<{ workers: number; calibration: FitCalibration } | null>(null);
  #storage: Storage | null;
  #autoTrain = $state(true);

  /** @param storage where the auto-train choice persists (localStorage in the browser; null keeps it in memory). */
  constructor(storage: Storage | null = globalThis.localStorage ?? null) {
    this.#storage = storage;
    this.#autoTrain = storage?.getItem(AUTO_TRAIN_KEY) !== 'off';
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
   * Estimated milliseconds of a fit of `dataset` at the current settings on this device, or null until the engine
   * for the current worker count has measured its speed.
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
    return this.#phase;
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
    return this.#error;
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

  /** Trains on the dataset; resolves with the new model, or null when cancelled or failed. */
  /**
   * `current` tells which dataset is loaded when the fit ends: a model of ratings replaced meanwhile is dropped
   * there, before it is ever set, so nothing renders it against the new dataset's films (not even for one flush).
   */
  async train(dataset: Dataset, current: () => Dataset | null = () => dataset): Promise<Model | null> {
    if (this.#phase === 'training' || this.#adopting || this.settingsProblems.length > 0) return null;
    const settings = { ...$state.snapshot(this.settings) };
    const controller = new AbortController();
    this.#controller = controller;
    this.#phase = 'training';
    this.#error = null;
    this.#iteration = 0;
    this.#iterationsPlanned = settings.iterations;
    this.#elapsedMs = 0;
    this.#losses = [];
    const losses: number[] = [];
    let paintedAtMs = -Infinity;
    try {
      const engine = await this.#engines.forTraining(this.workers);
      // Cancel may have been pressed while a new engine was starting: stop before the fit copies any data.
      if (controller.signal.aborted) throw Object.assign(new Error('Training was cancelled.'), { name: 'AbortError' });
      const model = await engine.fit(
        dataset,
        settings,
        (iteration, elapsedMs, loss) => {
          if (controller.signal.aborted) return;
          if (loss !== null) losses.push(loss);
          // Repaint at most every PROGRESS_PAINT_MS: on a small machine the page's repaints take CPU from the
          // training workers (a fit of 15 fast iterations ran up to 2x slower when every one was painted).
          if (iteration < settings.iterations && elapsedMs - paintedAtMs < PROGRESS_PAINT_MS) return;
          paintedAtMs = elapsedMs;
          this.#iteration = iteration;
          this.#elapsedMs = elapsedMs;
          this.#losses = [...losses];
        },
        controller.signal,
      );
      const now = current();
      if (now && !sameRatings(dataset, now)) {
        this.#phase = 'idle';
        return null;
      }
      this.#engines.served(engine);
      this.#model = model;
      this.#trainedOn = dataset;
      this.#origin = 'trained';
      this.#elapsedMs = model.trainMs;
      this.#phase = 'done';
      void this.prepare(); // a new worker count has its speed measured now, for the next estimate
      return model;
    } catch (error) {
      if (controller.signal.aborted || (error instanceof Error && error.name === 'AbortError')) {
        this.#phase = 'cancelled';
      } else {
        this.#phase = 'failed';
        this.#error = `Training stopped: ${errorText(error)}. The previous model, if any, is still in use.`;
      }
      return null;
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /**
   * Starts the engine ahead of need (at idle, when files arrive, before a restored model arrives) and learns its
   * speed; a failure shows at the next use. Call between fits (a changed worker count replaces the engine).
   */
  async prepare(): Promise<void> {
    if (this.#phase === 'training') return;
    const workers = this.workers;
    const engine = await this.#engines.forTraining(workers).catch(() => null);
    const calibration = await engine?.calibration();
    if (calibration && this.#calibration?.calibration !== calibration) this.#calibration = { workers, calibration };
  }

  /**
   * Takes a model fitted earlier (restored or imported) for `dataset`, without training: the engine's query worker
   * loads it, and the settings show what it was trained with. Refused while a fit runs.
   */
  async adopt(
    model: Model,
    dataset: Dataset,
    origin: Exclude<ModelOrigin, 'trained'>,
    current: () => Dataset | null = () => dataset,
  ): Promise<boolean> {
    if (this.#phase === 'training' || this.#adopting) return false;
    this.#adopting = true;
    try {
      const engine = await this.#engines.forTraining(this.workers);
      await engine.loadModel(model, dataset);
      // Other ratings were loaded meanwhile: this model is about films that are gone.
      const now = current();
      if (now && !sameRatings(dataset, now)) return false;
      this.#use(engine, model, dataset, origin);
      return true;
    } finally {
      this.#adopting = false;
    }
  }

  #use(engine: Engine, model: Model, dataset: Dataset, origin: Exclude<ModelOrigin, 'trained'>): void {
    this.#engines.served(engine);
    this.#model = model;
    this.#trainedOn = dataset;
    this.#origin = origin;
    this.#losses = model.lossHistory;
    this.#iteration = model.settings.iterations;
    this.#iterationsPlanned = model.settings.iterations;
    this.#elapsedMs = model.trainMs;
    this.settings = { ...model.settings };
    this.#error = null;
    this.#phase = 'done';
  }

  /** Stops the fit in flight; the previous model stays in use. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Drops the model when the dataset's ratings changed (a model of other ratings would answer about other films). */
  forgetIfStale(dataset: Dataset | null): void {
    if (!this.#trainedOn || !dataset || sameRatings(this.#trainedOn, dataset)) {
      if (dataset && this.#trainedOn) this.#trainedOn = dataset; // Same ratings, newer catalogue.
      return;
    }
    this.#engines.dropModel();
    this.#model = null;
    this.#trainedOn = null;
    this.#losses = [];
    // A fit still running keeps its phase (and its Cancel button); it is judged stale again when it ends.
    if (this.#phase !== 'training') this.#phase = 'idle';
  }

  /** The n most similar films to an item of the trained dataset, by the engine's last fitted model. */
  async similar(itemIndex: number, n: number, minRatings: number, exclude: Uint8Array | null = null): Promise<Ranked> {
    return this.#serving().similarItems(itemIndex, n, { minRatings, exclude });
  }

  /** The n best films for a person's liked items and ratings, solved without retraining and explained. */
  async forLikes(
    items: Int32Array,
    ratings: Float32Array,
    n: number,
    filter: ItemFilter & Pick<LikedOptions, 'method'>,
    because: number,
  ): Promise<PersonalRanked> {
    return this.#serving().recommendForLikes(items, ratings, n, { ...filter, because });
  }

  /** The n best films for a user of the trained dataset; rated films left out unless showRated. */
  async forUser(userIndex: number, n: number, showRated: boolean, filter: ItemFilter): Promise<Ranked> {
    return this.#serving().recommendUser(userIndex, n, { ...filter, filterSeen: !showRated });
  }

  #serving(): Engine {
    const engine = this.#engines.serving;
    if (!this.#model || !engine) throw new Error('No model has been trained yet.');
    return engine;
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
