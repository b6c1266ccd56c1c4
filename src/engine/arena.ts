/**
 * A dataset's matrices inside the training kernels' own memory: one shared WebAssembly.Memory that the reader (or a
 * reopened record) fills with the CSR arrays, that the page and every worker view without a copy, and that a fit
 * runs in directly, its factors and scratch placed after the arrays (fit.ts). Before, a fit copied both matrices
 * into a memory of its own: at ml-32m that was 512 MB more, held until the collectors of the page and of both
 * training workers ran.
 *
 * The memory's first bytes from LAYOUT_BASE are a header every thread reads the same way:
 *   u32[4] token   random, written once: an array whose buffer shows the same token is in this memory
 *   u32    end     the first byte after the arrays (where a fit may start its own buffers)
 *   i32    lease   1 while a fit runs in the memory: a second fit meanwhile copies the matrices elsewhere
 * Arrays follow, 16-byte aligned, and are never freed: an arena holds one dataset's matrices and is dropped with it.
 */
import { LAYOUT_BASE } from './layout';

const PAGE_BYTES = 65536;
const HEADER_BYTES = 32;
const TOKEN = LAYOUT_BASE >> 2;
const END = TOKEN + 4;
const LEASE = TOKEN + 5;
/** WebAssembly's 4 GiB: the arena can grow as far as the kernels can address. */
const MAX_PAGES = 65536;

/** Typed arrays allocated one after another in an arena's memory (`arena`). */
export interface Arena {
  arena: WebAssembly.Memory;
  int32(length: number): Int32Array;
  float32(length: number): Float32Array;
}

const header = (memory: WebAssembly.Memory): Int32Array => new Int32Array(memory.buffer, 0, LEASE + 1);

/** A new, empty arena, or null where shared WebAssembly memory cannot be made (no isolation, or no address space). */
export function createArena(): Arena | null {
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({
      initial: Math.ceil((LAYOUT_BASE + HEADER_BYTES) / PAGE_BYTES),
      maximum: MAX_PAGES,
      shared: true,
    });
  } catch {
    return null;
  }
  const words = header(memory);
  // (getRandomValues will not write into shared memory.)
  words.set(crypto.getRandomValues(new Int32Array(4)), TOKEN);
  Atomics.store(words, END, LAYOUT_BASE + HEADER_BYTES);
  const take = (bytes: number): number => {
    const at = Atomics.load(header(memory), END);
    const end = at + Math.ceil(bytes / 16) * 16;
    growArena(memory, end);
    Atomics.store(header(memory), END, end);
    return at;
  };
  return {
    arena: memory,
    // (The offset first: taking it may grow the memory, which gives memory.buffer a new, longer view.)
    int32: (length) => {
      const at = take(length * 4);
      return new Int32Array(memory.buffer, at, length);
    },
    float32: (length) => {
      const at = take(length * 4);
      return new Float32Array(memory.buffer, at, length);
    },
  };
}

/** Grows the arena's memory to hold at least `bytes` (a no-op when it does). */
export function growArena(memory: WebAssembly.Memory, bytes: number): void {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  const have = memory.buffer.byteLength / PAGE_BYTES;
  if (pages > have) memory.grow(pages - have);
}

/** The first byte after the arena's arrays. */
export function arenaEnd(memory: WebAssembly.Memory): number {
  return Atomics.load(header(memory), END) >>> 0;
}

/** True when `array` lies in the arena's memory (the same bytes, not a copy): its buffer shows the arena's token. */
export function inArena(memory: WebAssembly.Memory, array: Int32Array | Float32Array): boolean {
  const buffer = array.buffer;
  if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < LAYOUT_BASE + HEADER_BYTES) return false;
  if (array.byteOffset < LAYOUT_BASE + HEADER_BYTES) return false;
  const theirs = new Int32Array(buffer, LAYOUT_BASE, 4);
  const ours = header(memory).subarray(TOKEN, TOKEN + 4);
  return theirs.every((word, i) => word === ours[i]);
}

/** Takes the arena for one fit; false when another fit has it. */
export function leaseArena(memory: WebAssembly.Memory): boolean {
  return Atomics.compareExchange(header(memory), LEASE, 0, 1) === 0;
}

/** Gives the arena back after a fit (whatever its outcome). */
export function releaseArena(memory: WebAssembly.Memory): void {
  Atomics.store(header(memory), LEASE, 0);
}
