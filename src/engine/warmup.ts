/**
 * A tiny fit run when the pool starts. V8 first runs WebAssembly in its baseline tier and swaps in optimised
 * code only between calls, so without this the first real fit would run its long kernel calls unoptimised.
 */
import { transposeCsr } from '../data/csr';
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
  const userItems = { indptr, indices, values: new Float32Array(indices.length).fill(4) };
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(userItems, items);
  return {
    name: 'warm-up',
    synthetic: true,
    users,
    items,
    nnz: indices.length,
    userIds: Int32Array.from({ length: users }, (_, u) => u + 1),
    itemIds: Int32Array.from({ length: items }, (_, i) => i + 1),
    userItems,
    itemUsers,
    itemCounts,
    catalog: {
      titles: [],
      years: new Int16Array(0),
      genres: [],
      posterPaths: [],
      imdbIds: new Int32Array(0),
      tmdbIds: new Int32Array(0),
    },
  };
}

/** Settings for the warm-up: the default factor count, so the hot loops tier up with the shapes used most. */
export const WARM_UP_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, iterations: 3 };
