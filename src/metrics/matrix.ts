/**
 * A CSR matrix that knows its shape. `Csr` (src/data/types.ts) leaves the shape to the Dataset; the metrics need it
 * on the matrix itself because a split keeps the shape and AUC counts negatives as `columns - |liked|`.
 */
import { transposeCsr } from '../data/csr';
import type { Csr } from '../data/types';

/** A CSR matrix plus its row and column counts (users x items for the metrics). */
export interface SizedCsr extends Csr {
  rows: number;
  columns: number;
}

/** Wraps a Dataset-style CSR with its shape, e.g. `withShape(dataset.userItems, dataset.users, dataset.items)`. */
export function withShape(csr: Csr, rows: number, columns: number): SizedCsr {
  if (csr.indptr.length !== rows + 1) {
    throw new RangeError(`indptr has ${csr.indptr.length} offsets but ${rows} rows need ${rows + 1}`);
  }
  return { indptr: csr.indptr, indices: csr.indices, values: csr.values, rows, columns };
}

/**
 * Builds a CSR from (row, column, value) triples already given as indices 0..rows-1 and 0..columns-1, in linear time.
 * Rows come out with columns ascending and duplicate (row, column) pairs are summed, as scipy's
 * `csr_matrix((data, (row, col)), shape)` does. `ratingsToCsr` (../data/csr.ts) is the loader's contract instead:
 * it remaps original ids (so empty rows and columns vanish and the shape follows the data) and keeps the last of
 * repeated ratings; metrics fixtures need a fixed shape with empty rows and scipy's summing. The sort is the same:
 * `transposeCsr`'s stable counting sort, applied twice.
 */
export function csrFromTriples(
  rows: number,
  columns: number,
  rowIndex: ArrayLike<number>,
  columnIndex: ArrayLike<number>,
  values: ArrayLike<number>,
): SizedCsr {
  const count = rowIndex.length;
  if (columnIndex.length !== count || values.length !== count) {
    throw new RangeError(
      `triples differ in length: ${count} rows, ${columnIndex.length} columns, ${values.length} values`,
    );
  }
  checkIndices(columnIndex, columns);
  checkIndices(rowIndex, rows);
  // One row per entry, transposed: columns x entries, entries in input order within each column. Renaming each
  // entry to its row and transposing again gives rows x columns, columns ascending and repeats side by side.
  const perEntry: Csr = {
    indptr: Int32Array.from({ length: count + 1 }, (_, entry) => entry),
    indices: Int32Array.from(columnIndex),
    values: Float32Array.from(values),
  };
  const byColumn = transposeCsr(perEntry, columns).csr;
  for (let k = 0; k < count; k++) byColumn.indices[k] = rowIndex[byColumn.indices[k]];
  const { indptr, indices, values: data } = transposeCsr(byColumn, rows).csr;
  // Sum repeats in place (a write position never passes the read position).
  let stored = 0;
  let begin = 0;
  for (let row = 0; row < rows; row++) {
    const end = indptr[row + 1];
    for (let k = begin; k < end; k++) {
      if (k > begin && indices[k] === indices[k - 1]) {
        data[stored - 1] += data[k];
        continue;
      }
      indices[stored] = indices[k];
      data[stored++] = data[k];
    }
    indptr[row + 1] = stored;
    begin = end;
  }
  return { indptr, indices: indices.slice(0, stored), values: data.slice(0, stored), rows, columns };
}

/** Throws a RangeError naming the first entry whose index is not a whole number in 0..size-1. */
function checkIndices(index: ArrayLike<number>, size: number): void {
  for (let entry = 0; entry < index.length; entry++) {
    const value = index[entry];
    if (!(value >= 0 && value < size && Number.isInteger(value))) {
      throw new RangeError(`index ${value} at entry ${entry} is outside 0..${size - 1}`);
    }
  }
}
