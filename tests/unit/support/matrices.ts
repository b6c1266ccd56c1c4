/** Small seeded rating matrices for engine tests, built directly as a Dataset (both CSR directions). */
import type { Csr, Dataset } from '../../../src/data/types';
import { mulberry32 } from '../../../src/data/random';

/** Transposes a CSR with `cols` columns. */
export function transpose(csr: Csr, cols: number): Csr {
  const nnz = csr.indices.length;
  const indptr = new Int32Array(cols + 1);
  for (let j = 0; j < nnz; j++) indptr[csr.indices[j] + 1]++;
  for (let c = 0; c < cols; c++) indptr[c + 1] += indptr[c];
  const fill = indptr.slice(0, cols);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r + 1 < csr.indptr.length; r++) {
    for (let j = csr.indptr[r]; j < csr.indptr[r + 1]; j++) {
      const at = fill[csr.indices[j]]++;
      indices[at] = r;
      values[at] = csr.values[j];
    }
  }
  return { indptr, indices, values };
}

/** A Dataset from per-row lists of [column, rating]. */
export function datasetFromRows(rows: [number, number][][], items: number): Dataset {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => (indptr[r + 1] = indptr[r] + row.length));
  const indices = new Int32Array(indptr[rows.length]);
  const values = new Float32Array(indptr[rows.length]);
  rows.forEach((row, r) => {
    [...row].sort((a, b) => a[0] - b[0]).forEach(([c, v], j) => {
      indices[indptr[r] + j] = c;
      values[indptr[r] + j] = v;
    });
  });
  const userItems = { indptr, indices, values };
  const itemUsers = transpose(userItems, items);
  const itemCounts = new Int32Array(items);
  for (let i = 0; i < items; i++) itemCounts[i] = itemUsers.indptr[i + 1] - itemUsers.indptr[i];
  return {
    name: 'test', synthetic: true, users: rows.length, items, nnz: indices.length,
    userIds: Int32Array.from(rows.keys(), (r) => r + 1), itemIds: Int32Array.from({ length: items }, (_, i) => i + 1),
    userItems, itemUsers, itemCounts,
    catalog: {
      titles: Array.from({ length: items }, (_, i) => `Item ${i}`), years: new Int16Array(items),
      genres: Array.from({ length: items }, () => []), posterPaths: Array.from({ length: items }, () => ''),
      imdbIds: new Int32Array(items), tmdbIds: new Int32Array(items),
    },
  };
}

/** A random users x items matrix; row lengths vary from 0 to maxPerRow so the 4-wide loops leave remainders. */
export function randomDataset(users: number, items: number, maxPerRow: number, seed: number): Dataset {
  const random = mulberry32(seed);
  const rows: [number, number][][] = [];
  for (let u = 0; u < users; u++) {
    const length = Math.floor(random() * (maxPerRow + 1));
    const seen = new Set<number>();
    const row: [number, number][] = [];
    while (row.length < Math.min(length, items)) {
      const i = Math.floor(random() * items);
      if (seen.has(i)) continue;
      seen.add(i);
      row.push([i, 0.5 + Math.floor(random() * 10) / 2]);
    }
    rows.push(row);
  }
  return datasetFromRows(rows, items);
}
