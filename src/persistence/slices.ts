/**
 * Cooperative slicing: long encode/decode loops call `yieldToPage` between slices so no single task blocks the page
 * for long (a slice is at most SLICE_BYTES of copying or checksumming, a few milliseconds).
 */

/**
 * Bytes handled between two yields. Copying into fresh memory is the slow case: each new page is faulted in and
 * zeroed, about 8 ms a megabyte on this machine (a trace of reopening ml-32m), so slices stay at 1 MB.
 */
export const SLICE_BYTES = 1 << 20;

/** The typed arrays `copyInSlices` copies between (both of one kind). */
type Copyable = Uint8Array | Int32Array | Float32Array;

/**
 * Copies `from` into `to` at element `at`, SLICE_BYTES at a time, yielding to the page between slices. `check` runs
 * before each slice (a fit's abort check throws there).
 */
export async function copyInSlices<T extends Copyable>(to: T, from: T, at = 0, check?: () => void): Promise<void> {
  const step = SLICE_BYTES / from.BYTES_PER_ELEMENT;
  for (let done = 0; done < from.length; done += step) {
    check?.();
    // (The union of typed arrays types set() as taking the intersection of their element types: one kind here.)
    to.set(from.subarray(done, done + step) as never, at + done);
    if (done + step < from.length) await yieldToPage();
  }
}

/**
 * Lets the page handle input and paint before the next slice (scheduler.yield where the browser has it). Off the
 * page (a worker packing a dataset) there is nothing to yield to, and a chain of timers would be clamped to 4 ms
 * each: it returns at once.
 */
export function yieldToPage(): Promise<void> {
  if (!('document' in globalThis)) return Promise.resolve();
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
