/**
 * From rating triples (original MovieLens ids, file order) to the users x items CSR and its items x users transpose.
 * Ids are mapped to dense indices through a lookup table; rows are built with a stable counting sort by user
 * (CLRS 8.2) and, unless already in order, sorted by column with a stable merge sort per row, so repeated
 * (user, movie) pairs sit next to each other in file order and we keep the latest by timestamp (the later line on a
 * tie), as a later rating replaces an earlier one. Typed arrays only, so 25M ratings fit.
 */
import { sortEachRow } from './csr-rows.ts';
import { createArena } from '../engine/arena.ts';
import type { Csr } from './types.ts';

/** What ratingsToCsr builds. */
export interface CsrBuild {
  /** Original userId of each user index, ascending. */
  userIds: Int32Array;
  /** Original movieId of each item index, ascending; only movies with at least one rating. */
  itemIds: Int32Array;
  userItems: Csr;
  itemUsers: Csr;
  /** Ratings per item (itemUsers row lengths). */
  itemCounts: Int32Array;
  /** Repeated (user, movie) pairs dropped (the latest rating of each pair is kept). */
  duplicates: number;
  /** The arena the matrices and item counts were allocated in, when they were (ArrayMemory.arena). */
  arena?: WebAssembly.Memory;
}

/**
 * Where a build's output matrices live. Shared memory (a cross-origin isolated page) is given to the page and to
 * every worker without a copy: the query worker's clone of ml-32m's rating pattern was 1 s of the page's time.
 */
export interface ArrayMemory {
  int32(length: number): Int32Array;
  float32(length: number): Float32Array;
  /** The kernels' shared memory the arrays are allocated in, when they are (engine/arena.ts). */
  arena?: WebAssembly.Memory;
}
export const privateMemory: ArrayMemory = {
  int32: (length) => new Int32Array(length),
  float32: (length) => new Float32Array(length),
};
export const sharedMemory: ArrayMemory = {
  int32: (length) => new Int32Array(new SharedArrayBuffer(length * 4)),
  float32: (length) => new Float32Array(new SharedArrayBuffer(length * 4)),
};
/** True where this context can share memory with workers (cross-origin isolated): postMessage then copies nothing. */
export function canShareHere(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
}
/**
 * Where a new dataset's matrices go in this context: a fresh arena (the training kernels' own shared memory, so a fit
 * reads them where they are) where memory can be shared, plain shared memory if no arena can be made, else private.
 */
export function memoryHere(): ArrayMemory {
  if (!canShareHere()) return privateMemory;
  return createArena() ?? sharedMemory;
}
/** True when `array` is in shared memory (the name SharedArrayBuffer is not even defined where it cannot be). */
export function isShared(array: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && array.buffer instanceof SharedArrayBuffer;
}
/** `array` to keep beside a copy handed to another thread: shared memory as it is, a private array copied. */
export function ownArray<T extends Int32Array | Int16Array | Float32Array>(array: T): T {
  return isShared(array) ? array : (array.slice() as T);
}

/** Id ranges up to this use a direct lookup table (4 bytes per possible id); wider ranges sort and search. */
const MAX_TABLE_RANGE = 1 << 24;

/**
 * A map from original ids to dense indices 0..n-1 in ascending id order, as a lookup table:
 * the dense index of entry i is table[source[i] - offset]. Plain arrays rather than a closure, so the hot
 * loops below stay monomorphic (a closure per call made the 25M-rating build several times slower).
 */
interface DenseIds {
  /** The distinct ids, ascending. */
  unique: Int32Array;
  table: Int32Array;
  source: Int32Array;
  offset: number;
}

