/** csrFromTriples and withShape: the CSR helpers the metrics tests and callers build matrices with. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csrFromTriples, withShape } from '../../src/metrics/matrix';

describe('csrFromTriples', () => {
  it('sorts rows and columns, sums duplicates (as scipy does) and keeps empty rows', () => {
    // Triples given out of order; (2, 1) appears twice.
    const matrix = csrFromTriples(4, 3, [2, 0, 2, 2, 0], [1, 2, 0, 1, 0], [1, 2, 3, 4, 5]);
    expect(Array.from(matrix.indptr)).toEqual([0, 2, 2, 4, 4]);
    expect(Array.from(matrix.indices)).toEqual([0, 2, 0, 1]);
    expect(Array.from(matrix.values)).toEqual([5, 2, 3, 5]);
    expect([matrix.rows, matrix.columns]).toEqual([4, 3]);
  });

  it('names the entry whose index is out of range', () => {
    expect(() => csrFromTriples(2, 2, [0, 1], [0, 2], [1, 1])).toThrow(/index 2 at entry 1/);
    expect(() => csrFromTriples(2, 2, [0, -1], [0, 1], [1, 1])).toThrow(/index -1 at entry 1/);
  });

  it('holds the same sums as a dense matrix filled triple by triple', () => {
    const triples = fc
      .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
      .chain(({ rows, columns }) =>
        fc.record({
          rows: fc.constant(rows),
          columns: fc.constant(columns),
          entries: fc.array(fc.tuple(fc.nat(rows - 1), fc.nat(columns - 1), fc.integer({ min: 1, max: 9 }))),
        }),
      );
    fc.assert(
      fc.property(triples, ({ rows, columns, entries }) => {
        const dense = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
        for (const [row, column, value] of entries) dense[row][column] += value;
        const matrix = csrFromTriples(
          rows,
          columns,
          entries.map((e) => e[0]),
          entries.map((e) => e[1]),
          entries.map((e) => e[2]),
        );
        const rebuilt = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
        for (let row = 0; row < rows; row++) {
          for (let k = matrix.indptr[row]; k < matrix.indptr[row + 1]; k++) {
            if (k > matrix.indptr[row]) expect(matrix.indices[k]).toBeGreaterThan(matrix.indices[k - 1]);
            rebuilt[row][matrix.indices[k]] = matrix.values[k];
          }
        }
        expect(rebuilt).toEqual(dense);
      }),
    );
  });
});

describe('withShape', () => {
  it('refuses a shape that does not fit indptr', () => {
    const csr = csrFromTriples(2, 2, [0], [1], [1]);
    expect(withShape(csr, 2, 2).columns).toBe(2);
    expect(() => withShape(csr, 3, 2)).toThrow(/3 rows need 4/);
  });
});
