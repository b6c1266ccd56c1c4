/** The browser's Platform: module workers bundled by Vite, kernels fetched from their hashed URLs. */
import { wrap } from 'comlink';
import type { EngineApi } from './api';
import type { KernelBuild } from './kernels';
import type { Platform } from './platform';
import simd from './wasm/als-simd.wasm?url';
import relaxed from './wasm/als-relaxed.wasm?url';
import simdThreads from './wasm/als-simd-threads.wasm?url';
import relaxedThreads from './wasm/als-relaxed-threads.wasm?url';

const urls: Record<KernelBuild, string> = {
  'als-simd': simd,
  'als-relaxed': relaxed,
  'als-simd-threads': simdThreads,
  'als-relaxed-threads': relaxedThreads,
};

/** The Platform of this browser tab. */
export const browserPlatform: Platform = {
  hardwareConcurrency: navigator.hardwareConcurrency || 2,
  canShareMemory: globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined',
  createWorker() {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    return { api: wrap<EngineApi>(worker), terminate: () => worker.terminate() };
  },
  async loadKernel(build) {
    const response = await fetch(urls[build]);
    if (!response.ok) throw new Error(`Could not load the training kernel (${build}): HTTP ${response.status}.`);
    return response.arrayBuffer();
  },
};
