/** The engine's Platform under Node: worker_threads running the same kernel hosts, kernels read from disk. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { KernelBuild } from '../../src/engine/kernels';
import type { EngineWorkerKind, Platform } from '../../src/engine/platform';
import type { WorkerLike } from '../../src/workers/bridge';

const wasmDir = new URL('../../src/engine/wasm/', import.meta.url);

type Listener = EventListenerOrEventListenerObject;

function dispatch(listener: Listener, event: unknown): void {
  if (typeof listener === 'function') listener(event as Event);
  else listener.handleEvent(event as Event);
}

/**
 * A worker thread as the bridge sees a browser worker: comlink's node endpoint for messages, the thread's 'error'
 * (an uncaught exception) as an 'error' event with its message, 'messageerror' as is, and terminate().
 */
export function workerLike(worker: Worker): WorkerLike {
  const endpoint = nodeEndpoint(worker);
  const others = new Map<Listener, (value: unknown) => void>();
  return {
    postMessage: (message, transfer) => endpoint.postMessage(message, transfer),
    addEventListener(type, listener) {
      if (type === 'message') return endpoint.addEventListener(type, listener);
      if (type !== 'error' && type !== 'messageerror') return;
      const forward =
        type === 'error'
          ? (error: unknown) =>
              dispatch(listener, { type, message: error instanceof Error ? error.message : String(error) })
          : () => dispatch(listener, { type });
      others.set(listener, forward);
      worker.on(type, forward);
    },
    removeEventListener(type, listener) {
      if (type === 'message') return endpoint.removeEventListener(type, listener);
      const forward = others.get(listener);
      if (forward) worker.off(type, forward);
      others.delete(listener);
    },
    terminate: () => void worker.terminate(),
  };
}

/** A Platform of Node worker threads; shared memory always works here. */
export const nodePlatform: Platform = {
  hardwareConcurrency: availableParallelism(),
  canShareMemory: true,
  createWorker(kind: EngineWorkerKind) {
    const worker = new Worker(new URL('./node-engine-worker.mjs', import.meta.url), { workerData: { kind } });
    // Let the process exit when only idle engine workers are left.
    worker.unref();
    return workerLike(worker);
  },
  async loadKernel(build: KernelBuild) {
    const bytes = readFileSync(new URL(`${build}.wasm`, wasmDir));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  },
};
