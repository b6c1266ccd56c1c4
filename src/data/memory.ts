/**
 * How much memory a load may take, checked before reading so a file too big for this device gets a clear message
 * instead of a crashed tab. The budget is measured on the page (Chromium's performance.memory.jsHeapSizeLimit and
 * navigator.deviceMemory, https://developer.mozilla.org/docs/Web/API/Navigator/deviceMemory) and passed to the reader.
 */

const GIB = 1024 ** 3;

/** Used when the browser says nothing about its memory (Firefox, Safari): what a 64-bit tab can usually hold. */
const DEFAULT_BUDGET_BYTES = 4 * GIB;

/**
 * Bytes of memory per byte of input while loading and training. A ratings row is about 25 bytes of text
 * (ml-latest-small: 2,483,723 bytes / 100,836 rows) and needs about 62 bytes at the peak: 12 in the parse arrays,
 * up to 6 more of growth slack, 12 for their exact-size copy, 16 for each CSR orientation; so 2.5x, plus room for
 * the catalogue's strings and the engine's copy. An estimate to refuse what cannot fit, not a promise.
 */
export const BYTES_NEEDED_PER_INPUT_BYTE = 3;

/** What the page may spend on loaded data: half the device's memory, and at most the JS heap limit. */
export function memoryBudget(): number {
  const deviceGib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  const heapLimit = (globalThis.performance as { memory?: { jsHeapSizeLimit?: number } } | undefined)?.memory
    ?.jsHeapSizeLimit;
  const limits = [deviceGib ? (deviceGib * GIB) / 2 : 0, heapLimit ?? 0].filter((bytes) => bytes > 0);
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_BUDGET_BYTES;
}

/** Memory needed to load `inputBytes` bytes of (uncompressed) MovieLens text. */
export function memoryNeeded(inputBytes: number): number {
  return inputBytes * BYTES_NEEDED_PER_INPUT_BYTE;
}

/** "1.2 GB", "340 MB", for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2)).toLocaleString('en-US')} MB`;
}

/** The message for input that would not fit, or null when it does. `what` names the file. */
export function tooBigMessage(what: string, inputBytes: number, budget: number, unzipped = false): string | null {
  const needed = memoryNeeded(inputBytes);
  if (needed <= budget) return null;
  const size = unzipped ? `unpacks to ${formatBytes(inputBytes)}` : `is ${formatBytes(inputBytes)}`;
  return (
    `${what} ${size}; loading it needs about ${formatBytes(needed)} of memory, but this browser tab can use ` +
    `about ${formatBytes(budget)}. It was not read, so this tab keeps working. Try a smaller MovieLens release ` +
    '(ml-latest-small, ml-1m), or a desktop browser on a computer with more memory.'
  );
}
