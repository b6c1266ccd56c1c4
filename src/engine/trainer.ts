/**
 * The Trainer: a pool of training workers, the kernel build for them, and implicit's `fit`. It is given confidences
 * already weighted (src/data/weighting.ts, as implicit's bm25_weight is applied before `fit`) and returns a Model;
 * answering queries about a model is the Recommender's (recommender.ts). When it starts, a warm-up fit optimises the
 * kernels and two calibration fits measure this pool's speed (estimate.ts).
 */
import type { FactorSnapshot, FitProgress, FitSettings, Model, RatingMatrix, RunInfo, TrainApi } from './api';
import { MAX_DEFAULT_WORKERS } from './api';
import { abortError, throwIfAborted, WorkerStoppedError } from '../errors.ts';
import type { WorkerBridge } from '../workers/bridge.ts';
import { runFit, type FitContext, type FitWorker } from './fit';
import { createKernelMemory, instantiateKernel } from './kernels';
import { compiledKernel, trainingBridge, type Platform } from './platform';
import { CALIBRATION_SHAPES, scatteredDataset, WARM_UP_SETTINGS, warmUpDataset } from './warmup';
import { calibrate, type CalibrationSample, type FitCalibration } from './estimate';

/** How to start a Trainer. */
export interface TrainerOptions {
  /** Training workers (default: hardware concurrency, at most MAX_DEFAULT_WORKERS). */
  workers?: number;
  /** 'auto' shares memory where the page is cross-origin isolated and copies factors elsewhere. */
  memory?: 'auto' | 'shared' | 'copy';
  /** Where it runs; the browser's by default. */
  platform?: Platform;
  /** Without shared memory, fits of at least this many ratings stop their workers when done (see STOP_AFTER_NNZ). */
  stopAfterNnz?: number;
}

const CANCELLED = 'Training was cancelled.';

/**
 * Without shared memory, by default a fit of at least this many ratings stops its workers once it is done (see
 * #fit). Each worker's own memory holds its rows of both matrices: 16 bytes a rating, 0.5 GB in all at ml-32m.
 */
const STOP_AFTER_NNZ = 4_000_000;

/** Runs fits, one at a time, in its own pool of training workers. */
export class Trainer {
  #workerCount: number;
  #shared: boolean;
  #relaxed: boolean;
  #module: WebAssembly.Module;
  #scratchBytes: (stride: number) => number;
  #bridges: WorkerBridge<TrainApi>[];
  #stopAfterNnz: number;
  #fitting = false;
  #terminated = false;
  /** The warm-up and calibration fits (see #warmUp): started by start(), awaited by the first fit. */
  #warmedUp: Promise<void> = Promise.resolve();
  /** This pool's measured speed, set by the warm-up (see estimate.ts). */
  #calibration: FitCalibration | null = null;

  private constructor(
    platform: Platform,
    workerCount: number,
    shared: boolean,
    relaxed: boolean,
    module: WebAssembly.Module,
    stopAfterNnz: number,
  ) {
    this.#workerCount = workerCount;
    this.#stopAfterNnz = stopAfterNnz;
    this.#shared = shared;
    this.#relaxed = relaxed;
    this.#module = module;
    const probe = instantiateKernel(module, createKernelMemory(2, shared));
    this.#scratchBytes = (stride) => probe.scratchBytes(stride);
    // Each worker starts at its first call (the warm-up's), and afresh after a stop.
    this.#bridges = Array.from({ length: workerCount }, () => trainingBridge(platform));
  }

  /** Compiles the kernel build for this environment's training (once per platform) and starts the warm-up. */
  static async start(options: TrainerOptions = {}): Promise<Trainer> {
    const platform = options.platform ?? (await import('./browser-platform')).browserPlatform;
    const workerCount = Math.max(
      1,
      Math.floor(options.workers ?? Math.min(platform.hardwareConcurrency, MAX_DEFAULT_WORKERS)),
    );
    const mode = options.memory ?? 'auto';
    if (mode === 'shared' && !platform.canShareMemory)
      throw new Error('Shared memory needs a cross-origin isolated page.');
    const shared = mode === 'shared' || (mode === 'auto' && platform.canShareMemory);
    const { module, relaxed } = await compiledKernel(platform, shared);
    const trainer = new Trainer(platform, workerCount, shared, relaxed, module, options.stopAfterNnz ?? STOP_AFTER_NNZ);
    // Not awaited: the first fit waits for it, and calibration() tells when the speed is known.
    trainer.#warmedUp = trainer.#warmUp();
    trainer.#warmedUp.catch(() => undefined); // a failure surfaces in the next fit, not as an unhandled rejection
    return trainer;
  }

