/**
 * The app's errors in one place: how an error reads in a sentence, how a cancel is made and recognised, and the
 * error a worker that stopped gives to the call it was answering.
 */

/** A short text for an unexpected error, to put inside a sentence for people. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The error a cancelled operation rejects with (the name `AbortSignal` uses, so fetch's aborts read the same). */
export function abortError(message = 'Cancelled.'): Error {
  return Object.assign(new Error(message), { name: 'AbortError' });
}

/** True for a cancel, made here, by fetch or by a DOMException. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** Throws an AbortError when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | null | undefined, message?: string): void {
  if (signal?.aborted) throw abortError(message);
}

/** A worker stopped (an uncaught error, a message it could not read, a script that would not load) mid-call. */
export class WorkerStoppedError extends Error {
  override name = 'WorkerStoppedError';
  /** @param worker what the worker does, in words ("file reader"). */
  constructor(
    readonly worker: string,
    reason: string,
  ) {
    super(`the ${worker} stopped unexpectedly${reason ? ` (${reason})` : ''}`);
  }
}
