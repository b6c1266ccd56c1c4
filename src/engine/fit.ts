/**
 * One ALS fit driven from the pool: implicit's loop (implicit/cpu/als.py fit) split over workers. Per iteration:
 * Gram of the item factors, solve all users, Gram of the user factors, solve all items, then (optionally) the
 * training loss. Each Gram matrix is summed from per-worker partials here, so all workers solve with the same one.
 * With shared memory a solve call also returns the Gram partials of the side it solved (the workers meet at a
 * barrier first), so an iteration is two round trips to the workers; in copy mode each Gram is preceded by the
 * factors it needs.
 * The matrix is fitted as given: feedback weighting (src/data/weighting.ts) is the caller's, before the fit.
 */
import { transfer, type Remote } from 'comlink';
import type {
  FactorSnapshot,
  FitProgress,
  FitSettings,
  Model,
  PhaseTimes,
  RatingMatrix,
  RunInfo,
  Side,
  SparseRows,
  TrainApi,
  TrainSetup,
} from './api';
import { isHalfStar } from '../data/half-stars.ts';
import { abortError } from '../errors.ts';
import { copyInSlices, SLICE_BYTES, yieldToPage } from '../persistence/slices.ts';
import { createKernelMemory, MemoryViews } from './kernels';
import { arenaEnd, growArena, inArena, leaseArena, releaseArena } from './arena';
import { planLayout, splitRowsByNnz, splitRowsInBlocks, strideFor, type CsrPointers, type Layout } from './layout';

/** One training worker as a fit uses it: a call to its API (a WorkerBridge's `call`, bound to the fit's signal). */
export interface FitWorker {
  api<R>(use: (api: Remote<TrainApi>) => Promise<R>): Promise<R>;
}

/** What runFit needs from the trainer. */
export interface FitContext {
  workers: FitWorker[];
  module: WebAssembly.Module;
  shared: boolean;
  /** scratchBytes(stride) as the kernel computes it. */
  scratchBytes: (stride: number) => number;
  run: RunInfo;
  signal?: AbortSignal;
}

/**
 * Elements of indices or values sent to a copy-mode worker at a time: 8 MB, so the ratings in flight at once stay a
 * few chunks instead of a copy of all of them (slicing every worker's rows first held 0.5 GB more at ml-32m).
 */
const PUT_CHUNK = 1 << 21;

/**
 * Copy mode: sends rows [first, last) of a CSR to a worker, indptr rebased to 0 and the ratings in PUT_CHUNK pieces,
 * each copied here in slices (one slice() of a 32M-rating matrix held the page for 2.2 s) and moved to the worker,
 * which copies it into its memory and hands the buffer back to be filled again. One buffer goes back and forth: a
 * fresh one per chunk, though moved on, stayed in the page's memory until the page's collector ran (0.5 GB at
 * ml-32m's setup, a probe calling gc() found), and filling fresh memory costs page faults (3-8 ms a MiB here).
 * With halfSteps the ratings go as u8 half-stars (halfStepsOnly must hold for them). Resolves with that buffer, for the
 * fit to hand to the worker when it ends (see runFit's leftovers).
 */
export async function putRows(
  worker: FitWorker,
  side: Side,
  csr: SparseRows,
  [first, last]: [number, number],
  halfSteps: boolean,
  checkAbort: () => void,
  chunk = PUT_CHUNK,
): Promise<ArrayBuffer> {
  const start = csr.indptr[first];
  const end = csr.indptr[last];
  const indptr = new Int32Array(last - first + 1);
  for (let r = 0; r <= last - first; r++) indptr[r] = csr.indptr[first + r] - start;
  await worker.api((api) => api.putRows(side, 'indptr', 0, transfer(indptr, [indptr.buffer])));
  let buffer = new ArrayBuffer(Math.min(chunk, end - start) * 4);
  const put = async (part: 'indices' | 'values', at: number, array: Int32Array | Float32Array | Uint8Array) => {
    buffer = await worker.api((api) => api.putRows(side, part, at - start, transfer(array, [array.buffer])));
  };
  for (let at = start; at < end; at += chunk) {
    const n = Math.min(chunk, end - at);
    const indices = new Int32Array(buffer, 0, n);
    await copyInSlices(indices, csr.indices.subarray(at, at + n), 0, checkAbort);
    await put('indices', at, indices);
    if (halfSteps) {
      const bytes = new Uint8Array(buffer, 0, n);
      for (let k = 0; k < n; k++) bytes[k] = csr.values[at + k] * 2;
      await put('values', at, bytes);
    } else {
      const values = new Float32Array(buffer, 0, n);
      await copyInSlices(values, csr.values.subarray(at, at + n), 0, checkAbort);
      await put('values', at, values);
    }
  }
  return buffer;
}

