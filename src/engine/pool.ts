/**
 * The engine as the app and the benchmark see it: a pool of training workers, one query worker, the kernel
 * build picked for this environment, and implicit-shaped calls (fit, similarItems, recommend).
 */
import type { Dataset } from '../data/types';
import type {
  FactorSnapshot,
  FitProgress,
  FitSettings,
  ItemFilter,
  LikedOptions,
  Model,
  PersonalRanked,
  Ranked,
  RecommendOptions,
  RunInfo,
  SimilarOptions,
} from './api';
import { runFit, type FitContext } from './fit';
import { DEFAULT_FOR_YOU_METHOD } from './personal';
import { createKernelMemory, instantiateKernel, kernelBuildFor, supportsRelaxedSimd } from './kernels';
import type { EngineWorker, Platform } from './platform';
import { CALIBRATION_SHAPES, scatteredDataset, WARM_UP_SETTINGS, warmUpDataset } from './warmup';
import { calibrate, type CalibrationSample, type FitCalibration } from './estimate';

/** How to start the engine. */
export interface EngineOptions {
  /** Training workers (default: hardware concurrency, at most 8). */
  workers?: number;
  /** 'auto' shares memory where the page is cross-origin isolated and copies factors elsewhere. */
  memory?: 'auto' | 'shared' | 'copy';
  /** Where it runs; the browser's by default. */
  platform?: Platform;
}

/** The error a cancelled fit rejects with. */
function cancelledError(): Error {
  return Object.assign(new Error('Training was cancelled.'), { name: 'AbortError' });
}

/** The most workers the pool starts by default. */
export const MAX_DEFAULT_WORKERS = 8;

/** What the query worker needs of a model. */
type QueryModel = Pick<Model, 'stride' | 'users' | 'items' | 'userFactors' | 'itemFactors' | 'factors' | 'settings'>;

/** Runs fits in a worker pool and answers queries about the last fitted model. */
export class Engine {
  #platform: Platform;
  #workerCount: number;
  #shared: boolean;
  #relaxed: boolean;
  #modules: { train: WebAssembly.Module; query: WebAssembly.Module };
  #scratchBytes: (stride: number) => number;
  #workers: EngineWorker[] = [];
  #queryWorker: EngineWorker;
  #model: Model | null = null;
  #fitting = false;
  /** The warm-up fit (see #warmUp): started by start(), awaited by the first fit only. */
  #warmedUp: Promise<void> = Promise.resolve();
  /** This pool's measured speed, set by the warm-up (see estimate.ts). */
  #calibration: FitCalibration | null = null;
  /** Set once a real model (or factors) was sent to the query worker: the warm-up must not replace it. */
  #queryInUse = false;
  /** True once loadFactors put factors in the query worker (recommend may answer before any fit). */
  #factorsLoaded = false;

  private constructor(
    platform: Platform,
    workerCount: number,
    shared: boolean,
    relaxed: boolean,
    modules: { train: WebAssembly.Module; query: WebAssembly.Module },
  ) {
    this.#platform = platform;
    this.#workerCount = workerCount;
    this.#shared = shared;
    this.#relaxed = relaxed;
    this.#modules = modules;
    const probe = instantiateKernel(modules.query, createKernelMemory(2, false));
    this.#scratchBytes = (stride) => probe.scratchBytes(stride);
    this.#queryWorker = platform.createWorker();
    this.#startWorkers();
  }

  /** Starts the pool: compiles the best kernel build for this environment and starts the workers. */
  static async start(options: EngineOptions = {}): Promise<Engine> {
    const platform = options.platform ?? (await import('./browser-platform')).browserPlatform;
    const workerCount = Math.max(
      1,
      Math.floor(options.workers ?? Math.min(platform.hardwareConcurrency, MAX_DEFAULT_WORKERS)),
    );
    const mode = options.memory ?? 'auto';
    if (mode === 'shared' && !platform.canShareMemory)
      throw new Error('Shared memory needs a cross-origin isolated page.');
    const shared = mode === 'shared' || (mode === 'auto' && platform.canShareMemory);
    const relaxedBytes = await platform.loadKernel('als-relaxed');
    const relaxed = supportsRelaxedSimd(relaxedBytes);
    const compile = async (threads: boolean) => {
      const build = kernelBuildFor(relaxed, threads);
      // The relaxed private-memory build was just fetched to test for support: compile those bytes.
      return WebAssembly.compile(build === 'als-relaxed' ? relaxedBytes : await platform.loadKernel(build));
    };
    const [train, query] = await Promise.all([compile(shared), compile(false)]);
    const engine = new Engine(platform, workerCount, shared, relaxed, { train, query });
    // Not awaited: a restored model can be queried at once (the reload shows its wall sooner); fit() waits for it.
    engine.#warmedUp = engine.#warmUp();
    engine.#warmedUp.catch(() => undefined); // a failure surfaces in the next fit, not as an unhandled rejection
    return engine;
  }

