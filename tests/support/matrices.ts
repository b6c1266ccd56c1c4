/** Small seeded rating matrices for engine tests, built directly as a Dataset (both CSR directions). */
import { datasetFromCsr } from '../../src/data/build';
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
  return datasetFromCsr({ indptr, indices, values }, items, 'test');
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
