/**
 * A tiny fit run when the pool starts. V8 first runs WebAssembly in its baseline tier and swaps in optimised
 * code only between calls, so without this the first real fit would run its long kernel calls unoptimised.
 */
import { datasetFromCsr } from '../data/build';
import type { Dataset } from '../data/types';
import { DEFAULT_SETTINGS, type FitSettings } from './api';

/** A banded users x items matrix: user u rated items u .. u + band - 1 (mod items). Both CSR directions. */
export function warmUpDataset(users = 400, items = 300, band = 9): Dataset {
  const indptr = Int32Array.from({ length: users + 1 }, (_, u) => u * band);
  const indices = new Int32Array(users * band);
  for (let u = 0; u < users; u++) {
    const row = Array.from({ length: band }, (_, j) => (u + j) % items).sort((a, b) => a - b);
    indices.set(row, u * band);
  }
  return datasetFromCsr({ indptr, indices, values: new Float32Array(indices.length).fill(4) }, items, 'warm-up');
}

/** Settings for the warm-up: the default factor count, so the hot loops tier up with the shapes used most. */
export const WARM_UP_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, iterations: 3 };
