/** The engine's Platform under Node: worker_threads running the same kernel host, kernels read from disk. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { EngineApi } from '../../src/engine/api';
import type { KernelBuild } from '../../src/engine/kernels';
import type { Platform } from '../../src/engine/platform';

const wasmDir = new URL('../../src/engine/wasm/', import.meta.url);

/** A Platform of Node worker threads; shared memory always works here. */
export const nodePlatform: Platform = {
  hardwareConcurrency: availableParallelism(),
  canShareMemory: true,
  createWorker() {
    const worker = new Worker(new URL('./node-engine-worker.mjs', import.meta.url));
    // Let the process exit when only idle engine workers are left.
    worker.unref();
    return { api: wrap<EngineApi>(nodeEndpoint(worker)), terminate: () => void worker.terminate() };
  },
  async loadKernel(build: KernelBuild) {
    const bytes = readFileSync(new URL(`${build}.wasm`, wasmDir));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  },
};
