/**
 * Loading the AssemblyScript kernels: which of the four builds to use, instantiating one on a memory, and typed
 * views on that memory. The builds come from scripts/build-wasm.mjs (assembly/ -> src/engine/wasm/).
 */

/** The compiled variants: plain or relaxed SIMD, private or shared (threads) memory. */
export type KernelBuild = 'als-simd' | 'als-relaxed' | 'als-simd-threads' | 'als-relaxed-threads';

/** The kernel's exports (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  heapBase(): number;
  scratchBytes(stride: number): number;
  solveRowsCg(
    indptr: number,
    indices: number,
    values: number,
    rows: number,
    counter: number,
    chunk: number,
    target: number,
    fixed: number,
    gram: number,
    stride: number,
    cgSteps: number,
    alpha: number,
    base: number,
    scratch: number,
  ): void;
  lossRows(
    indptr: number,
    indices: number,
    values: number,
    first: number,
    last: number,
    target: number,
    fixed: number,
    gram: number,
    stride: number,
    alpha: number,
    base: number,
    scratch: number,
    out: number,
  ): void;
  gramMatrix(rows: number, count: number, stride: number, out: number): void;
  topKDot(
    query: number,
    items: number,
    count: number,
    stride: number,
    skip: number,
    k: number,
    outIds: number,
    outScores: number,
  ): number;
  normalizeRows(src: number, dst: number, count: number, stride: number): void;
}

/** The build to use for a given engine: relaxed SIMD where it validates, threads where memory is shared. */
export function kernelBuildFor(relaxed: boolean, shared: boolean): KernelBuild {
  return `als-${relaxed ? 'relaxed' : 'simd'}${shared ? '-threads' : ''}` as KernelBuild;
}

/** True when this engine accepts the relaxed-SIMD build (Chromium does; Node 20 only with a flag). */
export function supportsRelaxedSimd(relaxedBuild: BufferSource): boolean {
  return WebAssembly.validate(relaxedBuild);
}

/** Instantiates a compiled kernel on `memory`. */
export function instantiateKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

/** Creates a memory of exactly `pages` 64 KiB pages, shared or private. */
export function createKernelMemory(pages: number, shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
}

/** Typed views on a kernel memory. Views go stale when memory grows, so they are only ever made here. */
export class MemoryViews {
  #memory: WebAssembly.Memory;
  #buffer: ArrayBufferLike | null = null;
  #f32 = new Float32Array(0);
  #i32 = new Int32Array(0);
  #u8 = new Uint8Array(0);
  #f64 = new Float64Array(0);

  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }

  #refresh(): void {
    const buffer = this.#memory.buffer;
    if (buffer === this.#buffer) return;
    this.#buffer = buffer;
    this.#f32 = new Float32Array(buffer);
    this.#i32 = new Int32Array(buffer);
    this.#u8 = new Uint8Array(buffer);
    this.#f64 = new Float64Array(buffer);
  }

  // Offsets use >>> so byte offsets from 2 GiB up to 4 GiB stay positive.
  /** f32 elements of `count` starting at byte `ptr`. */
  f32(ptr: number, count: number): Float32Array {
    this.#refresh();
    return this.#f32.subarray(ptr >>> 2, (ptr >>> 2) + count);
  }

  /** i32 elements of `count` starting at byte `ptr`. */
  i32(ptr: number, count: number): Int32Array {
    this.#refresh();
    return this.#i32.subarray(ptr >>> 2, (ptr >>> 2) + count);
  }

  /** Bytes [ptr, ptr + count). */
  u8(ptr: number, count: number): Uint8Array {
    this.#refresh();
    return this.#u8.subarray(ptr, ptr + count);
  }

  /** f64 elements of `count` starting at byte `ptr` (8-byte aligned). */
  f64(ptr: number, count: number): Float64Array {
    this.#refresh();
    return this.#f64.subarray(ptr >>> 3, (ptr >>> 3) + count);
  }
}
