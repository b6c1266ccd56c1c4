/**
 * Sorting each row of a CSR by column in place, stably (repeats keep file order, which the dedupe in csr.ts needs):
 * insertion sort for short rows, a bottom-up merge sort through one scratch buffer for long ones. Used for files not
 * grouped by user, such as ml-100k's u.data.
 */

/** Rows this short are insertion-sorted (stable, and fastest for small n). */
const INSERTION_ROW = 24;

/** Sorts every row of a CSR by column, stably, carrying values (and per-entry stamps). */
export function sortEachRow(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  stamps: Uint32Array | null,
): void {
  let longest = 0;
  for (let r = 0; r + 1 < indptr.length; r++) longest = Math.max(longest, indptr[r + 1] - indptr[r]);
  let scratch: { indices: Int32Array; values: Float32Array; stamps: Uint32Array | null } | null = null;
  for (let r = 0; r + 1 < indptr.length; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    let sorted = true;
    for (let k = start + 1; k < end && sorted; k++) sorted = indices[k - 1] <= indices[k];
    if (sorted) continue;
    if (end - start <= INSERTION_ROW) {
      insertionSort(indices, values, stamps, start, end);
      continue;
    }
    scratch ??= {
      indices: new Int32Array(longest),
      values: new Float32Array(longest),
      stamps: stamps ? new Uint32Array(longest) : null,
    };
    mergeSort(indices, values, stamps, start, end, scratch);
  }
}

function insertionSort(
  indices: Int32Array,
  values: Float32Array,
  stamps: Uint32Array | null,
  start: number,
  end: number,
): void {
  for (let k = start + 1; k < end; k++) {
    const index = indices[k];
    const value = values[k];
    const stamp = stamps ? stamps[k] : 0;
    let j = k - 1;
    for (; j >= start && indices[j] > index; j--) {
      indices[j + 1] = indices[j];
      values[j + 1] = values[j];
      if (stamps) stamps[j + 1] = stamps[j];
    }
    indices[j + 1] = index;
    values[j + 1] = value;
    if (stamps) stamps[j + 1] = stamp;
  }
}

/** Bottom-up stable merge sort of [start, end): insertion-sorted runs, then merges through `scratch`. */
function mergeSort(
  indices: Int32Array,
  values: Float32Array,
  stamps: Uint32Array | null,
  start: number,
  end: number,
  scratch: { indices: Int32Array; values: Float32Array; stamps: Uint32Array | null },
): void {
  for (let run = start; run < end; run += INSERTION_ROW) {
    insertionSort(indices, values, stamps, run, Math.min(end, run + INSERTION_ROW));
  }
  const { indices: si, values: sv, stamps: ss } = scratch;
  for (let width = INSERTION_ROW; start + width < end; width *= 2) {
    for (let left = start; left + width < end; left += 2 * width) {
      const middle = left + width;
      const right = Math.min(end, left + 2 * width);
      if (indices[middle - 1] <= indices[middle]) continue; // already in order
      // Copy the left half out, then merge back; ties take the left (earlier) entry, which keeps it stable.
      const n = middle - left;
      si.set(indices.subarray(left, middle));
      sv.set(values.subarray(left, middle));
      if (ss && stamps) ss.set(stamps.subarray(left, middle));
      let a = 0;
      let b = middle;
      let out = left;
      while (a < n && b < right) {
        if (indices[b] < si[a]) {
          indices[out] = indices[b];
          values[out] = values[b];
          if (stamps) stamps[out] = stamps[b];
          b++;
        } else {
          indices[out] = si[a];
          values[out] = sv[a];
          if (stamps) stamps[out] = ss![a];
          a++;
        }
        out++;
      }
      for (; a < n; a++, out++) {
        indices[out] = si[a];
        values[out] = sv[a];
        if (stamps) stamps[out] = ss![a];
      }
    }
  }
}
