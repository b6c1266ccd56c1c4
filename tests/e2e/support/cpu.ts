/**
 * Running the tests that bound main-thread work on a slower CPU: they carry MAIN_THREAD_TAG, and the
 * `chromium-cpu-3x` project (playwright.config.ts) runs them again with the `cpuSlowdown` option, which test.ts
 * applies to each page through the DevTools protocol (Emulation.setCPUThrottlingRate).
 */

/** Tag of the tests that bound main-thread work. */
export const MAIN_THREAD_TAG = '@main-thread';

/** Project options of our `test`. */
export interface TestOptions {
  /** How many times slower the page's CPU runs (1: not throttled). */
  cpuSlowdown: number;
}
