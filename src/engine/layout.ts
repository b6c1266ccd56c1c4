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

/**
 * The kernels' parameter block: solveRowsCg and lossRows take a pointer to one of these instead of a long list of
 * positional arguments. This object is the one definition of its fields: their order here is their order in memory
 * (4 bytes each). kernel-host.ts writes them by name (callSolveRowsCg, callLossRows in kernels.ts), and
 * scripts/build-wasm.mjs generates assembly/params.generated.ts from it: the same fields as an unmanaged class,
 * which the kernels read in place.
 * Types are AssemblyScript's: usize is a byte offset, i32 a count, f32 a float.
 */
export const KERNEL_PARAMS = {
  /** CSR rows: indptr i32[rows + 1], indices i32 and values (f32, or u8 with halfSteps) per nonzero. */
  indptr: 'usize',
  indices: 'usize',
  values: 'usize',
  /** solveRowsCg: rows [0, rows) of the CSR are solved, claimed in chunks of `chunk` from the i32 at `counter`. */
  rows: 'i32',
  counter: 'usize',
  chunk: 'i32',
  /** lossRows: the rows [first, last) whose loss terms are added up. */
  first: 'i32',
  last: 'i32',
  /** The rows solved (row r of the CSR is row r here), the fixed side, and the Gram matrix (YtY + reg I). */
  target: 'usize',
  fixed: 'usize',
  gram: 'usize',
  /** Floats per factor row (a multiple of 8). */
  stride: 'i32',
  /** solveRowsCg: conjugate-gradient steps per row. */
  cgSteps: 'i32',
  /** Confidence of a rating r: base + alpha * r. */
  alpha: 'f32',
  base: 'f32',
  /** scratchBytes(stride) bytes of per-worker scratch. */
  scratch: 'usize',
  /** lossRows: the f64[2] accumulator. */
  out: 'usize',
  /** 1: values are u8 half-stars (rating = byte / 2; copy mode, a quarter of the bytes); 0: values are f32. */
  halfSteps: 'i32',
} as const satisfies Record<string, 'usize' | 'i32' | 'f32'>;

export type KernelParamName = keyof typeof KERNEL_PARAMS;

/** Values for the named fields of a parameter block. */
export type KernelParams<K extends KernelParamName> = { readonly [F in K]: number };

/** The fields solveRowsCg reads. */
export type SolveParams = KernelParams<
  | 'indptr'
  | 'indices'
  | 'values'
  | 'rows'
  | 'counter'
  | 'chunk'
  | 'target'
  | 'fixed'
  | 'gram'
  | 'stride'
  | 'cgSteps'
  | 'alpha'
  | 'base'
  | 'scratch'
  | 'halfSteps'
>;

/** The fields lossRows reads. */
export type LossParams = KernelParams<
  | 'indptr'
  | 'indices'
  | 'values'
  | 'first'
  | 'last'
  | 'target'
  | 'fixed'
  | 'gram'
  | 'stride'
  | 'alpha'
  | 'base'
  | 'scratch'
  | 'out'
  | 'halfSteps'
>;

/** Byte offset of each field in the block, in KERNEL_PARAMS order. */
export const KERNEL_PARAM_OFFSETS = Object.fromEntries(
  Object.keys(KERNEL_PARAMS).map((name, i) => [name, i * 4]),
) as Record<KernelParamName, number>;

/** Bytes of one parameter block. */
export const KERNEL_PARAMS_BYTES = Object.keys(KERNEL_PARAMS).length * 4;

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
  /** The parameter block this worker's solveRowsCg/lossRows calls read (KERNEL_PARAMS). */
  params: number;
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
  /** Ratings laid out here are u8 half-stars (KERNEL_PARAMS halfSteps), not f32. */
  halfSteps?: boolean;
}

/** Hands out 16-byte aligned byte ranges one after another from `start` (16-byte aligned). */
function bumpAllocator(start = LAYOUT_BASE): { take(bytes: number): number; end(): number } {
  let at = start;
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

/**
 * Arrays already in the memory a layout is for (a dataset's arena, arena.ts): their byte offsets, and where the
 * layout's own buffers may start (after them).
 */
export interface Placed {
  start: number;
  userRows: Partial<CsrPointers>;
  itemRows: Partial<CsrPointers>;
}

/** Lays a training memory's buffers out one after another, each 16-byte aligned; `placed` arrays are not laid out. */
export function planLayout(s: LayoutSizes, placed?: Placed): Layout {
  const stride = strideFor(s.factors);
  const { take, end } = bumpAllocator(placed?.start);
  const csr = (rows: number, nnz: number, at: Partial<CsrPointers> = {}): CsrPointers => ({
    indptr: at.indptr ?? take((rows + 1) * 4),
    indices: at.indices ?? take(nnz * 4),
    values: at.values ?? take(nnz * (s.halfSteps ? 1 : 4)),
  });
  const userFactors = take(s.users * stride * 4);
  const itemFactors = take(s.items * stride * 4);
  const userRows = csr(s.userRowCount, s.userNnz, placed?.userRows);
  const itemRows = csr(s.itemRowCount, s.itemNnz, placed?.itemRows);
  const sharedCounter = take(16);
  const slots: SlotPointers[] = [];
  for (let w = 0; w < s.slots; w++) {
    slots.push({
      scratch: take(s.scratchBytes),
      gram: take(stride * stride * 4),
      partialGram: take(stride * stride * 4),
      counter: take(16),
      loss: take(16),
      params: take(KERNEL_PARAMS_BYTES),
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

/**
 * Where a query worker's buffers live (one private memory per fitted model). The user factors are not here: a
 * query reads only the one row it asks for, straight from the model's array (51 MB less at ml-32m).
 */
export interface QueryLayout {
  /** The items x stride factor matrix as trained. */
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

/** Lays out a query worker's memory for a model of `items` with rows of `stride` floats. */
export function planQueryLayout(items: number, stride: number): QueryLayout {
  const { take, end } = bumpAllocator();
  const rowBytes = stride * 4;
  const layout = {
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
