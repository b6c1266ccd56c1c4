/**
 * Cooperative slicing: long encode/decode loops call `yieldToPage` between slices so no single task blocks the page
 * for long (a slice is at most SLICE_BYTES of copying or checksumming, a few milliseconds).
 */

/** Bytes handled between two yields. */
export const SLICE_BYTES = 4 << 20;

/** Lets the page handle input and paint before the next slice (scheduler.yield where the browser has it). */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
