// The Trainer's pool end to end in Node worker threads: both memory paths, any worker count, same answer; and a
// Recommender of each model for the queries.
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type FitSettings,
  type Model,
  type RatingPattern,
  type SparseRows,
} from '../../src/engine/api';
import { arenaEnd, createArena, leaseArena, releaseArena } from '../../src/engine/arena';
import type { EngineWorkerKind, Platform } from '../../src/engine/platform';
import { Recommender } from '../../src/engine/recommender';
import { Trainer } from '../../src/engine/trainer';
import { halfStepsOnly, putRows, type FitWorker } from '../../src/engine/fit';
import type { WorkerLike } from '../../src/workers/bridge';
import {
  compactFactors,
  referenceGram,
  referenceInitialFactors,
  referenceLoss,
  referenceSolveCg,
} from '../../src/engine/reference';
import { nodePlatform } from '../bench/node-platform';
import { datasetFromRows, randomDataset } from '../support/matrices';

const engines: { terminate(): void }[] = [];
async function engine(
  workers: number,
  memory: 'shared' | 'copy',
  platform: Platform = nodePlatform,
  stopAfterNnz?: number,
): Promise<Trainer> {
  const e = await Trainer.start({ platform, workers, memory, stopAfterNnz });
  engines.push(e);
  return e;
}
async function recommender(model: Model, pattern: RatingPattern): Promise<Recommender> {
  const r = await Recommender.create(model, pattern, { platform: nodePlatform });
  engines.push(r);
  return r;
}
afterAll(() => engines.forEach((e) => e.terminate()));

/**
 * The Node platform, with a way to make a training worker stop as a browser worker does (an 'error' event) while it
 * answers a call: `stopDuring(n, kind)` stops the first worker of that kind to get a message at its n-th from now.
 */
function stoppablePlatform(): Platform & {
  stopDuring(message: number, kind?: EngineWorkerKind): void;
  started: Record<EngineWorkerKind, number>;
} {
  let countdown = -1;
  let target: EngineWorkerKind = 'train';
  let first: { fire: () => void } | null = null;
  const started = { train: 0, query: 0 };
  return {
    ...nodePlatform,
    started,
    stopDuring(message, kind = 'train') {
      countdown = message;
      target = kind;
      first = null;
    },
    createWorker(kind) {
      started[kind]++;
      const worker = nodePlatform.createWorker(kind);
      const errorListeners: EventListenerOrEventListenerObject[] = [];
      const fire = () =>
        errorListeners.forEach((l) =>
          (typeof l === 'function' ? l : l.handleEvent.bind(l))({ message: 'boom' } as never),
        );
      const wrapped: WorkerLike = {
        postMessage(message, transfer) {
          worker.postMessage(message, transfer);
          if (kind !== target || countdown < 0) return;
          first ??= { fire };
          // At once, not on a timer: a worker quicker than the timer would have answered the call already.
          if (first.fire === fire && --countdown === 0) fire();
        },
        addEventListener(type, listener) {
          if (type === 'error') errorListeners.push(listener);
          worker.addEventListener(type, listener);
        },
        removeEventListener: (type, listener) => worker.removeEventListener(type, listener),
        terminate: () => worker.terminate(),
      };
      return wrapped;
    },
  };
}