  /** Runs a tiny fit and query so the kernels are optimised before the first real fit (see warmup.ts). */
  async #warmUp(): Promise<void> {
    const data = warmUpDataset();
    const { model, sample: small } = await this.#timedFit(data, WARM_UP_SETTINGS);
    // Messages reach the query worker in order: a real model sent before this is never replaced by the tiny one,
    // and one sent after replaces it.
    if (!this.#queryInUse) {
      await this.#sendQueryModel(model, data);
      if (!this.#queryInUse) await this.#queryWorker.api.similarItems(0, 10, 1);
    }
    // Two larger fits now that the kernels are optimised: with the tiny one they give the device's speed.
    const samples: CalibrationSample[] = [];
    for (const { users, items, perUser } of CALIBRATION_SHAPES) {
      // Each step in its own task: this runs on the page while a file may be loading.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const data = scatteredDataset(users, items, perUser);
      await new Promise((resolve) => setTimeout(resolve, 0));
      samples.push((await this.#timedFit(data, WARM_UP_SETTINGS)).sample);
    }
    this.#calibration = calibrate(small, samples[0], samples[1]);
  }

  /** A fit whose iterations are timed one by one (the first runs code V8 has not optimised yet). */
  async #timedFit(data: Dataset, settings: FitSettings): Promise<{ model: Model; sample: CalibrationSample }> {
    const ends: number[] = [];
    const model = await runFit(this.#fitContext(), data, settings, (_, elapsedMs) => ends.push(elapsedMs));
    // The mean of the iterations after the first: a busy machine makes the real fit slower too, so it counts.
    const durations = ends.slice(1).map((end, i) => end - ends[i]);
    const iterationMs =
      durations.length > 0 ? durations.reduce((sum, ms) => sum + ms, 0) / durations.length : model.trainMs;
    const shape = { users: data.users, items: data.items, nnz: data.nnz };
    return { model, sample: { shape, settings, iterationMs, setupMs: model.phaseMs.setup } };
  }

  /** This pool's measured speed, once the warm-up has run (null if it failed). */
  async calibration(): Promise<FitCalibration | null> {
    await this.#warmedUp.catch(() => undefined);
    return this.#calibration;
  }

  #fitContext(signal?: AbortSignal): FitContext {
    return {
      workers: this.#workers,
      module: this.#modules.train,
      shared: this.#shared,
      scratchBytes: this.#scratchBytes,
      run: this.run,
      signal,
    };
  }

  #loadQueryModel(model: QueryModel, data: Dataset): Promise<void> {
    this.#queryInUse = true;
    return this.#sendQueryModel(model, data);
  }

