/**
 * What the engine needs from its surroundings, so the same Trainer and Recommender run in the browser
 * (browser-platform.ts) and in Node worker threads (tests/bench/node-platform.ts); and the compiled kernels, shared
 * by every Trainer and Recommender of a platform.
 */
import { WorkerBridge, type WorkerLike } from '../workers/bridge.ts';
import type { QueryApi, TrainApi } from './api';
import { kernelBuildFor, supportsRelaxedSimd, type KernelBuild } from './kernels';

/** The two kinds of engine worker: one of a Trainer's pool, or a Recommender's query worker. */
export type EngineWorkerKind = 'train' | 'query';

/** Worker creation, kernel bytes and capabilities of one JavaScript environment. */
export interface Platform {
  /** Logical processors, for the default pool size. */
  hardwareConcurrency: number;
  /** True where a SharedArrayBuffer-backed WebAssembly.Memory can be posted to workers (cross-origin isolated). */
  canShareMemory: boolean;
  /** Starts a worker of that kind (a training worker exposes TrainApi, a query worker QueryApi). */
  createWorker(kind: EngineWorkerKind): WorkerLike;
  loadKernel(build: KernelBuild): Promise<ArrayBuffer>;
}

/** A training worker behind the bridge (started at its first call, fresh again after a stop). */
export function trainingBridge(platform: Platform): WorkerBridge<TrainApi> {
  return new WorkerBridge<TrainApi>(() => platform.createWorker('train'), { label: 'training worker' });
}

/** The query worker behind the bridge. */
export function queryBridge(platform: Platform): WorkerBridge<QueryApi> {
  return new WorkerBridge<QueryApi>(() => platform.createWorker('query'), { label: 'query worker' });
}

/** A compiled kernel build and whether it is the relaxed-SIMD flavour. */
export interface CompiledKernel {
  module: WebAssembly.Module;
  relaxed: boolean;
}

interface KernelCache {
  relaxed: Promise<{ bytes: ArrayBuffer; supported: boolean }>;
  modules: Map<KernelBuild, Promise<WebAssembly.Module>>;
}

const caches = new WeakMap<Platform, KernelCache>();

/**
 * The best kernel build for this platform, compiled once per platform: with `threads` the build for shared memory
 * (a Trainer's pool), without it the private-memory build (query workers, and pools that copy). A failure is
 * forgotten so the next call tries again.
 */
export async function compiledKernel(platform: Platform, threads: boolean): Promise<CompiledKernel> {
  let cache = caches.get(platform);
  if (!cache) {
    const relaxed = platform
      .loadKernel('als-relaxed')
      .then((bytes) => ({ bytes, supported: supportsRelaxedSimd(bytes) }));
    cache = { relaxed, modules: new Map() };
    caches.set(platform, cache);
    relaxed.catch(() => caches.delete(platform));
  }
  const { bytes, supported } = await cache.relaxed;
  const build = kernelBuildFor(supported, threads);
  let module = cache.modules.get(build);
  if (!module) {
    // The relaxed private-memory build was fetched to test for support: compile those bytes.
    module = (async () => WebAssembly.compile(build === 'als-relaxed' ? bytes : await platform.loadKernel(build)))();
    const modules = cache.modules;
    modules.set(build, module);
    module.catch(() => modules.delete(build));
  }
  return { module: await module, relaxed: supported };
}