/**
 * True when every rating is a multiple of 0.5 from 0 to 127.5 (MovieLens's stars, not a weighting's floats), so one
 * byte holds it exactly. Checked in slices, yielding to the page (32M ratings take tens of milliseconds).
 */
export async function halfStepsOnly(values: Float32Array, checkAbort: () => void): Promise<boolean> {
  const step = SLICE_BYTES / 4;
  for (let from = 0; from < values.length; from += step) {
    checkAbort();
    const to = Math.min(from + step, values.length);
    for (let k = from; k < to; k++) if (!isHalfStar(values[k])) return false;
    if (to < values.length) await yieldToPage();
  }
  return true;
}

/** Rows per claim: small enough that workers finish together, at most the 256 that suits big data. */
function chunkFor(rows: number, workers: number): number {
  return Math.max(4, Math.min(256, Math.ceil(rows / (workers * 16))));
}

/**
 * Trains a model; resolves with the factors, or rejects with an AbortError. With shared memory and a matrix in an
 * arena (arena.ts) the fit runs in the arena itself, unless another fit has it.
 */
export async function runFit(
  ctx: FitContext,
  data: RatingMatrix,
  settings: FitSettings,
  onProgress?: FitProgress,
  onFactors?: FactorSnapshot,
): Promise<Model> {
  // Only when the ratings themselves are there: a matrix made from the dataset (an evaluation split) may carry its
  // arena along, and copying all of it in would grow the arena for good.
  const arena =
    ctx.shared && data.arena && inArena(data.arena, data.userItems.indices) && leaseArena(data.arena)
      ? data.arena
      : null;
  try {
    return await fitIn(arena, ctx, data, settings, onProgress, onFactors);
  } finally {
    // The trainer then terminates the workers of a fit that failed: none of them writes here again.
    if (arena) releaseArena(arena);
  }
}

