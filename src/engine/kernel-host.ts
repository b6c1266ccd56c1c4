/**
 * The worker side of the engine: a training host (one kernel instance for a fit, driven by fit.ts through TrainApi)
 * and a query host (one kernel instance over a model's factors, driven by recommender.ts through QueryApi), each in a
 * worker of its own kind. No DOM: runs in a browser worker (train.worker.ts, query.worker.ts) and in a Node worker
 * thread (tests/bench/node-engine-worker.ts) alike.
 */
import type { QueryApi, QuerySetup, Ranked, Side, TrainApi, TrainSetup, UserRows } from './api';
import { explainItem, itemGram, itemNorms, likesQuery, rankForLikes, solvePerson, type LikedItems } from './personal';
import { releaseNow } from '../data/growable.ts';
import { fillInitialFactors } from './init';
import {
  callLossRows,
  callSolveRowsCg,
  createKernelMemory,
  instantiateKernel,
  MemoryViews,
  type KernelExports,
} from './kernels';
import { GRAM_BLOCK_ROWS, LAYOUT_BASE, planQueryLayout, type Layout, type QueryLayout } from './layout';

/**
 * How long a worker waits for the others at a barrier before giving up: only a backstop, since the trainer ends a fit
 * (and terminates every training worker) as soon as one worker stops.
 */
const BARRIER_TIMEOUT_MS = 600_000;

interface Training {
  kernel: KernelExports;
  views: MemoryViews;
  layout: Layout;
  setup: TrainSetup;
  shared: boolean;
}

interface Query {
  kernel: KernelExports;
  views: MemoryViews;
  setup: QuerySetup;
  layout: QueryLayout;
  /** YtY in float64 for personal solves, computed at the first one. */
  gram: Float64Array | null;
  /** |y_i| of every item (float64), computed at the first For you query that needs it. */
  norms: Float64Array | null;
}

function checkedKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const kernel = instantiateKernel(module, memory);
  if (kernel.heapBase() > LAYOUT_BASE)
    throw new Error(`kernel static data ends at ${kernel.heapBase()}, above LAYOUT_BASE`);
  return kernel;
}