/** Maps the first `count` ids to dense indices in ascending id order. */
function denseIds(ids: Int32Array, count: number): DenseIds {
  if (count === 0) return { unique: new Int32Array(0), table: new Int32Array(0), source: ids, offset: 0 };
  let min = 2147483647;
  let max = -2147483648;
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (id < min) min = id;
    if (id > max) max = id;
  }
  const range = max - min + 1;
  if (range <= MAX_TABLE_RANGE) {
    const table = new Int32Array(range).fill(-1);
    for (let i = 0; i < count; i++) table[ids[i] - min] = 0;
    let next = 0;
    for (let v = 0; v < range; v++) if (table[v] === 0) table[v] = next++;
    const unique = new Int32Array(next);
    for (let v = 0; v < range; v++) if (table[v] >= 0) unique[table[v]] = v + min;
    return { unique, table, source: ids, offset: min };
  }
  // Sparse ids (never in MovieLens, but cheap to support): sort a copy, dedupe, binary-search each entry once,
  // then look the dense indices up through an identity table so the callers' loops stay the same.
  const sorted = ids.slice(0, count).sort();
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i];
  const unique = sorted.slice(0, distinct);
  const dense = new Int32Array(count);
  for (let i = 0; i < count; i++) dense[i] = lowerBound(unique, ids[i]);
  const identity = new Int32Array(distinct);
  for (let i = 0; i < distinct; i++) identity[i] = i;
  return { unique, table: identity, source: dense, offset: 0 };
}

/** The first index of ascending `sorted` whose value is not below `value` (its length when none). */
export function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Exclusive prefix sums of `counts` as an indptr of length counts.length + 1. */
function offsetsOf(counts: Int32Array, memory: ArrayMemory = privateMemory): Int32Array {
  const indptr = memory.int32(counts.length + 1);
  for (let i = 0; i < counts.length; i++) indptr[i + 1] = indptr[i] + counts[i];
  return indptr;
}

/** Users x items rows sorted by column, file order kept among repeats, with timestamps carried when given. */
interface SortedRows {
  /** The items x users matrix when it was made on the way (before any dedupe), or null. */
  byItem: { csr: Csr; rowLengths: Int32Array } | null;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  stamps: Uint32Array | null;
  rowLengths: Int32Array;
}

/**
 * Builds both CSR directions from `count` rating triples (default: all), remapping ids to dense indices.
 * A repeated (user, movie) pair keeps its latest rating by `timestamps` (ties, or no timestamps: the later line).
 * `onInputRead` is called as soon as the input arrays are no longer read, so a caller can free them before the
 * last matrix is allocated. The matrices and item counts are allocated in `memory`.
 */
export function ratingsToCsr(
  userIds: Int32Array,
  movieIds: Int32Array,
  ratings: Float32Array,
  count = userIds.length,
  timestamps: Uint32Array | null = null,
  onInputRead?: () => void,
  memory: ArrayMemory = privateMemory,
): CsrBuild {
  const users = denseIds(userIds, count);
  const items = denseIds(movieIds, count);
  const userCount = users.unique.length;
  const itemCount = items.unique.length;

  const order = fileOrder(userIds, movieIds, count);
  let inputRead = false;
  const done = () => {
    if (!inputRead) onInputRead?.();
    inputRead = true;
  };
  // Without timestamps there is no second pass, so the input can go as soon as the first scatter has read it.
  let sorted = sortRows(users, items, ratings, count, null, order, memory, timestamps ? undefined : done);
  let duplicates = countRepeats(sorted.indptr, sorted.indices);
  // Timestamps travel through the sort only when a repeat needs them: most files have none, and carrying them
  // costs 4 bytes per rating per pass.
  if (duplicates > 0 && timestamps) sorted = sortRows(users, items, ratings, count, timestamps, order, memory, done);
  done();
  let { indptr, indices, values } = sorted;
  const { stamps, rowLengths, byItem } = sorted;

  if (duplicates > 0) {
    // Keep one entry per (user, item) run: the latest timestamp, the last in file order among equals (the stable
    // sorts kept file order within a run).
    let written = 0;
    for (let u = 0; u < userCount; u++) {
      const end = indptr[u + 1];
      const rowStart = written;
      for (let k = indptr[u]; k < end;) {
        let best = k;
        let next = k + 1;
        for (; next < end && indices[next] === indices[k]; next++) {
          if (!stamps || stamps[next] >= stamps[best]) best = next;
        }
        indices[written] = indices[k];
        values[written] = values[best];
        written++;
        k = next;
      }
      rowLengths[u] = written - rowStart;
    }
    duplicates = count - written;
    indptr = offsetsOf(rowLengths, memory);
    const keptIndices = memory.int32(written);
    keptIndices.set(indices.subarray(0, written));
    const keptValues = memory.float32(written);
    keptValues.set(values.subarray(0, written));
    indices = keptIndices;
    values = keptValues;
  }

  const transpose =
    byItem && duplicates === 0 ? byItem : transposeCsr({ indptr, indices, values }, itemCount, null, memory);
  return {
    userIds: users.unique,
    itemIds: items.unique,
    userItems: { indptr, indices, values },
    itemUsers: transpose.csr,
    itemCounts: transpose.rowLengths,
    duplicates,
    ...(memory.arena ? { arena: memory.arena } : {}),
  };
}

