/**
 * The map worker: projects the item factors to 2-D off the main thread (PCA in tens of milliseconds, UMAP in
 * seconds). Cancel terminates this worker (src/state/map.svelte.ts), which also stops UMAP's neighbour search.
 */
import { expose, transfer } from 'comlink';
import type { MapWorkerApi, Projection } from './api.ts';
import { pca2, unitRows } from './pca.ts';
import { umap2 } from './umap.ts';

const api = {
  pca(matrix) {
    const started = performance.now();
    const unit = unitRows(matrix.data, matrix.rows, matrix.factors, matrix.stride);
    const result = pca2(unit, matrix.rows, matrix.factors, matrix.stride);
    const explained = result.totalVariance > 0 ? (result.variances[0] + result.variances[1]) / result.totalVariance : 0;
    const projection: Projection = {
      method: 'pca',
      coords: result.coords,
      explained,
      elapsedMs: performance.now() - started,
    };
    return transfer(projection, [projection.coords.buffer]);
  },
  async umap(matrix, seed, onProgress) {
    const started = performance.now();
    const coords = await umap2(matrix, seed, onProgress);
    const projection: Projection = { method: 'umap', coords, explained: null, elapsedMs: performance.now() - started };
    return transfer(projection, [coords.buffer]);
  },
} satisfies MapWorkerApi;

expose(api);
