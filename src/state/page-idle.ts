/** Waiting for a quiet moment of the page, for background work that must not share a task with what is shown. */

/** Idle time that means nothing is waiting to be painted (a frame under way leaves at most ~16 ms). */
const QUIET_IDLE_MS = 30;

/**
 * Resolves once the page has a quiet idle moment (no frame waiting: e.g. a wall that paints in chunks has finished),
 * or after `maxWaitMs` at the latest. Background work (a save) started then does not share a task with what the
 * person is looking at.
 */
export function pageIdle(maxWaitMs = 2_000): Promise<void> {
  const idle = globalThis.requestIdleCallback as typeof requestIdleCallback | undefined;
  if (!idle) return new Promise((resolve) => setTimeout(resolve, 0));
  const until = performance.now() + maxWaitMs;
  return new Promise((resolve) => {
    const check = (deadline: IdleDeadline): void => {
      if (deadline.timeRemaining() >= QUIET_IDLE_MS || deadline.didTimeout || performance.now() >= until) resolve();
      else idle(check, { timeout: Math.max(1, until - performance.now()) });
    };
    idle(check, { timeout: maxWaitMs });
  });
}