/** Creates a training worker's host: one fit at a time, set up by `setup` and freed by `release`. */
export function createTrainingHost(): TrainApi {
  let training: Training | null = null;

  const train = (): Training => {
    if (!training) throw new Error('setup() must come before training calls');
    return training;
  };
  const factorPtr = (t: Training, side: Side): number =>
    side === 'users' ? t.layout.userFactors : t.layout.itemFactors;

  return {
    setup(setup) {
      const shared = setup.memory !== null;
      const memory = setup.memory ?? createKernelMemory(setup.layout.pages, false);
      const views = new MemoryViews(memory);
      const kernel = checkedKernel(setup.module, memory);
      const { layout } = setup;
      const init = (side: Side, [first, last]: [number, number]): void => {
        const ptr = side === 'users' ? layout.userFactors : layout.itemFactors;
        const rows = views.f32(ptr + first * layout.stride * 4, (last - first) * layout.stride);
        fillInitialFactors(rows, setup.seed, side, first, last, setup.factors, layout.stride);
      };
      init('users', setup.initUsers);
      init('items', setup.initItems);
      training = { kernel, views, layout, setup, shared };
    },

    putRows(side, part, at, chunk) {
      const t = train();
      const csr = side === 'users' ? t.layout.userRows : t.layout.itemRows;
      const ptr = part === 'factors' ? factorPtr(t, side) : csr[part];
      if (chunk instanceof Float32Array) t.views.f32(ptr, at + chunk.length).set(chunk, at);
      else if (chunk instanceof Uint8Array) t.views.u8(ptr, at + chunk.length).set(chunk, at);
      else t.views.i32(ptr, at + chunk.length).set(chunk, at);
      return chunk.buffer as ArrayBuffer;
    },

    gram(side, first, last) {
      return partialGram(train(), side, first, last);
    },

    solve(side, gram, chunk, gramRows, into) {
      const t = train();
      const { layout, setup } = t;
      const slot = layout.slots[setup.slot];
      t.views.f32(slot.gram, gram.length).set(gram);
      const rows = side === 'users' ? layout.userRows : layout.itemRows;
      const [first, last] = side === 'users' ? setup.userRange : setup.itemRange;
      const fixedSide: Side = side === 'users' ? 'items' : 'users';
      const target = factorPtr(t, side) + first * layout.stride * 4;
      let counter = layout.sharedCounter;
      if (!t.shared) {
        counter = slot.counter;
        t.views.i32(counter, 1)[0] = 0;
      }
      callSolveRowsCg(t.kernel, t.views, slot.params, {
        indptr: rows.indptr,
        indices: rows.indices,
        values: rows.values,
        rows: last - first,
        counter,
        chunk,
        target,
        fixed: factorPtr(t, fixedSide),
        gram: slot.gram,
        stride: layout.stride,
        cgSteps: setup.cgSteps,
        alpha: setup.alpha,
        base: setup.base,
        scratch: slot.scratch,
        halfSteps: setup.halfSteps ? 1 : 0,
      });
      if (!t.shared) {
        const solved = t.views.f32(target, (last - first) * layout.stride);
        if (!into || into.byteLength < solved.byteLength) return { rows: solved.slice(), gram: null };
        const rows = new Float32Array(into, 0, solved.length);
        rows.set(solved);
        return { rows, gram: null };
      }
      if (!gramRows) return { rows: null, gram: null };
      waitForAllWorkers(t);
      return { rows: null, gram: partialGram(t, side, gramRows[0], gramRows[1]) };
    },

    loss(first, last, gram) {
      const t = train();
      const { layout, setup } = t;
      const slot = layout.slots[setup.slot];
      t.views.f32(slot.gram, gram.length).set(gram);
      const out = t.views.f64(slot.loss, 2);
      out.fill(0);
      // In copy mode this worker's user CSR starts at its first user row.
      const offset = t.shared ? 0 : setup.userRange[0];
      callLossRows(t.kernel, t.views, slot.params, {
        indptr: layout.userRows.indptr,
        indices: layout.userRows.indices,
        values: layout.userRows.values,
        first: first - offset,
        last: last - offset,
        target: layout.userFactors + offset * layout.stride * 4,
        fixed: layout.itemFactors,
        gram: slot.gram,
        stride: layout.stride,
        alpha: setup.alpha,
        base: setup.base,
        scratch: slot.scratch,
        halfSteps: setup.halfSteps ? 1 : 0,
        out: slot.loss,
      });
      const result = t.views.f64(slot.loss, 2);
      return [result[0], result[1]];
    },

    readRows(side, first, last) {
      const t = train();
      const { stride } = t.layout;
      return t.views.f32(factorPtr(t, side) + first * stride * 4, (last - first) * stride).slice();
    },

    copyRows(side, first, last, into) {
      const t = train();
      const { stride } = t.layout;
      const count = (last - first) * stride;
      into.set(t.views.f32(factorPtr(t, side) + first * stride * 4, count), first * stride);
    },

    // The leftovers are dropped: their bytes are freed with this worker's (a stopped worker's at once).
    release() {
      training = null;
    },
  };

  /** Float64 sum of the Gram matrices of rows [first, last) of a side, one GRAM_BLOCK_ROWS block at a time. */
  function partialGram(t: Training, side: Side, first: number, last: number): Float64Array {
    const { stride, slots } = t.layout;
    const ptr = factorPtr(t, side);
    const out = slots[t.setup.slot].partialGram;
    const sum = new Float64Array(stride * stride);
    for (let block = first; block < last; block += GRAM_BLOCK_ROWS) {
      t.kernel.gramMatrix(ptr + block * stride * 4, Math.min(GRAM_BLOCK_ROWS, last - block), stride, out);
      const partial = t.views.f32(out, stride * stride);
      for (let j = 0; j < sum.length; j++) sum[j] += partial[j];
    }
    return sum;
  }

  /**
   * A barrier in shared memory: every worker adds one to the arrival count (reset by the pool before each solve) and
   * sleeps until all have arrived, so no worker reads the solved side before every row of it is written.
   */
  function waitForAllWorkers(t: Training): void {
    const arrivals = t.views.i32(t.layout.sharedCounter + 4, 1);
    const workers = t.layout.slots.length;
    if (Atomics.add(arrivals, 0, 1) + 1 === workers) {
      Atomics.notify(arrivals, 0);
      return;
    }
    for (let seen = Atomics.load(arrivals, 0); seen < workers; seen = Atomics.load(arrivals, 0)) {
      if (Atomics.wait(arrivals, 0, seen, BARRIER_TIMEOUT_MS) === 'timed-out') {
        throw new Error('A training worker stopped answering.');
      }
    }
  }
}

