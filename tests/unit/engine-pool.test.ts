// The worker pool end to end in Node worker threads: both memory paths, any worker count, same answer.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FitSettings, type Model } from '../../src/engine/api';
import { Engine } from '../../src/engine/pool';
import {
  compactFactors,
  referenceGram,
  referenceInitialFactors,
  referenceLoss,
  referenceSolveCg,
} from '../../src/engine/reference';
import { nodePlatform } from '../bench/node-platform';
import { datasetFromRows, randomDataset } from '../support/matrices';

const engines: Engine[] = [];
async function engine(workers: number, memory: 'shared' | 'copy'): Promise<Engine> {
  const e = await Engine.start({ platform: nodePlatform, workers, memory });
  engines.push(e);
  return e;
}
afterAll(() => engines.forEach((e) => e.terminate()));

const settings: FitSettings = { ...DEFAULT_SETTINGS, factors: 13, iterations: 4, regularization: 0.05, alpha: 2 };
// Over GRAM_BLOCK_ROWS rows on both sides, so Gram blocks really are split between workers.
const data = randomDataset(2600, 1100, 19, 5);

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('engine pool', () => {
  const fits: Record<string, Model> = {};

  it.each([
    ['shared', 1],
    ['shared', 2],
    ['shared', 3],
    ['copy', 1],
    ['copy', 2],
    ['copy', 3],
  ] as const)('fits with %s memory and %i workers', async (memory, workers) => {
    const e = await engine(workers, memory);
    const progress: number[] = [];
    const model = await e.fit(data, settings, (iteration, _ms, loss) => {
      progress.push(iteration);
      expect(loss).toBeGreaterThan(0);
    });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(model.run).toMatchObject({ workers, memory });
    expect(model.lossHistory).toHaveLength(4);
    fits[`${memory}-${workers}`] = model;
  });

  it('gives the same factors whatever the worker count and memory path', () => {
    const base = fits['shared-1'];
    for (const [key, model] of Object.entries(fits)) {
      // Only the order of the Gram partial sums differs: float rounding.
      expect(maxDiff(model.userFactors, base.userFactors), key).toBeLessThan(1e-5);
      expect(maxDiff(model.itemFactors, base.itemFactors), key).toBeLessThan(1e-5);
      model.lossHistory.forEach((l, i) => expect(Math.abs(l - base.lossHistory[i]) / l, key).toBeLessThan(1e-5));
    }
  });

  it('matches the float64 reference ALS, iteration by iteration', () => {
    const { factors, regularization: reg, iterations, alpha, cgSteps, seed } = settings;
    const conf = { alpha, base: 0 };
    const x = referenceInitialFactors(seed, 'users', data.users, factors);
    const y = referenceInitialFactors(seed, 'items', data.items, factors);
    const losses: number[] = [];
    for (let it = 0; it < iterations; it++) {
      referenceSolveCg(data.userItems, x, y, factors, referenceGram(y, data.items, factors, reg), conf, cgSteps);
      referenceSolveCg(data.itemUsers, y, x, factors, referenceGram(x, data.users, factors, reg), conf, cgSteps);
      losses.push(referenceLoss(data.userItems, x, y, data.users, data.items, factors, reg, conf));
    }
    const model = fits['copy-2'];
    const got = compactFactors(model.itemFactors, data.items, factors, model.stride);
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < y.length; i++) {
      diff = Math.max(diff, Math.abs(got[i] - y[i]));
      scale = Math.max(scale, Math.abs(y[i]));
    }
    expect(diff / scale).toBeLessThan(1e-2);
    model.lossHistory.forEach((l, i) => expect(Math.abs(l - losses[i]) / losses[i]).toBeLessThan(1e-3));
  });

  it("recommends each user's own item on implicit's checkerboard", async () => {
    // implicit's recommender test: user u rated every item of its own parity except item u itself, so with rated
    // items filtered out, the best recommendation for u is u.
    const n = 50;
    const rows = Array.from({ length: n }, (_, u) => {
      const row: [number, number][] = [];
      for (let i = 0; i < n; i++) if (i !== u && (i + u) % 2 === 0) row.push([i, 1]);
      return row;
    });
    const board = datasetFromRows(rows, n);
    const e = await engine(2, 'shared');
    await e.fit(board, { ...DEFAULT_SETTINGS, factors: 3, iterations: 15, regularization: 0.01, computeLoss: false });
    const best = await e.recommend(
      Int32Array.from({ length: n }, (_, u) => u),
      1,
    );
    expect(Array.from(best.ids)).toEqual(Array.from({ length: n }, (_, u) => u));
  });

  it('lists similar items by cosine, without the query and without rarely rated candidates', async () => {
    const e = await engine(2, 'copy');
    const model = await e.fit(data, settings);
    const query = 3;
    const similar = await e.similarItems(query, 10, { minRatings: 8 });
    expect(similar.ids).not.toContain(query);
    for (const id of similar.ids) expect(data.itemCounts[id]).toBeGreaterThanOrEqual(8);
    const norm = (i: number) => Math.hypot(...model.itemFactors.subarray(i * model.stride, (i + 1) * model.stride));
    const cosine = (i: number) => {
      let s = 0;
      for (let f = 0; f < model.stride; f++)
        s += model.itemFactors[query * model.stride + f] * model.itemFactors[i * model.stride + f];
      return s / (norm(i) * norm(query));
    };
    const expected = [...Array(data.items).keys()]
      .filter((i) => i !== query && data.itemCounts[i] >= 8)
      .sort((a, b) => cosine(b) - cosine(a));
    expect(Array.from(similar.ids)).toEqual(expected.slice(0, 10));
    similar.scores.forEach((s, j) => expect(s).toBeCloseTo(cosine(similar.ids[j]), 4));
  });

  it('does no work for a fit cancelled before it starts', async () => {
    const e = await engine(2, 'shared');
    const controller = new AbortController();
    controller.abort();
    await expect(e.fit(data, settings, undefined, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(e.model).toBeNull();
    const model = await e.fit(data, { ...settings, iterations: 1 });
    expect(model.lossHistory).toHaveLength(1);
  });

  it('cancels a fit at once and keeps the previous model', async () => {
    const e = await engine(2, 'shared');
    await e.fit(data, settings);
    const before = await e.similarItems(0, 5);
    const controller = new AbortController();
    const fit = e.fit(
      data,
      { ...settings, iterations: 10_000 },
      (iteration) => iteration === 2 && controller.abort(),
      controller.signal,
    );
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(await e.similarItems(0, 5)).toEqual(before);
    // The pool is usable again after cancelling.
    const again = await e.fit(data, { ...settings, iterations: 1 });
    expect(again.lossHistory).toHaveLength(1);
  });
});
