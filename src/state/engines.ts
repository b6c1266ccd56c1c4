/**
 * How many training workers, and which engine answers which call. A changed worker count starts a new engine at
 * the next Train; the engine that holds the current model keeps answering similar-film queries until a fit on the
 * new one succeeds, so a cancelled or failed fit still leaves the previous model in use.
 */
import { MAX_DEFAULT_WORKERS } from '../engine/pool.ts';

/** The worker counts a person may choose. */
export const WORKER_LIMITS = { min: 1, max: 16 } as const;

/** The engine's own default: the hardware's threads, at most MAX_DEFAULT_WORKERS, at least one. */
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

/** What the keeper needs of an engine. */
export interface Stoppable {
  terminate(): void;
}

/** Starts engines with a worker count, reuses one while the count is unchanged, and terminates those no longer needed. */
export class EngineKeeper<E extends Stoppable> {
  #start: (workers: number) => Promise<E>;
  /** The engine the next fit runs on, with its worker count. */
  #training: { workers: number; engine: Promise<E> } | null = null;
  /** The same engine once it has started. */
  #trainingStarted: E | null = null;
  /** The engine whose query worker holds the current model. */
  #serving: E | null = null;

  constructor(start: (workers: number) => Promise<E>) {
    this.#start = start;
  }

  /**
   * The engine to fit on with this many workers. When the count changed, starts a new one and terminates the old
   * one unless it still serves the current model. Call only between fits.
   */
  forTraining(workers: number): Promise<E> {
    if (this.#training?.workers === workers) return this.#training.engine;
    const previous = this.#training;
    const engine = this.#start(workers);
    const slot = { workers, engine };
    this.#training = slot;
    this.#trainingStarted = null;
    engine.then(
      (started) => {
        if (this.#training === slot) this.#trainingStarted = started;
      },
      // A failed start is forgotten so the next Train tries again.
      () => {
        if (this.#training === slot) this.#training = null;
      },
    );
    previous?.engine.then(
      (old) => {
        if (old !== this.#serving) old.terminate();
      },
      () => undefined,
    );
    return engine;
  }

  /** Records that a fit on `engine` succeeded: it answers queries from now on, and the engine before it stops. */
  served(engine: E): void {
    const previous = this.#serving;
    this.#serving = engine;
    if (previous && previous !== engine && previous !== this.#trainingStarted) previous.terminate();
  }

  /** The engine holding the current model, or null when there is none. */
  get serving(): E | null {
    return this.#serving;
  }

  /** Forgets the current model (its ratings were replaced); its engine stops unless the next fit will use it. */
  dropModel(): void {
    const previous = this.#serving;
    this.#serving = null;
    if (previous && previous !== this.#trainingStarted) previous.terminate();
  }
}
