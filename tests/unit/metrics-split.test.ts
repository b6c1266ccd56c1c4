/** trainTestSplit: implicit's semantics (independent draw per rating, non-positive test values dropped), seeded. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csrFromTriples, type SizedCsr } from '../../src/metrics/matrix';
import { trainTestSplit } from '../../src/metrics/split';

/** All stored entries as "row,column,value" strings, for set comparisons. */
function entries(matrix: SizedCsr): string[] {
  const out: string[] = [];
  for (let row = 0; row < matrix.rows; row++) {
    for (let e = matrix.indptr[row]; e < matrix.indptr[row + 1]; e++) {
      out.push(`${row},${matrix.indices[e]},${matrix.values[e]}`);
    }
  }
  return out;
}

function ascendingWithinRows(matrix: SizedCsr): boolean {
  for (let row = 0; row < matrix.rows; row++) {
    for (let e = matrix.indptr[row] + 1; e < matrix.indptr[row + 1]; e++) {
      if (matrix.indices[e - 1] >= matrix.indices[e]) return false;
    }
  }
  return true;
}

/** A random sparse matrix with distinct (row, column) pairs and positive half-star ratings. */
const sparseMatrix = fc
  .record({ rows: fc.integer({ min: 1, max: 12 }), columns: fc.integer({ min: 1, max: 15 }) })
  .chain(({ rows, columns }) =>
    fc
      .uniqueArray(fc.tuple(fc.nat(rows - 1), fc.nat(columns - 1), fc.integer({ min: 1, max: 10 })), {
        selector: ([row, column]) => `${row},${column}`,
        maxLength: rows * columns,
      })
      .map((triples) =>
        csrFromTriples(
          rows,
          columns,
          triples.map((t) => t[0]),
          triples.map((t) => t[1]),
          triples.map((t) => t[2] / 2),
        ),
      ),
  );

/** A users x items matrix with about `density` of its cells rated, from a fixed seed. */
function denseishMatrix(rows: number, columns: number, density: number): SizedCsr {
  const rowIndex: number[] = [];
  const columnIndex: number[] = [];
  let state = 12345;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      if (state / 2 ** 32 < density) {
        rowIndex.push(row);
        columnIndex.push(column);
      }
    }
  }
  return csrFromTriples(
    rows,
    columns,
    rowIndex,
    columnIndex,
    rowIndex.map(() => 4),
  );
}

describe('trainTestSplit', () => {
  it('partitions the ratings: train and test are disjoint, their union is everything, shapes are kept', () => {
    fc.assert(
      fc.property(sparseMatrix, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (matrix, share, seed) => {
        const { train, test } = trainTestSplit(matrix, share, seed);
        const trainEntries = entries(train);
        const testEntries = entries(test);
        expect([...trainEntries, ...testEntries].sort()).toEqual(entries(matrix).sort());
        expect(new Set([...trainEntries, ...testEntries]).size).toBe(trainEntries.length + testEntries.length);
        expect([train.rows, train.columns, test.rows, test.columns]).toEqual([
          matrix.rows,
          matrix.columns,
          matrix.rows,
          matrix.columns,
        ]);
        expect(ascendingWithinRows(train) && ascendingWithinRows(test)).toBe(true);
      }),
    );
  });

  it('is reproducible from its seed and changes with it', () => {
    const matrix = denseishMatrix(200, 300, 0.1);
    const first = trainTestSplit(matrix, 0.8, 7);
    const again = trainTestSplit(matrix, 0.8, 7);
    const other = trainTestSplit(matrix, 0.8, 8);
    expect(entries(again.test)).toEqual(entries(first.test));
    expect(entries(other.test)).not.toEqual(entries(first.test));
  });

  it('puts about trainPercentage of the ratings in train (each rating drawn independently)', () => {
    const matrix = denseishMatrix(300, 400, 0.2);
    const total = matrix.indices.length;
    for (const share of [0.8, 0.5]) {
      const { train } = trainTestSplit(matrix, share, 1);
      // Binomial(total, share): 5 standard deviations is far beyond chance for a correct split.
      const tolerance = 5 * Math.sqrt((share * (1 - share)) / total);
      expect(Math.abs(train.indices.length / total - share)).toBeLessThan(tolerance);
    }
  });

  it('keeps every rating in train at 1 and none at 0', () => {
    const matrix = denseishMatrix(20, 30, 0.3);
    expect(trainTestSplit(matrix, 1, 3).test.indices.length).toBe(0);
    expect(trainTestSplit(matrix, 0, 3).train.indices.length).toBe(0);
  });

  it('drops non-positive values from test only, as implicit zeroes and eliminates them', () => {
    // Row 0 holds a 0 and a -1 rating, row 1 positive ones.
    const matrix = csrFromTriples(2, 3, [0, 0, 0, 1, 1], [0, 1, 2, 0, 2], [0, -1, 3, 2, 5]);
    const allTest = trainTestSplit(matrix, 0, 1);
    expect(entries(allTest.test)).toEqual(['0,2,3', '1,0,2', '1,2,5']);
    const allTrain = trainTestSplit(matrix, 1, 1);
    expect(entries(allTrain.train)).toEqual(entries(matrix));
  });

  it('rejects a share outside [0, 1]', () => {
    expect(() => trainTestSplit(denseishMatrix(2, 2, 1), 1.5)).toThrow(/\[0, 1\]/);
  });
});
