/**
 * What the pool needs from its surroundings, so the same pool runs in the browser (browser-platform.ts)
 * and in Node worker threads (tests/bench/node-platform.ts).
 */
import type { Remote } from 'comlink';
import type { EngineApi } from './api';
import type { KernelBuild } from './kernels';

/** A started engine worker. */
export interface EngineWorker {
  api: Remote<EngineApi>;
  terminate(): void;
}

/** Worker creation, kernel bytes and capabilities of one JavaScript environment. */
export interface Platform {
  /** Logical processors, for the default pool size. */
  hardwareConcurrency: number;
  /** True where a SharedArrayBuffer-backed WebAssembly.Memory can be posted to workers (cross-origin isolated). */
  canShareMemory: boolean;
  createWorker(): EngineWorker;
  loadKernel(build: KernelBuild): Promise<ArrayBuffer>;
}