/** Repeated (row, column) entries in rows sorted by column. */
function countRepeats(indptr: Int32Array, indices: Int32Array): number {
  let repeats = 0;
  for (let r = 0; r + 1 < indptr.length; r++) {
    for (let k = indptr[r] + 1; k < indptr[r + 1]; k++) if (indices[k] === indices[k - 1]) repeats++;
  }
  return repeats;
}

/** How the file orders its rows: by user (MovieLens files are), and by movie within each user (ml-latest's are). */
type FileOrder = 'sorted' | 'grouped' | 'any';

/** One sequential pass over the original ids (dense indices keep their order, so the ids answer for them). */
function fileOrder(userIds: Int32Array, movieIds: Int32Array, count: number): FileOrder {
  let rowsSorted = true;
  for (let i = 1; i < count; i++) {
    if (userIds[i] < userIds[i - 1]) return 'any';
    if (userIds[i] === userIds[i - 1] && movieIds[i] < movieIds[i - 1]) rowsSorted = false;
  }
  return rowsSorted ? 'sorted' : 'grouped';
}

/**
 * Users x items rows sorted by column, file order kept among repeats (all sorts here are stable), in the fewest
 * passes the file's order allows: a sorted file is copied in order; a file grouped by user but not sorted within
 * users is counting-sorted by item (which is the items x users matrix, users ascending) and transposed back; any
 * other order is counting-sorted by user and each row merge-sorted in place.
 */
function sortRows(
  users: DenseIds,
  items: DenseIds,
  ratings: Float32Array,
  count: number,
  timestamps: Uint32Array | null,
  order: FileOrder,
  memory: ArrayMemory,
  onInputRead?: () => void,
): SortedRows {
  const userCount = users.unique.length;
  const itemCount = items.unique.length;
  const { table: userTable, source: userSource, offset: userOffset } = users;
  const { table: itemTable, source: itemSource, offset: itemOffset } = items;
  if (order === 'grouped') {
    const itemLengths = memory.int32(itemCount);
    for (let i = 0; i < count; i++) itemLengths[itemTable[itemSource[i] - itemOffset]]++;
    const cursor = offsetsOf(itemLengths);
    const userIndices = memory.int32(count);
    const itemValues = memory.float32(count);
    const itemStamps = timestamps ? new Uint32Array(count) : null;
    for (let i = 0; i < count; i++) {
      const at = cursor[itemTable[itemSource[i] - itemOffset]]++;
      userIndices[at] = userTable[userSource[i] - userOffset];
      itemValues[at] = ratings[i];
      if (itemStamps) itemStamps[at] = timestamps![i];
    }
    const byItem = {
      csr: { indptr: offsetsOf(itemLengths, memory), indices: userIndices, values: itemValues },
      rowLengths: itemLengths,
    };
    onInputRead?.(); // the transpose back reads only the items x users matrix
    const back = transposeCsr(byItem.csr, userCount, itemStamps, memory);
    const { indptr, indices, values } = back.csr;
    return { indptr, indices, values, stamps: back.extra, rowLengths: back.rowLengths, byItem };
  }
  // Counting sort by user (stable: file order kept within a row). Reads the input sequentially, which matters
  // at 25M ratings: a radix pass by item first made the second pass gather from random positions (~5x slower).
  const rowLengths = new Int32Array(userCount);
  for (let i = 0; i < count; i++) rowLengths[userTable[userSource[i] - userOffset]]++;
  const userCursor = offsetsOf(rowLengths);
  const indices = memory.int32(count);
  const values = memory.float32(count);
  const stamps = timestamps ? new Uint32Array(count) : null;
  for (let i = 0; i < count; i++) {
    const at = userCursor[userTable[userSource[i] - userOffset]]++;
    indices[at] = itemTable[itemSource[i] - itemOffset];
    values[at] = ratings[i];
    if (stamps) stamps[at] = timestamps![i];
  }
  const indptr = offsetsOf(rowLengths, memory);
  // Rows out of column order in a file not grouped by user (u.data): a stable merge sort per row, in place.
  if (order === 'any') sortEachRow(indptr, indices, values, stamps);
  return { indptr, indices, values, stamps, rowLengths, byItem: null };
}

