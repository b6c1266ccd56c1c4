/** Small seeded rating matrices for engine tests, built directly as a Dataset (both CSR directions). */
import { transposeCsr } from '../../src/data/csr';
import type { Dataset } from '../../src/data/types';
import { mulberry32 } from '../../src/data/random';

/** A Dataset from per-row lists of [column, rating]. */
export function datasetFromRows(rows: [number, number][][], items: number): Dataset {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, r) => (indptr[r + 1] = indptr[r] + row.length));
  const indices = new Int32Array(indptr[rows.length]);
  const values = new Float32Array(indptr[rows.length]);
  rows.forEach((row, r) => {
    [...row]
      .sort((a, b) => a[0] - b[0])
      .forEach(([c, v], j) => {
        indices[indptr[r] + j] = c;
        values[indptr[r] + j] = v;
      });
  });
  const userItems = { indptr, indices, values };
  // Unlike ratingsToCsr, every item index is kept, rated or not, so tests control the shape exactly.
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(userItems, items);
  return {
    name: 'test',
    synthetic: true,
    users: rows.length,
    items,
    nnz: indices.length,
    userIds: Int32Array.from(rows.keys(), (r) => r + 1),
    itemIds: Int32Array.from({ length: items }, (_, i) => i + 1),
    userItems,
    itemUsers,
    itemCounts,
    catalog: {
      titles: Array.from({ length: items }, (_, i) => `Item ${i}`),
      years: new Int16Array(items),
      genres: Array.from({ length: items }, () => []),
      posterPaths: Array.from({ length: items }, () => ''),
      imdbIds: new Int32Array(items),
      tmdbIds: new Int32Array(items),
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
