/**
 * A tiny fit run when the pool starts. V8 first runs WebAssembly in its baseline tier and swaps in optimised
 * code only between calls, so without this the first real fit would run its long kernel calls unoptimised.
 * A second, larger fit then times the optimised kernels, so a fit's duration can be estimated (estimate.ts).
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

/**
 * The calibration fits' matrices (30,000 ratings each): many users with few ratings, then few users with many.
 * Their columns are scattered as in real ratings (a banded matrix reads the other side's factors in order, which
 * caches far better than real data).
 */
export const CALIBRATION_SHAPES = [
  { users: 10_000, items: 3_000, perUser: 3 },
  { users: 500, items: 2_000, perUser: 60 },
] as const;

/**
 * A users x items matrix with `perUser` distinct pseudo-random items per user (seeded, so runs repeat): each row
 * is an arithmetic progression mod `items` from a random start with a random odd stride, sorted in place. Linear
 * and allocation-light, since it is built on the page while a file may be loading.
 */
export function scatteredDataset(users: number, items: number, perUser: number, seed = 1): Dataset {
  const indptr = new Int32Array(users + 1);
  for (let u = 0; u <= users; u++) indptr[u] = u * perUser;
  const indices = new Int32Array(users * perUser);
  let state = seed >>> 0;
  const next = (): number => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0); // Numerical Recipes' LCG
  // A stride coprime to `items` visits perUser <= items distinct columns.
  const coprime = (stride: number): boolean => {
    let [a, b] = [stride, items];
    while (b) [a, b] = [b, a % b];
    return a === 1;
  };
  for (let u = 0; u < users; u++) {
    const start = next() % items;
    let stride = (next() % (items - 1)) + 1;
    while (!coprime(stride)) stride = (stride % (items - 1)) + 1;
    const row = indices.subarray(u * perUser, (u + 1) * perUser);
    for (let j = 0; j < perUser; j++) row[j] = (start + j * stride) % items;
    row.sort();
  }
  return datasetFromCsr({ indptr, indices, values: new Float32Array(indices.length).fill(4) }, items, 'calibration');
}

/** Settings for the warm-up: the default factor count, so the hot loops tier up with the shapes used most. */
export const WARM_UP_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, iterations: 3 };