const settings: FitSettings = { ...DEFAULT_SETTINGS, factors: 13, iterations: 4, regularization: 0.05, alpha: 2 };
// Over GRAM_BLOCK_ROWS rows on both sides, so Gram blocks really are split between workers.
const data = randomDataset(2600, 1100, 19, 5);

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('trainer pool and recommender', () => {
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

  it("fits ratings that are not half-stars (a weighting's) to the same factors on both memory paths", async () => {
    const scale = (rows: SparseRows): SparseRows => ({ ...rows, values: rows.values.map((v) => v * 1.3) });
    const weighted = { ...data, userItems: scale(data.userItems), itemUsers: scale(data.itemUsers) };
    expect(await halfStepsOnly(weighted.userItems.values, () => undefined)).toBe(false);
    const shared = await (await engine(2, 'shared')).fit(weighted, settings);
    const copy = await (await engine(2, 'copy')).fit(weighted, settings);
    expect(maxDiff(copy.itemFactors, shared.itemFactors)).toBeLessThan(1e-5);
    expect(maxDiff(copy.itemFactors, fits['shared-2'].itemFactors)).toBeGreaterThan(1e-3);
  });

  it("trains in a dataset's arena, in place, to the same factors; a second fit meanwhile copies", async () => {
    const arena = createArena()!;
    const put = <T extends Int32Array | Float32Array>(array: T): T => {
      const copy = (array instanceof Int32Array ? arena.int32(array.length) : arena.float32(array.length)) as T;
      copy.set(array);
      return copy;
    };
    const csr = (rows: SparseRows): SparseRows => ({
      indptr: put(rows.indptr),
      indices: put(rows.indices),
      values: put(rows.values),
    });
    const placed = { ...data, userItems: csr(data.userItems), itemUsers: csr(data.itemUsers), arena: arena.arena };
    const dataEnd = arenaEnd(arena.arena);
    const bytesBefore = arena.arena.buffer.byteLength;
    const e = await engine(2, 'shared');
    const expected = fits['shared-2'];
    const same = (model: Model): void => {
      expect(model.userFactors).toEqual(expected.userFactors);
      expect(model.itemFactors).toEqual(expected.itemFactors);
    };
    same(await e.fit(placed, settings));
    // The fit's factors and scratch went after the arrays, which are untouched, and the arena is free again.
    expect(arena.arena.buffer.byteLength).toBeGreaterThan(bytesBefore);
    expect(arenaEnd(arena.arena)).toBe(dataEnd);
    expect(placed.userItems.values).toEqual(data.userItems.values);
    expect(placed.itemUsers.indices).toEqual(data.itemUsers.indices);
    // Again in the same arena (its buffers hold the last fit's numbers), and with values from outside it (a
    // weighting's), which are copied in beside the fit's buffers.
    same(await e.fit(placed, settings));
    const outside = { ...placed, userItems: { ...placed.userItems, values: data.userItems.values.slice() } };
    same(await e.fit(outside, settings));
    // While another fit has the arena, a fit copies the matrices into a memory of its own.
    expect(leaseArena(arena.arena)).toBe(true);
    const grown = arena.arena.buffer.byteLength;
    same(await e.fit(placed, settings));
    expect(arena.arena.buffer.byteLength).toBe(grown);
    releaseArena(arena.arena);
    expect(leaseArena(arena.arena)).toBe(true);
    releaseArena(arena.arena);
    // A matrix that only names the arena (made from the dataset, as an evaluation split is) does not grow it.
    same(await e.fit({ ...data, arena: arena.arena }, settings));
    expect(arena.arena.buffer.byteLength).toBe(grown);
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
    const model = await e.fit(board, {
      ...DEFAULT_SETTINGS,
      factors: 3,
      iterations: 15,
      regularization: 0.01,
      computeLoss: false,
    });
    const best = await (
      await recommender(model, board)
    ).recommend(
      Int32Array.from({ length: n }, (_, u) => u),
      1,
    );
    expect(Array.from(best.ids)).toEqual(Array.from({ length: n }, (_, u) => u));
  });

  it('lists similar items by cosine, without the query and without rarely rated candidates', async () => {
    const e = await engine(2, 'copy');
    const model = await e.fit(data, settings);
    const query = 3;
    const similar = await (await recommender(model, data)).similarItems(query, 10, { minRatings: 8 });
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
    const progress: number[] = [];
    await expect(e.fit(data, settings, (i) => progress.push(i), controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(progress).toEqual([]);
    const model = await e.fit(data, { ...settings, iterations: 1 });
    expect(model.lossHistory).toHaveLength(1);
  });

  it("cancels a fit at once, stops its workers, and leaves the previous model's recommender as it was", async () => {
    const e = await engine(2, 'shared');
    const r = await recommender(await e.fit(data, settings), data);
    const before = await r.similarItems(0, 5);
    const controller = new AbortController();
    const fit = e.fit(
      data,
      { ...settings, iterations: 10_000 },
      (iteration) => iteration === 2 && controller.abort(),
      controller.signal,
    );
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(e.runningWorkers).toBe(0);
    expect(await r.similarItems(0, 5)).toEqual(before);
    // The pool is usable again after cancelling, on fresh workers.
    const again = await e.fit(data, { ...settings, iterations: 1 });
    expect(again.lossHistory).toHaveLength(1);
    expect(e.runningWorkers).toBe(2);
  });

  it('without shared memory, stops the workers after a fit past stopAfterNnz (their memory freed at once), not before', async () => {
    const e = await engine(2, 'copy', nodePlatform, data.nnz);
    const small = randomDataset(300, 120, 7, 3);
    await e.fit(small, { ...settings, iterations: 1 });
    expect(e.runningWorkers).toBe(2);
    const model = await e.fit(data, { ...settings, iterations: 1 });
    expect(e.runningWorkers).toBe(0);
    // The next fit starts fresh workers and trains as before.
    const again = await e.fit(data, { ...settings, iterations: 1 });
    expect(again.itemFactors).toEqual(model.itemFactors);
    const shared = await engine(2, 'shared', nodePlatform, data.nnz);
    await shared.fit(data, { ...settings, iterations: 1 });
    expect(shared.runningWorkers).toBe(2);
  });

  it('without shared memory, hands the page buffers a fit is done with to its workers as it ends; with it, none', async () => {
    // The buffers each training worker is given with release (comlink's message for that call).
    const released: ArrayBuffer[][] = [];
    const recording: Platform = {
      ...nodePlatform,
      createWorker(kind) {
        const worker = nodePlatform.createWorker(kind);
        return {
          postMessage(message, transfer) {
            if ((message as { path?: string[] }).path?.[0] === 'release') released.push([...(transfer ?? [])] as never);
            worker.postMessage(message, transfer);
          },
          addEventListener: (type, listener) => worker.addEventListener(type, listener),
          removeEventListener: (type, listener) => worker.removeEventListener(type, listener),
          terminate: () => worker.terminate(),
        };
      },
    };
    const copy = await engine(2, 'copy', recording);
    await copy.calibration(); // the warm-up's fits are done
    released.length = 0;
    const model = await copy.fit(data, settings);
    expect(released).toHaveLength(2);
    // Per worker its two setup buffers (one per side) and the one its rows were solved into; the first also gets the
    // spare factor matrices. Moved, they are empty on the page now; the model's factors are not among them.
    expect(released.map((buffers) => buffers.length)).toEqual([5, 3]);
    for (const buffer of released.flat()) expect(buffer.byteLength).toBe(0);
    expect(model.userFactors.length).toBe(data.users * model.stride);
    const shared = await (await engine(2, 'shared')).fit(data, settings);
    expect(maxDiff(model.itemFactors, shared.itemFactors)).toBeLessThan(1e-4);

    const sharing = await engine(2, 'shared', recording);
    await sharing.calibration();
    released.length = 0;
    await sharing.fit(data, settings);
    expect(released).toEqual([[], []]);
  });

  it.each(['shared', 'copy'] as const)(
    'ends a fit whose training worker stops (%s memory) with WorkerStoppedError; the next fit runs on fresh workers',
    async (memory) => {
      const platform = stoppablePlatform();
      const e = await engine(2, memory, platform);
      const expected = await e.fit(data, settings);
      const startedBefore = platform.started.train;
      // Messages: setup, then the Gram and solve calls of the first iteration.
      platform.stopDuring(3);
      await expect(e.fit(data, settings)).rejects.toMatchObject({ name: 'WorkerStoppedError' });
      expect(e.runningWorkers).toBe(0);
      const again = await e.fit(data, settings);
      expect(platform.started.train).toBe(startedBefore + 2);
      expect(again.itemFactors).toEqual(expected.itemFactors);
      // Training never started a query worker.
      expect(platform.started.query).toBe(0);
    },
  );

  it('a Recommender of a saved model starts one query worker and no training worker; a stopped one is replaced', async () => {
    const model = await (await engine(2, 'shared')).fit(data, settings);
    const platform = stoppablePlatform();
    const r = await Recommender.create(model, data, { platform });
    engines.push(r);
    expect(platform.started).toEqual({ train: 0, query: 1 });
    const before = await r.similarItems(3, 5);
    platform.stopDuring(1, 'query');
    await expect(r.similarItems(3, 5)).rejects.toMatchObject({ name: 'WorkerStoppedError' });
    // The next query starts a fresh query worker and gives it the model again.
    expect(await r.similarItems(3, 5)).toEqual(before);
    expect(platform.started).toEqual({ train: 0, query: 2 });
    // A Recommender for the next model takes over the same worker; each answers from its own model.
    const second = await (await engine(1, 'copy')).fit(data, { ...settings, seed: 7 });
    const next = await r.withModel(second);
    engines.push(next);
    const nextAnswer = await next.similarItems(3, 5);
    expect(nextAnswer).not.toEqual(before);
    expect(await r.similarItems(3, 5)).toEqual(before);
    expect(await next.similarItems(3, 5)).toEqual(nextAnswer);
    expect(platform.started).toEqual({ train: 0, query: 2 });
    r.terminate();
    expect(next.workerRunning).toBe(true);
    next.terminate();
    expect(next.workerRunning).toBe(false);
    await expect(next.similarItems(3, 5)).rejects.toThrow('stopped');
  });

  it('prepare starts one query worker ahead, which the first Recommender takes and later ones do not', async () => {
    const model = await (await engine(2, 'shared')).fit(data, settings);
    const platform = stoppablePlatform();
    await Recommender.prepare({ platform });
    await Recommender.prepare({ platform }); // one spare at a time
    expect(platform.started).toEqual({ train: 0, query: 1 });
    const first = await Recommender.create(model, data, { platform });
    engines.push(first);
    expect(platform.started).toEqual({ train: 0, query: 1 });
    expect(first.workerRunning).toBe(true);
    const second = await Recommender.create(model, data, { platform });
    engines.push(second);
    expect(platform.started).toEqual({ train: 0, query: 2 });
    expect(await second.similarItems(3, 5)).toEqual(await first.similarItems(3, 5));
  });
});

describe('halfStepsOnly', () => {
  it('is true only when every rating is a multiple of 0.5 from 0 to 127.5', async () => {
    const check = (values: number[]) => halfStepsOnly(Float32Array.from(values), () => undefined);
    expect(await check([0, 0.5, 1, 4.5, 5, 127.5])).toBe(true);
    expect(await check([...data.userItems.values])).toBe(true);
    for (const odd of [0.25, -0.5, 128, 1.1, NaN]) expect(await check([1, 2, odd, 3])).toBe(false);
  });
});

describe('putRows (copy mode setup)', () => {
  it.each([false, true])(
    'sends a range of rows in chunks that rebuild it exactly, indptr from 0, refilling the buffer handed back and resolving with it (half-steps %s)',
    async (halfSteps) => {
      const rows = data.userItems;
      const [first, last] = [3, data.users - 2];
      const got = { indptr: [] as number[], indices: [] as number[], values: [] as number[] };
      let handedBack: ArrayBuffer | null = null;
      let calls = 0;
      const worker: FitWorker = {
        api: (use) =>
          use({
            putRows: async (side: string, part: 'indptr' | 'indices' | 'values', at: number, chunk: Int32Array) => {
              if (part === 'values') expect(chunk).toBeInstanceOf(halfSteps ? Uint8Array : Float32Array);
              expect(side).toBe('users');
              expect(at).toBe(got[part].length); // in order, no gap
              expect(chunk.buffer).not.toBe(rows.indices.buffer);
              expect(chunk.buffer).not.toBe(rows.values.buffer);
              // After the first chunk of ratings, every chunk is written into the buffer the worker gave back.
              if (part !== 'indptr' && handedBack) expect(chunk.buffer).toBe(handedBack);
              got[part].push(...(part === 'values' && halfSteps ? [...chunk].map((b) => b / 2) : chunk));
              calls++;
              // A copy, as a worker without transfer would give: the page must use what it gets, not what it sent.
              const back = structuredClone(chunk.buffer as ArrayBuffer);
              if (part !== 'indptr') handedBack = back;
              return back;
            },
          } as never),
      };
      const kept = await putRows(worker, 'users', rows, [first, last], halfSteps, () => undefined, 7);
      // The last buffer handed back, for the fit to hand on when it ends.
      expect(kept).toBe(handedBack);
      const start = rows.indptr[first];
      const end = rows.indptr[last];
      expect(got.indptr).toEqual([...rows.indptr.subarray(first, last + 1)].map((p) => p - start));
      expect(got.indices).toEqual([...rows.indices.subarray(start, end)]);
      expect(got.values).toEqual([...rows.values.subarray(start, end)]);
      expect(calls).toBe(1 + 2 * Math.ceil((end - start) / 7));
    },
  );
});
