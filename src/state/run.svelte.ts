/**
 * One long operation that a person can watch and cancel (load, train, evaluate, tune, a map, saving posters, a
 * wall's query): its phase, progress and error text, its AbortController, and "the latest answer wins".
 */
import { errorText, isAbortError, throwIfAborted } from '../errors.ts';

/** Where a run stands. */
export type RunPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** A progress bar's value, maximum and words. */
export interface RunProgress {
  value: number;
  max: number;
  step: string;
}

/** What the work of a run is given. */
export interface RunContext {
  /** Aborts when the run is cancelled or replaced by a newer one. */
  signal: AbortSignal;
  /** True while this run is the latest and not cancelled: only then may the work write what it found. */
  current(): boolean;
  /** Throws an AbortError once the run is cancelled or replaced (call between steps). */
  check(): void;
  /** Moves the progress bar; fields left out keep their value. */
  report(progress: Partial<RunProgress>): void;
}

/** How `start` treats a run already in flight. */
export interface StartOptions {
  /** 'refuse' (default): the new run does not start; 'replace': the old one is aborted and its answer dropped. */
  whileRunning?: 'refuse' | 'replace';
  /** Progress at the start. */
  progress?: Partial<RunProgress>;
  /** The sentence for this run's failure, when it differs from the one given to the constructor. */
  failure?: (text: string) => string;
}

/** A run's reactive state and its controller. */
export class Run {
  #phase = $state<RunPhase>('idle');
  #error = $state<string | null>(null);
  #progress = $state.raw<RunProgress>({ value: 0, max: 1, step: '' });
  #controller: AbortController | null = null;
  #serial = 0;
  #failure: (text: string) => string;

  /** @param failure the sentence shown when a run fails, given the error's text. */
  constructor(failure: (text: string) => string) {
    this.#failure = failure;
  }

  get phase(): RunPhase {
    return this.#phase;
  }
  get running(): boolean {
    return this.#phase === 'running';
  }
  /** Why the last run failed, in words for people; null otherwise. */
  get error(): string | null {
    return this.#error;
  }
  get progress(): RunProgress {
    return this.#progress;
  }

  /**
   * Runs `work` and resolves with its answer, or with null when it was refused, cancelled, replaced or failed
   * (the phase and error say which). Only the latest run writes phase, progress and error.
   */
  async start<R>(work: (run: RunContext) => Promise<R>, options: StartOptions = {}): Promise<R | null> {
    if (this.#phase === 'running' && (options.whileRunning ?? 'refuse') === 'refuse') return null;
    this.#controller?.abort();
    const controller = new AbortController();
    const serial = ++this.#serial;
    this.#controller = controller;
    const current = () => serial === this.#serial && !controller.signal.aborted;
    this.#phase = 'running';
    this.#error = null;
    this.#progress = { value: 0, max: 1, step: '', ...options.progress };
    const context: RunContext = {
      signal: controller.signal,
      current,
      check: () => throwIfAborted(controller.signal),
      report: (progress) => {
        if (current()) this.#progress = { ...this.#progress, ...progress };
      },
    };
    try {
      const answer = await work(context);
      throwIfAborted(controller.signal);
      if (serial !== this.#serial) return null;
      this.#phase = 'done';
      return answer;
    } catch (error) {
      if (serial !== this.#serial) return null;
      if (controller.signal.aborted || isAbortError(error)) this.#phase = 'cancelled';
      else {
        this.#phase = 'failed';
        this.#error = (options.failure ?? this.#failure)(errorText(error));
      }
      return null;
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Cancels the run in flight (its work sees the signal abort). */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Forgets the last run (its subject is gone): a run in flight is cancelled and its answer dropped. */
  reset(): void {
    this.#serial++;
    this.#controller?.abort();
    this.#controller = null;
    this.#phase = 'idle';
    this.#error = null;
    this.#progress = { value: 0, max: 1, step: '' };
  }
}
