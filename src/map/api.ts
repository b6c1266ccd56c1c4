/**
 * The map worker's interface (comlink), shared by src/map/map.worker.ts and src/state/map.svelte.ts.
 * Types only, no DOM or Svelte imports.
 */

/** How the item factors are laid out in two dimensions. */
export type ProjectionMethod = 'pca' | 'umap';

/** A finished layout: one x, y per item. */
export interface Projection {
  method: ProjectionMethod;
  /** Interleaved x, y per item index. */
  coords: Float32Array;
  /** PCA: the share of the variance the two components explain (0..1); null for UMAP. */
  explained: number | null;
  /** Wall time of the projection in the worker, milliseconds. */
  elapsedMs: number;
}

/** The item factors a projection needs (the Model's, copied: the Model stays usable on the main thread). */
export interface FactorMatrix {
  data: Float32Array;
  rows: number;
  /** Used values per row. */
  factors: number;
  /** Floats per row (factors padded). */
  stride: number;
}

/** UMAP progress: which phase, and epochs done of planned during the layout phase. */
export type UmapProgress = (phase: 'neighbours' | 'layout', epoch: number, epochs: number) => void;

/** What src/map/map.worker.ts exposes. */
export interface MapWorkerApi {
  /** PCA to two components of the unit-length factor rows (src/map/pca.ts). */
  pca(matrix: FactorMatrix): Projection;
  /** UMAP with cosine distance (umap-js), seeded; reports progress per epoch. */
  umap(matrix: FactorMatrix, seed: number, onProgress: UmapProgress): Promise<Projection>;
}
