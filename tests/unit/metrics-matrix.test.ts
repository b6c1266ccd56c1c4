/** csrFromTriples and withShape: the CSR helpers the metrics tests and callers build matrices with. */
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
  });
});

describe('withShape', () => {
  it('refuses a shape that does not fit indptr', () => {
    const csr = csrFromTriples(2, 2, [0], [1], [1]);
    expect(withShape(csr, 2, 2).columns).toBe(2);
    expect(() => withShape(csr, 3, 2)).toThrow(/3 rows need 4/);
  });
});
