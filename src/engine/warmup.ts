/**
 * A tiny fit run when the pool starts. V8 first runs WebAssembly in its baseline tier and swaps in optimised
 * code only between calls, so without this the first real fit would run its long kernel calls unoptimised.
 */
import type { Csr, Dataset } from '../data/types';
import { DEFAULT_SETTINGS, type FitSettings } from './api';

/** A banded users x items matrix: user u rated items u .. u + band (mod items). Both CSR directions. */
export function warmUpDataset(users = 400, items = 300, band = 9): Dataset {
  const rows = (count: number, other: number, columnsOf: (r: number) => number[]): Csr => {
    const indptr = new Int32Array(count + 1);
    const indices: number[] = [];
    for (let r = 0; r < count; r++) {
      indices.push(...columnsOf(r).sort((a, b) => a - b));
      indptr[r + 1] = indices.length;
    }
    return { indptr, indices: Int32Array.from(indices), values: new Float32Array(indices.length).fill(4) };
  };
  const userItems = rows(users, items, (u) => Array.from({ length: band }, (_, j) => (u + j) % items));
  const itemUsers = rows(items, users, (i) => {
    const out: number[] = [];
    for (let u = 0; u < users; u++) if ((i - u + items * users) % items < band) out.push(u);
    return out;
  });
  const itemCounts = Int32Array.from({ length: items }, (_, i) => itemUsers.indptr[i + 1] - itemUsers.indptr[i]);
  return {
    name: 'warm-up', synthetic: true, users, items, nnz: userItems.indices.length,
    userIds: Int32Array.from({ length: users }, (_, u) => u + 1), itemIds: Int32Array.from({ length: items }, (_, i) => i + 1),
    userItems, itemUsers, itemCounts,
    catalog: { titles: [], years: new Int16Array(0), genres: [], posterPaths: [], imdbIds: new Int32Array(0), tmdbIds: new Int32Array(0) },
  };
}

/** Settings for the warm-up: the default factor count, so the hot loops tier up with the shapes used most. */
export const WARM_UP_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, iterations: 3 };