/**
 * The transpose of `csr` (with `columns` columns) by counting sort: row indices come out ascending. `extra`, a
 * per-entry array (timestamps), is permuted alongside. The matrix and its row lengths are allocated in `memory`.
 */
export function transposeCsr(
  csr: Csr,
  columns: number,
  extra: Uint32Array | null = null,
  memory: ArrayMemory = privateMemory,
): { csr: Csr; rowLengths: Int32Array; extra: Uint32Array | null } {
  const { indptr, indices, values } = csr;
  const rows = indptr.length - 1;
  const rowLengths = memory.int32(columns);
  for (let k = 0; k < indices.length; k++) rowLengths[indices[k]]++;
  const tIndptr = offsetsOf(rowLengths, memory);
  const cursor = tIndptr.slice(0, columns);
  const tIndices = memory.int32(indices.length);
  const tValues = memory.float32(indices.length);
  const tExtra = extra ? new Uint32Array(indices.length) : null;
  for (let r = 0; r < rows; r++) {
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const at = cursor[indices[k]]++;
      tIndices[at] = r;
      tValues[at] = values[k];
      if (tExtra) tExtra[at] = extra![k];
    }
  }
  return { csr: { indptr: tIndptr, indices: tIndices, values: tValues }, rowLengths, extra: tExtra };
}

/**
 * transposeCsr without `extra`, in slices of about `slice` entries with `pause()` awaited between them (on the page,
 * a yield). A column index outside 0..columns-1 (a damaged saved record) answers null instead of a matrix.
 */
export async function transposeCsrInSlices(
  csr: Csr,
  columns: number,
  memory: ArrayMemory,
  pause: () => Promise<void>,
  slice = 1 << 16,
): Promise<Csr | null> {
  const { indptr, indices, values } = csr;
  const rows = indptr.length - 1;
  const counts = new Int32Array(columns);
  for (let from = 0; from < indices.length; from += slice) {
    const to = Math.min(from + slice, indices.length);
    for (let k = from; k < to; k++) {
      const column = indices[k];
      if (!(column >= 0 && column < columns)) return null;
      counts[column]++;
    }
    await pause();
  }
  const tIndptr = offsetsOf(counts, memory);
  const cursor = tIndptr.slice(0, columns);
  const tIndices = memory.int32(indices.length);
  const tValues = memory.float32(indices.length);
  // Fresh memory is faulted in page by page as it is first written (3-8 ms a MB here): scattered writes would fault
  // all of it in the first slice (48 ms at 1.6M ratings), so it is written once in order, 1 MB a slice.
  for (let from = 0; from < indices.length; from += 1 << 17) {
    tIndices.fill(0, from, from + (1 << 17));
    tValues.fill(0, from, from + (1 << 17));
    await pause();
  }
  for (let r = 0; r < rows;) {
    const start = indptr[r];
    for (; r < rows && indptr[r] - start < slice; r++) {
      for (let k = indptr[r]; k < indptr[r + 1]; k++) {
        const at = cursor[indices[k]]++;
        tIndices[at] = r;
        tValues[at] = values[k];
      }
    }
    await pause();
  }
  return { indptr: tIndptr, indices: tIndices, values: tValues };
}

/**
 * Whether a file grouped by user (as MovieLens files are) repeats a (user, movie) pair: one sequential pass that
 * marks each movie with the user run that last rated it. Null when the answer is not cheap (rows not grouped by
 * user, or movie ids spread too widely for a table); the caller then keeps the timestamps.
 */
export function repeatsInGroupedRatings(userIds: Int32Array, movieIds: Int32Array, count: number): boolean | null {
  let min = 2147483647;
  let max = -2147483648;
  for (let i = 0; i < count; i++) {
    if (i > 0 && userIds[i] < userIds[i - 1]) return null;
    const id = movieIds[i];
    if (id < min) min = id;
    if (id > max) max = id;
  }
  if (count === 0 || max - min + 1 > MAX_TABLE_RANGE) return count === 0 ? false : null;
  const lastRun = new Int32Array(max - min + 1).fill(-1);
  let run = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && userIds[i] !== userIds[i - 1]) run++;
    const slot = movieIds[i] - min;
    if (lastRun[slot] === run) return true;
    lastRun[slot] = run;
  }
  return false;
}