  /** How fits run: workers, memory path and SIMD flavour. */
  get run(): RunInfo {
    return {
      workers: this.#workerCount,
      memory: this.#shared ? 'shared' : 'copy',
      simd: this.#relaxed ? 'relaxed' : 'simd',
    };
  }

  /** Training workers running now (they start at the first fit and after a stop, and stop at terminate). */
  get runningWorkers(): number {
    return this.#bridges.filter((bridge) => bridge.running).length;
  }

  /** This pool's measured speed, once the warm-up has run (null if it failed). */
  async calibration(): Promise<FitCalibration | null> {
    await this.#warmedUp.catch(() => undefined);
    return this.#calibration;
  }

  /** A tiny fit so the kernels are optimised before the first real fit, then two that time them (see warmup.ts). */
  async #warmUp(): Promise<void> {
    const { sample: small } = await this.#timedFit(warmUpDataset(), WARM_UP_SETTINGS);
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
  async #timedFit(data: RatingMatrix, settings: FitSettings): Promise<{ model: Model; sample: CalibrationSample }> {
    const ends: number[] = [];
    const model = await this.#fit(data, settings, (_, elapsedMs) => ends.push(elapsedMs));
    // The mean of the iterations after the first: a busy machine makes the real fit slower too, so it counts.
    const durations = ends.slice(1).map((end, i) => end - ends[i]);
    const iterationMs =
      durations.length > 0 ? durations.reduce((sum, ms) => sum + ms, 0) / durations.length : model.trainMs;
    const shape = { users: data.users, items: data.items, nnz: data.nnz };
    return { model, sample: { shape, settings, iterationMs, setupMs: model.phaseMs.setup } };
  }

  /**
   * Trains implicit's ALS on `matrix` (users x items confidences, already weighted). onProgress(iteration, elapsedMs,
   * loss) after each iteration; onFactors (opt-in) gets copies of the factors after each iteration. Aborting ends the
   * fit at once with an AbortError; a training worker that stops ends it with a WorkerStoppedError. Either way every
   * training worker is terminated and the next fit starts fresh ones.
   */
  async fit(
    matrix: RatingMatrix,
    settings: FitSettings,
    onProgress?: FitProgress,
    signal?: AbortSignal,
    onFactors?: FactorSnapshot,
  ): Promise<Model> {
    throwIfAborted(signal, CANCELLED);
    if (this.#terminated) throw new Error('This trainer was stopped.');
    if (this.#fitting) throw new Error('A model is already training.');
    this.#fitting = true;
    try {
      await this.#warmedUp.catch(() => undefined);
      throwIfAborted(signal, CANCELLED);
      return await this.#fit(matrix, settings, onProgress, signal, onFactors);
    } finally {
      this.#fitting = false;
    }
  }

  async #fit(
    matrix: RatingMatrix,
    settings: FitSettings,
    onProgress?: FitProgress,
    signal?: AbortSignal,
    onFactors?: FactorSnapshot,
  ): Promise<Model> {
    // A warm-up step after terminate() must not start workers again.
    if (this.#terminated) throw new Error('This trainer was stopped.');
    // A worker that stopped between two calls would come back fresh, without this fit's setup: that ends the fit too.
    const workers: FitWorker[] = this.#bridges.map((bridge) => {
      let calls = 0;
      return {
        api: (use) =>
          bridge.call((api, { fresh, crashed }) => {
            if (fresh && calls > 0) {
              throw new WorkerStoppedError('training worker', crashed ?? 'it stopped between two steps');
            }
            calls++;
            return use(api);
          }, signal),
      };
    });
    const context: FitContext = {
      workers,
      module: this.#module,
      shared: this.#shared,
      scratchBytes: this.#scratchBytes,
      run: this.run,
      signal,
    };
    try {
      const model = await runFit(context, matrix, settings, onProgress, onFactors);
      // Copy mode: released, a worker's training memory waits for that worker's collector, which on an idle worker
      // ran 3-10 s later (the tab held 1.2 GB more until then at ml-32m); stopped, the worker frees it at once, and
      // the next fit starts fresh workers (tens of milliseconds beside such a fit). Small fits (the warm-up's, which
      // optimises the workers' code for the next one) keep them.
      if (!this.#shared && matrix.nnz >= this.#stopAfterNnz) this.#stopWorkers();
      return model;
    } catch (error) {
      // A cancel, a failure, or a worker that stopped (the others may wait for it at a barrier, or hold a half-done
      // setup): none of them may serve the next fit.
      this.#stopWorkers();
      if (signal?.aborted) throw abortError(CANCELLED);
      throw error;
    }
  }

  #stopWorkers(): void {
    for (const bridge of this.#bridges) bridge.stop();
  }

  /** Stops every training worker; the trainer takes no more fits. */
  terminate(): void {
    this.#terminated = true;
    this.#stopWorkers();
  }
}
