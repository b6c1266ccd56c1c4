/**
 * Loading the AssemblyScript kernels: which of the four builds to use, instantiating one on a memory, and typed
 * views on that memory. The builds come from scripts/build-wasm.mjs (assembly/ -> src/engine/wasm/).
 */

import {
  KERNEL_PARAM_OFFSETS,
  KERNEL_PARAMS,
  KERNEL_PARAMS_BYTES,
  type KernelParamName,
  type LossParams,
  type SolveParams,
} from './layout';

/** The compiled variants: plain or relaxed SIMD, private or shared (threads) memory. */
export type KernelBuild = 'als-simd' | 'als-relaxed' | 'als-simd-threads' | 'als-relaxed-threads';

/**
 * The kernel's exports (assembly/index.ts); pointers are byte offsets. solveRowsCg and lossRows read their
 * arguments from a parameter block (KERNEL_PARAMS in layout.ts): call them through callSolveRowsCg and callLossRows.
 */
export interface KernelExports {
  heapBase(): number;
  /** Bytes of the parameter block as the kernel lays it out: KERNEL_PARAMS_BYTES when both sides agree. */
  paramsBytes(): number;
  scratchBytes(stride: number): number;
  /** Solves rows against a fixed side with conjugate gradient; reads the SolveParams fields of the block. */
  solveRowsCg(params: number): void;
  /** Adds up loss terms of rows; reads the LossParams fields of the block. */
  lossRows(params: number): void;
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

/**
 * Writes the named fields of a kernel parameter block at byte `ptr`, each at its KERNEL_PARAMS offset as its type:
 * f32 fields round like a wasm f32 argument would, usize and i32 fields keep their low 32 bits.
 */
function writeKernelParams(views: MemoryViews, ptr: number, params: SolveParams | LossParams): void {
  const count = KERNEL_PARAMS_BYTES >> 2;
  const f32 = views.f32(ptr, count);
  const i32 = views.i32(ptr, count);
  for (const [name, value] of Object.entries(params) as [KernelParamName, number][]) {
    if (!Object.hasOwn(KERNEL_PARAMS, name)) throw new Error(`${name} is not a kernel parameter`);
    const at = KERNEL_PARAM_OFFSETS[name] >> 2;
    if (KERNEL_PARAMS[name] === 'f32') f32[at] = value;
    else i32[at] = value;
  }
}

/** Writes `params` into the block at `block` and runs solveRowsCg on it. */
export function callSolveRowsCg(kernel: KernelExports, views: MemoryViews, block: number, params: SolveParams): void {
  writeKernelParams(views, block, params);
  kernel.solveRowsCg(block);
}

/** Writes `params` into the block at `block` and runs lossRows on it. */
export function callLossRows(kernel: KernelExports, views: MemoryViews, block: number, params: LossParams): void {
  writeKernelParams(views, block, params);
  kernel.lossRows(block);
}

/** The build to use for a given engine: relaxed SIMD where it validates, threads where memory is shared. */
export function kernelBuildFor(relaxed: boolean, shared: boolean): KernelBuild {
  return `als-${relaxed ? 'relaxed' : 'simd'}${shared ? '-threads' : ''}` as KernelBuild;
}

/** True when this engine accepts the relaxed-SIMD build (Chromium does; Node 20 only with a flag). */
export function supportsRelaxedSimd(relaxedBuild: BufferSource): boolean {
  return WebAssembly.validate(relaxedBuild);
}

/** Instantiates a compiled kernel on `memory`, refusing one built from a different KERNEL_PARAMS. */
export function instantiateKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernel = instance.exports as unknown as KernelExports;
  if (kernel.paramsBytes() !== KERNEL_PARAMS_BYTES)
    throw new Error(`kernel parameter block is ${kernel.paramsBytes()} bytes, layout.ts says ${KERNEL_PARAMS_BYTES}`);
  return kernel;
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