async function fitIn(
  arena: WebAssembly.Memory | null,
  ctx: FitContext,
  data: RatingMatrix,
  settings: FitSettings,
  onProgress?: FitProgress,
  onFactors?: FactorSnapshot,
): Promise<Model> {
  const started = performance.now();
  const checkAbort = (): void => {
    if (ctx.signal?.aborted) throw abortError('Training was cancelled.');
  };
  const { workers, shared } = ctx;
  const count = workers.length;
  const { users, items, nnz } = data;
  const stride = strideFor(settings.factors);
  const scratchBytes = ctx.scratchBytes(stride);
  const base = settings.confidence === 'one-plus-alpha' ? 1 : 0;
  const common = {
    module: ctx.module,
    factors: settings.factors,
    seed: settings.seed,
    cgSteps: settings.cgSteps,
    alpha: settings.alpha,
    base,
    // Copy mode: a quarter of the bytes for every worker's ratings (192 MB less at ml-32m, with two workers).
    halfSteps: !shared && (await halfStepsOnly(data.userItems.values, checkAbort)),
  };

  // Who holds which rows: in shared memory every worker sees everything and claims chunks of rows; in copy mode
  // each worker holds a slice of rows balanced by nonzeros and a full copy of the other side's factors.
  const userBounds = shared ? [0, users] : splitRowsByNnz(data.userItems.indptr, count);
  const itemBounds = shared ? [0, items] : splitRowsByNnz(data.itemUsers.indptr, count);
  const range = (bounds: number[], w: number): [number, number] =>
    shared ? [bounds[0], bounds[1]] : [bounds[w], bounds[w + 1]];
  const gramUsers = splitRowsInBlocks(users, count);
  const gramItems = splitRowsInBlocks(items, count);

  let views: MemoryViews | null = null;
  let sharedLayout: Layout | null = null;
  const setups: TrainSetup[] = [];
  if (shared) {
    // In an arena, the arrays already there are read where they are (a weighting's new values are not there, and
    // are copied in after the arena's arrays with the fit's own buffers).
    const placedIn = (memory: WebAssembly.Memory, csr: SparseRows): Partial<CsrPointers> => {
      const at = (array: Int32Array | Float32Array): number | undefined =>
        inArena(memory, array) ? array.byteOffset : undefined;
      return { indptr: at(csr.indptr), indices: at(csr.indices), values: at(csr.values) };
    };
    const placed = arena
      ? { start: arenaEnd(arena), userRows: placedIn(arena, data.userItems), itemRows: placedIn(arena, data.itemUsers) }
      : undefined;
    sharedLayout = planLayout(
      {
        factors: settings.factors,
        users,
        items,
        userRowCount: users,
        userNnz: nnz,
        itemRowCount: items,
        itemNnz: nnz,
        slots: count,
        scratchBytes,
      },
      placed,
    );
    let memory: WebAssembly.Memory;
    if (arena) {
      growArena(arena, sharedLayout.bytes);
      memory = arena;
    } else {
      memory = createKernelMemory(sharedLayout.pages, true);
    }
    views = new MemoryViews(memory);
    // The copy runs on the caller's thread (the page's main thread): in slices, yielding between them, so
    // hundreds of megabytes of ratings never freeze the page.
    const put = async (at: CsrPointers, csr: SparseRows, already: Partial<CsrPointers> = {}): Promise<void> => {
      if (already.indptr === undefined)
        await copyInSlices(views!.i32(at.indptr, csr.indptr.length), csr.indptr, 0, checkAbort);
      if (already.indices === undefined)
        await copyInSlices(views!.i32(at.indices, csr.indices.length), csr.indices, 0, checkAbort);
      if (already.values === undefined)
        await copyInSlices(views!.f32(at.values, csr.values.length), csr.values, 0, checkAbort);
    };
    await put(sharedLayout.userRows, data.userItems, placed?.userRows);
    await put(sharedLayout.itemRows, data.itemUsers, placed?.itemRows);
    for (let w = 0; w < count; w++) {
      setups.push({
        ...common,
        memory,
        layout: sharedLayout,
        slot: w,
        initUsers: [gramUsers[w], gramUsers[w + 1]],
        initItems: [gramItems[w], gramItems[w + 1]],
        userRange: [0, users],
        itemRange: [0, items],
      });
    }
  } else {
    for (let w = 0; w < count; w++) {
      const [u0, u1] = range(userBounds, w);
      const [i0, i1] = range(itemBounds, w);
      const layout = planLayout({
        factors: settings.factors,
        users,
        items,
        userRowCount: u1 - u0,
        userNnz: data.userItems.indptr[u1] - data.userItems.indptr[u0],
        itemRowCount: i1 - i0,
        itemNnz: data.itemUsers.indptr[i1] - data.itemUsers.indptr[i0],
        slots: 1,
        scratchBytes,
        halfSteps: common.halfSteps,
      });
      setups.push({
        ...common,
        memory: null,
        layout,
        slot: 0,
        initUsers: [0, users],
        initItems: [0, items],
        userRange: [u0, u1],
        itemRange: [i0, i1],
      });
    }
  }
  await Promise.all(workers.map((w, i) => w.api((api) => api.setup(setups[i]))));
  // Copy mode: the page's buffers that went back and forth, each handed to a worker when the fit ends (release) so
  // that its bytes end with that worker. One kept here, even detached, stays in the page's memory until the page's
  // collector frees the browser's record of it, which on an idle page did not happen for minutes: 125 MB at ml-32m
  // (a probe's gc() freed them).
  const leftovers: ArrayBuffer[][] = workers.map(() => []);
  if (!shared) {
    // Every worker's rows of both matrices, the workers served side by side (one copies while the next chunk is
    // made for the other).
    await Promise.all(
      workers.map(async (w, i) => {
        leftovers[i].push(
          await putRows(w, 'users', data.userItems, range(userBounds, i), common.halfSteps, checkAbort),
        );
        leftovers[i].push(
          await putRows(w, 'items', data.itemUsers, range(itemBounds, i), common.halfSteps, checkAbort),
        );
      }),
    );
  }
  const phaseMs: PhaseTimes = { setup: performance.now() - started, gram: 0, solveUsers: 0, solveItems: 0, loss: 0 };
  const timed = async <T>(phase: keyof PhaseTimes, work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work;
    phaseMs[phase] += performance.now() - t0;
    return result;
  };

  // Copy mode keeps the latest full factor matrices here, to hand to every worker before the next Gram. Buffers go
  // back and forth instead of being made afresh: `spare` is a side's matrix handed back by the last worker to copy
  // it (the next solve of that side assembles into it), `into` each worker's buffer for the rows it solves. Fresh
  // buffers, though moved on, stayed in the page's memory until its collector ran (60-140 MB more at ml-32m).
  const latest: Record<Side, Float32Array | null> = { users: null, items: null };
  const spare: Record<Side, Float32Array | null> = { users: null, items: null };
  const into: (ArrayBuffer | null)[] = shared
    ? []
    : workers.map((_, i) => {
        const most = Math.max(userBounds[i + 1] - userBounds[i], itemBounds[i + 1] - itemBounds[i]);
        return new ArrayBuffer(most * stride * 4);
      });

  /** A Gram matrix ready to solve with: YtY + reg I on the real factors, and the trace before reg (|Y|^2). */
  interface Gram {
    matrix: Float32Array;
    trace: number;
  }

  /** Sums the workers' float64 partials (always in worker order) and adds reg on the diagonal. */
  const combine = (partials: Float64Array[]): Gram => {
    const sum = new Float64Array(stride * stride);
    for (const p of partials) for (let j = 0; j < p.length; j++) sum[j] += p[j];
    let trace = 0;
    for (let f = 0; f < settings.factors; f++) {
      trace += sum[f * stride + f];
      sum[f * stride + f] += settings.regularization;
    }
    return { matrix: Float32Array.from(sum), trace };
  };

  const gramBounds = (side: Side): number[] => (side === 'users' ? gramUsers : gramItems);

  /**
   * The Gram matrix of one side. In copy mode every worker first gets the latest full matrix of that side: moved to
   * one worker, which copies it and hands it back, then on to the next (no copy on the page: a structured clone of
   * ml-32m's 51 MB of user factors held it for 290 ms); each worker starts its Gram once it has copied.
   */
  const gram = async (side: Side): Promise<Gram> => {
    const bounds = gramBounds(side);
    let full = latest[side];
    latest[side] = null;
    const partials: Promise<Float64Array>[] = [];
    try {
      for (const [i, w] of workers.entries()) {
        if (full) {
          const [given, length] = [full, full.length]; // (given.length reads 0 once it has moved)
          const buffer = await w.api((api) => api.putRows(side, 'factors', 0, transfer(given, [given.buffer])));
          full = new Float32Array(buffer, 0, length);
        }
        partials.push(w.api((api) => api.gram(side, bounds[i], bounds[i + 1])));
      }
    } catch (error) {
      void Promise.allSettled(partials); // the Grams already asked for end with the fit, unobserved
      throw error;
    }
    if (full) spare[side] = full;
    return combine(await Promise.all(partials));
  };

  /**
   * Solves every row of a side. With shared memory the workers also return the partial Gram matrices of the solved
   * side (one round trip instead of two), so this resolves with its Gram matrix; in copy mode with null.
   */
  const solve = async (side: Side, matrix: Float32Array): Promise<Gram | null> => {
    const rows = side === 'users' ? users : items;
    const bounds = gramBounds(side);
    if (shared) {
      // Row counter and barrier arrivals start at zero for every solve.
      const counters = views!.i32(sharedLayout!.sharedCounter, 2);
      Atomics.store(counters, 0, 0);
      Atomics.store(counters, 1, 0);
    }
    const results = await Promise.all(
      workers.map((w, i) => {
        if (shared)
          return w.api((api) => api.solve(side, matrix, chunkFor(rows, count), [bounds[i], bounds[i + 1]], null));
        const buffer = into[i];
        into[i] = null;
        return w.api((api) =>
          api.solve(side, matrix, chunkFor(rows, count), null, buffer ? transfer(buffer, [buffer]) : null),
        );
      }),
    );
    if (shared) return combine(results.map((r) => r.gram!));
    const solvedBounds = side === 'users' ? userBounds : itemBounds;
    // Assembled in slices: one set() of ml-32m's user factors held the page for 220 ms.
    const full = spare[side] ?? new Float32Array(rows * stride);
    spare[side] = null;
    for (const [w, result] of results.entries()) {
      await copyInSlices(full, result.rows!, solvedBounds[w] * stride, checkAbort);
      into[w] = result.rows!.buffer as ArrayBuffer;
    }
    latest[side] = full;
    return null;
  };

  /** A side's factors in the shared training memory (a view: copy it before the memory is reused). */
  const sharedFactors = (side: Side, rows: number): Float32Array =>
    views!.f32(side === 'users' ? sharedLayout!.userFactors : sharedLayout!.itemFactors, rows * stride);
  const read = async (side: Side, rows: number): Promise<Float32Array> => {
    if (latest[side]) return latest[side]!;
    if (shared) return sharedFactors(side, rows).slice();
    // Copy mode after a loss step: the workers hold the full matrices; any one can hand them back.
    return workers[0].api((api) => api.readRows(side, 0, rows));
  };

  const lossHistory: number[] = [];
  let itemGram: Gram | null = null;
  for (let iteration = 1; iteration <= settings.iterations; iteration++) {
    checkAbort();
    itemGram ??= await timed('gram', gram('items'));
    checkAbort();
    const userGram: Gram =
      (await timed('solveUsers', solve('users', itemGram.matrix))) ?? (await timed('gram', gram('users')));
    checkAbort();
    // Shared memory: YtY of the new item factors, for the loss and the next iteration's users.
    itemGram = await timed('solveItems', solve('items', userGram.matrix));
    let loss: number | null = null;
    if (settings.computeLoss) {
      checkAbort();
      // The loss needs YtY of the new item factors: the same Gram the next iteration solves users with.
      itemGram ??= await timed('gram', gram('items'));
      const lossBounds = shared ? gramUsers : userBounds;
      const lossGram = itemGram;
      const parts = await timed(
        'loss',
        Promise.all(workers.map((w, i) => w.api((api) => api.loss(lossBounds[i], lossBounds[i + 1], lossGram.matrix)))),
      );
      let rowTerms = 0;
      let confidence = 0;
      for (const [l, c] of parts) {
        rowTerms += l;
        confidence += c;
      }
      // implicit's calculate_loss: row terms already hold reg * |x_u|^2; add reg * |Y|^2 and normalise.
      loss = (rowTerms + settings.regularization * lossGram.trace) / (confidence + users * items - nnz);
      lossHistory.push(loss);
    }
    onProgress?.(iteration, performance.now() - started, loss);
    if (onFactors) {
      // Copies: the latest matrices in copy mode are handed to the workers (transferred) by the next Gram.
      const [u, i] = await Promise.all([read('users', users), read('items', items)]);
      onFactors(iteration, latest.users === u ? u.slice() : u, latest.items === i ? i.slice() : i);
    }
  }

  // The model's factors. With shared memory they are copied into a SharedArrayBuffer, so the Recommender's query
  // worker (and the map's) is given them without a copy: a structured clone of a few MB took 25-130 ms of the page's
  // time on a small machine, most of it touching freshly allocated memory. The workers do the copying, each its
  // share of the rows, so the page's thread never touches those pages either (15 ms for ml-latest-small's 2.6 MB
  // here; ml-32m's 72 MB would freeze the page for about half a second).
  const finalFactors = async (side: Side, rows: number): Promise<Float32Array> => {
    if (!shared) return read(side, rows);
    const out = new Float32Array(new SharedArrayBuffer(rows * stride * 4));
    const bounds = gramBounds(side);
    await Promise.all(workers.map((w, i) => w.api((api) => api.copyRows(side, bounds[i], bounds[i + 1], out))));
    return out;
  };
  const [userFactors, itemFactors] = await Promise.all([finalFactors('users', users), finalFactors('items', items)]);
  for (const [w, buffer] of into.entries()) if (buffer) leftovers[w].push(buffer);
  for (const side of ['users', 'items'] as const)
    if (spare[side]) leftovers[0].push(spare[side]!.buffer as ArrayBuffer);
  await Promise.all(workers.map((w, i) => w.api((api) => api.release(transfer(leftovers[i], leftovers[i])))));
  return {
    users,
    items,
    factors: settings.factors,
    stride,
    userFactors,
    itemFactors,
    settings: { ...settings },
    trainMs: performance.now() - started,
    phaseMs,
    lossHistory,
    run: ctx.run,
  };
}