  #sendQueryModel(model: QueryModel, data: Dataset): Promise<void> {
    return this.#queryWorker.api.loadModel({
      module: this.#modules.query,
      stride: model.stride,
      users: model.users,
      items: model.items,
      userFactors: model.userFactors,
      itemFactors: model.itemFactors,
      itemCounts: data.itemCounts,
      // Only the sparsity pattern: recommend() leaves out what a user rated and never reads the ratings.
      userItems: { indptr: data.userItems.indptr, indices: data.userItems.indices },
      factors: model.factors,
      regularization: model.settings.regularization,
      confidence: { alpha: model.settings.alpha, base: model.settings.confidence === 'one-plus-alpha' ? 1 : 0 },
    });
  }

  /** How fits run: workers, memory path and SIMD flavour. */
  get run(): RunInfo {
    return {
      workers: this.#workerCount,
      memory: this.#shared ? 'shared' : 'copy',
      simd: this.#relaxed ? 'relaxed' : 'simd',
    };
  }

  /** The last fitted model, or null. */
  get model(): Model | null {
    return this.#model;
  }

  #startWorkers(): void {
    this.#workers = Array.from({ length: this.#workerCount }, () => this.#platform.createWorker());
  }

  /**
   * Trains implicit's ALS on the dataset (users x items ratings). onProgress(iteration, elapsedMs, loss) after each
   * iteration. Aborting terminates the training workers at once (and starts fresh ones); the previous model stays.
   * onFactors (opt-in) gets copies of the factors after each iteration.
   */
  async fit(
    data: Dataset,
    settings: FitSettings,
    onProgress?: FitProgress,
    signal?: AbortSignal,
    onFactors?: FactorSnapshot,
  ): Promise<Model> {
    if (signal?.aborted) throw cancelledError();
    if (this.#fitting) throw new Error('A model is already training.');
    this.#fitting = true;
    await this.#warmedUp.catch(() => undefined);
    // Fresh workers after a cancel or a failure: a terminated or half-set-up worker must never serve the next fit.
    const recycleWorkers = (): void => {
      for (const w of this.#workers) w.terminate();
      this.#startWorkers();
    };
    signal?.addEventListener('abort', recycleWorkers, { once: true });
    try {
      const fitRun = runFit(this.#fitContext(signal), data, settings, onProgress, onFactors);
      // A terminated worker never answers: race the fit against the abort so cancelling returns at once.
      const aborted = new Promise<never>((_, reject) => {
        signal?.addEventListener('abort', () => reject(cancelledError()), { once: true });
      });
      let model: Model;
      try {
        model = await Promise.race([fitRun, aborted]);
      } catch (error) {
        if (!signal?.aborted) recycleWorkers();
        throw error;
      }
      await this.#loadQueryModel(model, data);
      this.#model = model;
      return model;
    } finally {
      signal?.removeEventListener('abort', recycleWorkers);
      this.#fitting = false;
    }
  }

  /**
   * Serves queries from a model fitted earlier (restored from storage or imported) without fitting: `data` is the
   * dataset it was trained on, whose shape it must have. The pool's training workers are not involved.
   */
  async loadModel(model: Model, data: Dataset): Promise<void> {
    if (model.users !== data.users || model.items !== data.items || model.stride % 8 !== 0) {
      throw new Error('The model does not fit the dataset (its user or movie count differs).');
    }
    await this.#loadQueryModel(model, data);
    this.#model = model;
  }

  /** The n items most similar to `item` (cosine of item factors), the item itself left out (implicit's similar_items). */
  similarItems(item: number, n: number, options: SimilarOptions = {}): Promise<Ranked> {
    this.#requireModel();
    return this.#queryWorker.api.similarItems(item, n, options.minRatings ?? 5, options.exclude ?? null);
  }

  /** The n best items for each user, already-rated items left out unless filterSeen is false; ids -1 padded to n per user. */
  recommend(users: Int32Array, n: number, options: RecommendOptions = {}): Promise<Ranked> {
    this.#requireModel();
    return this.#queryWorker.api.recommend(users, n, options.filterSeen ?? true);
  }

  /**
   * Puts factors (e.g. a per-iteration snapshot from fit's onFactors) in the query worker: recommend and similarItems
   * answer from them until the next fit. Only for an engine that serves no explore view (the Evaluate view's own).
   */
  async loadFactors(factors: QueryModel, data: Dataset): Promise<void> {
    await this.#loadQueryModel(factors, data);
    this.#factorsLoaded = true;
  }

  /** One user's n best items under a wall filter; what the user rated is left out unless filterSeen is false. */
  recommendUser(user: number, n: number, options: RecommendOptions & ItemFilter = {}): Promise<Ranked> {
    this.#requireModel();
    if (!Number.isInteger(user) || user < 0 || user >= this.#model!.users) throw new RangeError(`no user ${user}`);
    const { filterSeen = true, minRatings = 1, exclude = null } = options;
    return this.#queryWorker.api.recommendUser(user, n, filterSeen, minRatings, exclude);
  }

  /**
   * Recommendations for someone not in the data from `items` and `ratings`, by a For you method (personal.ts; with
   * 'implicit', implicit's recommend(userid, user_items, recalculate_user=True): their factors solved exactly against
   * the item factors), those items left out, and each answer with the `because` liked items that contributed most.
   */
  recommendForLikes(
    items: Int32Array,
    ratings: Float32Array,
    n: number,
    options: LikedOptions = {},
  ): Promise<PersonalRanked> {
    this.#requireModel();
    const { minRatings = 1, exclude = null, because = 3, method = DEFAULT_FOR_YOU_METHOD } = options;
    return this.#queryWorker.api.recommendForLikes(items, ratings, n, minRatings, exclude, because, method);
  }

  #requireModel(): void {
    // The query worker holds the warm-up model until the first fit; never answer from that.
    if (!this.#model && !this.#factorsLoaded) throw new Error('No model is trained yet: train one first.');
  }

  /** Stops every worker. */
  terminate(): void {
    for (const w of this.#workers) w.terminate();
    this.#queryWorker.terminate();
  }
}