/** Creates the query worker's host: one model's factors, loaded by `loadModel`, and the queries about them. */
export function createQueryHost(): QueryApi {
  let query: Query | null = null;

  return {
    loadModel(setup) {
      const layout = planQueryLayout(setup.items, setup.stride);
      const memory = createKernelMemory(layout.pages, false);
      const views = new MemoryViews(memory);
      const kernel = checkedKernel(setup.module, memory);
      views.f32(layout.itemFactors, setup.itemFactors.length).set(setup.itemFactors);
      kernel.normalizeRows(layout.itemFactors, layout.normalized, setup.items, setup.stride);
      // Queries read the item factors from this memory: a private copy sent for this (copy mode) is freed now.
      releaseNow(setup.itemFactors);
      query = { kernel, views, setup: { ...setup, itemFactors: new Float32Array(0) }, layout, gram: null, norms: null };
    },

    similarItems(item, n, minRatings, exclude = null) {
      const q = currentQuery();
      const { stride, items } = q.setup;
      const skip = filteredSkip(q, minRatings, exclude);
      skip[item] = 1;
      q.views.f32(q.layout.query, stride).set(q.views.f32(q.layout.normalized + item * stride * 4, stride));
      return topK(q, q.layout.normalized, Math.min(n, items));
    },

    recommend(users, n, filterSeen, rows) {
      const q = currentQuery();
      const { items } = q.setup;
      const k = Math.min(n, items);
      const ids = new Int32Array(users.length * n).fill(-1);
      const scores = new Float32Array(users.length * n);
      const skip = q.views.u8(q.layout.skip, items);
      skip.fill(0);
      for (let j = 0; j < users.length; j++) {
        const { factors, seen } = userOf(q, users[j], j, rows);
        if (filterSeen) for (const i of seen) skip[i] = 1;
        q.views.f32(q.layout.query, factors.length).set(factors);
        const best = topK(q, q.layout.itemFactors, k);
        ids.set(best.ids, j * n);
        scores.set(best.scores, j * n);
        if (filterSeen) for (const i of seen) skip[i] = 0;
      }
      return { ids, scores };
    },

    recommendUser(user, n, filterSeen, minRatings, exclude, rows) {
      const q = currentQuery();
      const { items } = q.setup;
      const skip = filteredSkip(q, minRatings, exclude);
      const { factors, seen } = userOf(q, user, 0, rows);
      if (filterSeen) for (const i of seen) skip[i] = 1;
      q.views.f32(q.layout.query, factors.length).set(factors);
      return topK(q, q.layout.itemFactors, Math.min(n, items));
    },

    recommendForLikes(itemList, ratings, n, minRatings, exclude, because, method) {
      const q = currentQuery();
      const { stride, items, factors, regularization, confidence } = q.setup;
      const y = q.views.f32(q.layout.itemFactors, items * stride);
      q.gram ??= itemGram(y, items, stride, factors);
      const liked: LikedItems = { items: itemList, ratings };
      const skip = filteredSkip(q, minRatings, exclude);
      for (const i of itemList) skip[i] = 1;
      if (method !== 'implicit') {
        q.norms ??= itemNorms(y, items, stride, factors);
        const { gram, norms } = q;
        const query = likesQuery(method, liked, y, stride, factors, gram, regularization, confidence, norms);
        return rankForLikes(query, itemList, y, stride, factors, norms, skip, Math.min(n, items), because);
      }
      const person = solvePerson(liked, y, stride, factors, q.gram, regularization, confidence);
      const queryRow = q.views.f32(q.layout.query, stride);
      queryRow.fill(0);
      queryRow.set(person.factors);
      const best = topK(q, q.layout.itemFactors, Math.min(n, items));
      const reasons = new Int32Array(best.ids.length * because).fill(-1);
      const contributions = new Float32Array(best.ids.length * because);
      best.ids.forEach((item, r) => {
        const { top } = explainItem(person, item, liked, y, stride, factors, confidence, because);
        top.forEach((c, j) => {
          reasons[r * because + j] = c.item;
          contributions[r * because + j] = c.score;
        });
      });
      return { ...best, because: reasons, contributions };
    },
  };

  /** User `user`, the j-th of a query: its factor row and rated items, from the query's rows or the setup's. */
  function userOf(q: Query, user: number, j: number, rows: UserRows | null) {
    const { stride, userFactors, userItems } = q.setup;
    const from = rows ?? { factors: userFactors, ...userItems };
    const at = rows ? j : user;
    return {
      factors: from.factors.subarray(at * stride, (at + 1) * stride),
      seen: from.indices.subarray(from.indptr[at], from.indptr[at + 1]),
    };
  }

  /** The skip bytes of a filtered query: items under minRatings or excluded by the wall's filter. */
  function filteredSkip(q: Query, minRatings: number, exclude: Uint8Array | null): Uint8Array {
    const { items, itemCounts } = q.setup;
    const skip = q.views.u8(q.layout.skip, items);
    for (let i = 0; i < items; i++)
      skip[i] = itemCounts[i] < minRatings || (exclude !== null && exclude[i] !== 0) ? 1 : 0;
    return skip;
  }

  function currentQuery(): Query {
    if (!query) throw new Error('No model is loaded: train one first.');
    return query;
  }

  function topK(q: Query, matrix: number, k: number): Ranked {
    const { query, skip, outIds, outScores } = q.layout;
    const count = q.kernel.topKDot(query, matrix, q.setup.items, q.setup.stride, skip, k, outIds, outScores);
    return { ids: q.views.i32(outIds, count).slice(), scores: q.views.f32(outScores, count).slice() };
  }
}
