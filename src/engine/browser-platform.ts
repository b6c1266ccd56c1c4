/** The browser's Platform: module workers bundled by Vite, kernels fetched from their hashed URLs. */
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

/** The Platform of this browser tab. Its workers are run by WorkerBridge (see platform.ts). */
export const browserPlatform: Platform = {
  hardwareConcurrency: navigator.hardwareConcurrency || 2,
  canShareMemory: globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined',
  createWorker(kind) {
    // Vite bundles a worker only from this literal form; the two kinds are two files (and two names in devtools).
    return kind === 'train'
      ? new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'train' })
      : new Worker(new URL('./query.worker.ts', import.meta.url), { type: 'module', name: 'query' });
  },
  async loadKernel(build) {
    const response = await fetch(urls[build]);
    if (!response.ok) throw new Error(`Could not load the engine's kernel (${build}): HTTP ${response.status}.`);
    return response.arrayBuffer();
  },
};
