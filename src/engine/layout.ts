/**
 * The one place that decides where every buffer lives in a kernel memory. The kernels allocate nothing
 * (assembly/index.ts), so several instances can share one memory: each gets its own scratch slot.
 */

/** First byte we use; the kernel module's own static data must end below it (checked in kernel-host.ts). */
export const LAYOUT_BASE = 65536;
const PAGE_BYTES = 65536;

/** Byte offsets of a CSR matrix's three arrays. */
export interface CsrPointers {
  indptr: number;
  indices: number;
  values: number;
}

/** Byte offsets of one worker's private buffers. */
export interface SlotPointers {
  /** r, p, Ap and a sink for solveRowsCg/lossRows. */
  scratch: number;
  /** The combined Gram matrix (+ reg I) this worker solves with: stride x stride f32. */
  gram: number;
  /** This worker's partial Gram matrix: stride x stride f32. */
  partialGram: number;
  /** Row counter for solveRowsCg (its own in copy mode). */
  counter: number;
  /** f64[2] loss accumulator. */
  loss: number;
}

/** Where everything lives in one memory, and how big it is. */
export interface Layout {
  stride: number;
  /** Rows of the full factor matrices. */
  users: number;
  items: number;
  /** Full users x stride and items x stride factor matrices. */
  userFactors: number;
  itemFactors: number;
  /** users x items rows held in this memory (all of them when shared, a slice in copy mode). */
  userRows: CsrPointers;
  /** items x users rows held in this memory. */
  itemRows: CsrPointers;
  /** The shared row counter every worker claims chunks from (shared memory). */
  sharedCounter: number;
  slots: SlotPointers[];
  /** Bytes the memory must have. */
  bytes: number;
  pages: number;
}

/**
 * Factors rounded up to a multiple of 8: every row is a whole number of pairs of f32x4 vectors, so the kernels'
 * inner loops take two vectors per step (half the loop overhead; see docs/BENCHMARKS.md).
 */
export function strideFor(factors: number): number {
  return Math.ceil(factors / 8) * 8;
}

/** Sizes a layout needs: full factor matrices, the CSR rows this memory holds, and worker slots. */
export interface LayoutSizes {
  factors: number;
  users: number;
  items: number;
  userRowCount: number;
  userNnz: number;
  itemRowCount: number;
  itemNnz: number;
  slots: number;
  /** scratchBytes(stride) as the kernel reports it. */
  scratchBytes: number;
}

/** Hands out 16-byte aligned byte ranges one after another from LAYOUT_BASE. */
function bumpAllocator(): { take(bytes: number): number; end(): number } {
  let at = LAYOUT_BASE;
  return {
    take(bytes) {
      const start = at;
      at += Math.ceil(bytes / 16) * 16;
      return start;
    },
    end: () => at,
  };
}

/** Pages for `bytes`, refusing what WebAssembly's 4 GiB memory cannot hold. */
function pagesFor(bytes: number): number {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  if (pages > 65536)
    throw new Error(`The model needs ${(bytes / 2 ** 30).toFixed(1)} GiB, over WebAssembly's 4 GiB limit.`);
  return pages;
}

/** Lays a training memory's buffers out one after another, each 16-byte aligned. */
export function planLayout(s: LayoutSizes): Layout {
  const stride = strideFor(s.factors);
  const { take, end } = bumpAllocator();
  const csr = (rows: number, nnz: number): CsrPointers => ({
    indptr: take((rows + 1) * 4),
    indices: take(nnz * 4),
    values: take(nnz * 4),
  });
  const userFactors = take(s.users * stride * 4);
  const itemFactors = take(s.items * stride * 4);
  const userRows = csr(s.userRowCount, s.userNnz);
  const itemRows = csr(s.itemRowCount, s.itemNnz);
  const sharedCounter = take(16);
  const slots: SlotPointers[] = [];
  for (let w = 0; w < s.slots; w++) {
    slots.push({
      scratch: take(s.scratchBytes),
      gram: take(stride * stride * 4),
      partialGram: take(stride * stride * 4),
      counter: take(16),
      loss: take(16),
    });
  }
  const bytes = end();
  return {
    stride,
    users: s.users,
    items: s.items,
    userFactors,
    itemFactors,
    userRows,
    itemRows,
    sharedCounter,
    slots,
    bytes,
    pages: pagesFor(bytes),
  };
}

/** Where a query worker's buffers live (one private memory per fitted model). */
export interface QueryLayout {
  /** users x stride and items x stride factor matrices as trained. */
  userFactors: number;
  itemFactors: number;
  /** items x stride item factors scaled to unit length, for cosine similarity. */
  normalized: number;
  /** One stride-float query vector. */
  query: number;
  /** One byte per item: non-zero leaves the item out of a ranking. */
  skip: number;
  /** Top-k output: i32 ids and f32 scores, room for every item. */
  outIds: number;
  outScores: number;
  pages: number;
}

/** Lays out a query worker's memory for a model of `users` x `items` with rows of `stride` floats. */
export function planQueryLayout(users: number, items: number, stride: number): QueryLayout {
  const { take, end } = bumpAllocator();
  const rowBytes = stride * 4;
  const layout = {
    userFactors: take(users * rowBytes),
    itemFactors: take(items * rowBytes),
    normalized: take(items * rowBytes),
    query: take(rowBytes),
    skip: take(items),
    outIds: take(Math.max(items, 1) * 4),
    outScores: take(Math.max(items, 1) * 4),
  };
  return { ...layout, pages: pagesFor(end()) };
}

/** Splits rows [0, rows) into `parts` contiguous ranges with about equal nonzeros (plus one per row, for the
 *  per-row Gram work); returns parts + 1 boundaries. */
export function splitRowsByNnz(indptr: Int32Array, parts: number): number[] {
  const rows = indptr.length - 1;
  const total = indptr[rows] + rows;
  const bounds = [0];
  let row = 0;
  for (let p = 1; p < parts; p++) {
    const goal = (total * p) / parts;
    while (row < rows && indptr[row] + row < goal) row++;
    bounds.push(row);
  }
  bounds.push(rows);
  return bounds;
}

/**
 * Rows per Gram block. Gram matrices are summed block by block in float64, and block edges do not depend on
 * the number of workers, so every worker count adds up the same float32 block partials: same factors.
 */
export const GRAM_BLOCK_ROWS = 1024;

/** Splits rows [0, rows) into `parts` ranges of whole Gram blocks (the last may be short); parts + 1 boundaries. */
export function splitRowsInBlocks(rows: number, parts: number): number[] {
  const blocks = Math.ceil(rows / GRAM_BLOCK_ROWS);
  return Array.from({ length: parts + 1 }, (_, p) =>
    Math.min(rows, Math.round((blocks * p) / parts) * GRAM_BLOCK_ROWS),
  );
}
