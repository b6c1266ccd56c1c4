/**
 * UMAP (McInnes, Healy & Melville 2018) of the item factors with umap-js: cosine distance, because the app ranks
 * similar films by cosine of their factors, so the map's neighbourhoods match the similar-films wall.
 * Seeded (mulberry32) so the same model gives the same map.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../data/random.ts';
import type { FactorMatrix, UmapProgress } from './api.ts';

/** UMAP's neighbourhood size (umap-js's and umap-learn's default). */
export const UMAP_NEIGHBOURS = 15;

/** Lays out the rows in 2-D; resolves with interleaved x, y. Rows with all-zero factors get cosine distance 1. */
export async function umap2(matrix: FactorMatrix, seed: number, onProgress: UmapProgress): Promise<Float32Array> {
  const { data, rows, factors, stride } = matrix;
  const vectors: number[][] = [];
  for (let r = 0; r < rows; r++) vectors.push(Array.from(data.subarray(r * stride, r * stride + factors)));
  if (rows <= UMAP_NEIGHBOURS + 1) throw new Error(`UMAP needs more than ${UMAP_NEIGHBOURS + 1} films.`);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: UMAP_NEIGHBOURS,
    minDist: 0.1,
    distanceFn: safeCosine,
    random: mulberry32(seed),
  });
  onProgress('neighbours', 0, 0);
  // initializeFit runs the nearest-neighbour search and returns the number of epochs; fitAsync then yields to the
  // event loop between epochs, which is where our callback reports progress.
  const epochs = umap.initializeFit(vectors);
  let reported = -1;
  const embedding = await umap.fitAsync(vectors, (epoch) => {
    if (epoch - reported >= 5 || epoch === epochs) {
      reported = epoch;
      onProgress('layout', epoch, epochs);
    }
  });
  const coords = new Float32Array(rows * 2);
  embedding.forEach(([x, y], r) => {
    coords[2 * r] = x;
    coords[2 * r + 1] = y;
  });
  return coords;
}

/** Cosine distance that stays finite for zero vectors (films no one in the training set rated). */
function safeCosine(x: number[], y: number[]): number {
  let dot = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i] * y[i];
    xx += x[i] * x[i];
    yy += y[i] * y[i];
  }
  if (xx === 0 || yy === 0) return 1;
  return 1 - dot / Math.sqrt(xx * yy);
}
