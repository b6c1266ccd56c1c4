/**
 * A CSR matrix that knows its shape. `Csr` (src/data/types.ts) leaves the shape to the Dataset; the metrics need it
 * on the matrix itself because a split keeps the shape and AUC counts negatives as `columns - |liked|`.
 */
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
 * Builds a CSR from (row, column, value) triples in linear time (counting sort by row, then by column within rows).
 * Duplicate (row, column) pairs are summed, as scipy's `csr_matrix((data, (row, col)))` does.
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
  // Pass 1: bucket by column (stable), pass 2: bucket by row (stable) => rows in order, columns ascending within rows.
  const byColumn = stableBucketOrder(columnIndex, columns, identityOrder(count));
  const order = stableBucketOrder(rowIndex, rows, byColumn);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(count);
  const data = new Float32Array(count);
  let stored = 0;
  let previousRow = -1;
  let previousColumn = -1;
  for (let position = 0; position < count; position++) {
    const entry = order[position];
    const row = rowIndex[entry];
    const column = columnIndex[entry];
    if (row === previousRow && column === previousColumn) {
      data[stored - 1] += values[entry];
      continue;
    }
    indices[stored] = column;
    data[stored] = values[entry];
    indptr[row + 1]++;
    stored++;
    previousRow = row;
    previousColumn = column;
  }
  for (let row = 0; row < rows; row++) indptr[row + 1] += indptr[row];
  return { indptr, indices: indices.slice(0, stored), values: data.slice(0, stored), rows, columns };
}

function identityOrder(count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

/** Counting sort of `order` by `keys[order[i]]` in 0..buckets-1, stable. */
function stableBucketOrder(keys: ArrayLike<number>, buckets: number, order: Int32Array): Int32Array {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]];
    if (!(key >= 0 && key < buckets && Number.isInteger(key))) {
      throw new RangeError(`index ${key} at entry ${order[i]} is outside 0..${buckets - 1}`);
    }
    start[key + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[start[keys[order[i]]]++] = order[i];
  return sorted;
}
