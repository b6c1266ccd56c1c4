/**
 * The one way the app talks to a worker: comlink over a worker started on first use, with the same rules for every
 * kind (reader, search index, map, evaluation, training, query).
 *
 * - A worker that stops (an uncaught error, a message it cannot read, a script that does not load) ends every call
 *   it was answering with a WorkerStoppedError naming it, and the next call starts a fresh worker.
 * - A call given an AbortSignal that aborts terminates the worker (work in a worker cannot be interrupted any other
 *   way), rejects with an AbortError, and the next call starts a fresh worker.
 * - With `idleMs`, a worker that holds nothing between calls is stopped after that long without a call.
 *
 * Vite bundles a worker only from a literal `new Worker(new URL('./x.worker.ts', import.meta.url))`, so each client
 * passes that expression in its `start` function; everything else about workers lives here.
 */
import { wrap, type Endpoint, type Remote } from 'comlink';
import { abortError, WorkerStoppedError } from '../errors.ts';

/** What a bridge needs of a worker: comlink's endpoint (a browser Worker is one) and a way to stop it. */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

/** How a bridge runs its worker. */
export interface BridgeOptions {
  /** What the worker does, in words for the error a stop gives ("file reader", "search index"). */
  label: string;
  /** Stop the worker after this many milliseconds without a call (only for workers that keep nothing). */
  idleMs?: number;
}

/** What a call is given besides the worker's API. */
export interface CallContext {
  /** True when this call started the worker: a worker that keeps state between calls must be given it again. */
  fresh: boolean;
  /**
   * With `fresh`: why the worker before this one crashed (null after a first start or a stop on purpose), so a
   * caller that needed its state, lost in a crash between two calls, can say what happened.
   */
  crashed: string | null;
}

interface Running<T> {
  worker: WorkerLike;
  api: Remote<T>;
  /** Rejects when the worker stops; every call races it. */
  stopped: Promise<never>;
  fail: (error: Error) => void;
  calls: number;
}

/** One worker behind comlink, restarted after a stop or an abort. */
export class WorkerBridge<T> {
  #start: () => WorkerLike;
  #options: BridgeOptions;
  #running: Running<T> | null = null;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #starts = 0;
  /** Why the last worker crashed, until the next one starts (see CallContext.crashed). */
  #crashed: string | null = null;

  /** @param start makes the worker (the `new Worker(new URL(...))` literal Vite needs stays at the caller). */
  constructor(start: () => WorkerLike, options: BridgeOptions) {
    this.#start = start;
    this.#options = options;
  }

  /** How many workers this bridge has started (a restart after a stop or abort counts). */
  get starts(): number {
    return this.#starts;
  }

  /** True while a worker is running. */
  get running(): boolean {
    return this.#running !== null;
  }

  /**
   * Runs `use` against the worker's API, starting the worker if none runs. Rejects with a WorkerStoppedError when
   * the worker stops first, or with an AbortError (the worker terminated) when `signal` aborts first.
   */
  async call<R>(use: (api: Remote<T>, context: CallContext) => Promise<R>, signal?: AbortSignal): Promise<R> {
    if (signal?.aborted) throw abortError();
    const fresh = this.#running === null;
    const crashed = fresh ? this.#crashed : null;
    const running = this.#ensure();
    running.calls++;
    clearTimeout(this.#idleTimer);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        reject(abortError());
        this.#stop(running, abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([use(running.api, { fresh, crashed }), running.stopped, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      running.calls--;
      this.#scheduleIdleStop(running);
    }
  }

  /** Stops the worker now (pending calls reject with an AbortError); the next call starts a fresh one. */
  stop(): void {
    if (this.#running) this.#stop(this.#running, abortError());
  }

  #ensure(): Running<T> {
    if (this.#running) return this.#running;
    const worker = this.#start();
    this.#starts++;
    this.#crashed = null;
    let fail: (error: Error) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (fail = reject));
    stopped.catch(() => undefined); // observed by the calls' races; no unhandled rejection when idle
    const running: Running<T> = { worker, api: wrap<T>(worker), stopped, fail, calls: 0 };
    const onStop = (reason: string) => {
      if (this.#running !== running) return;
      this.#stop(running, new WorkerStoppedError(this.#options.label, reason));
      this.#crashed = reason;
    };
    worker.addEventListener('error', (event) => onStop(messageOf(event, 'it could not run or load its code')));
    worker.addEventListener('messageerror', () => onStop('a message could not be read'));
    this.#running = running;
    return running;
  }

  /** Terminates the worker; calls still waiting on it reject with `reason`. */
  #stop(running: Running<T>, reason: Error): void {
    running.worker.terminate();
    running.fail(reason);
    if (this.#running === running) this.#running = null;
  }

  #scheduleIdleStop(running: Running<T>): void {
    const idleMs = this.#options.idleMs;
    if (idleMs === undefined || running.calls > 0 || this.#running !== running) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#running === running && running.calls === 0) this.#stop(running, abortError());
    }, idleMs);
  }
}

/** The message of an error event, or `fallback` when it has none (a module that failed to load gives none). */
function messageOf(event: unknown, fallback: string): string {
  const message = (event as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : fallback;
}
