import fc from 'fast-check';
import { expect, it } from 'vitest';
import { indexOfIds, indexOfIdsOrEmpty } from '../../src/state/id-index.ts';

it('maps each id to its row, once per id array', () => {
  const ids = Int32Array.of(10, 3, 7);
  const index = indexOfIds(ids);
  expect([10, 3, 7, 4].map((id) => index.get(id))).toEqual([0, 1, 2, undefined]);
  // The same array (a dataset replaced by one with the same ids) keeps its index; equal ids in another array do not.
  expect(indexOfIds(ids)).toBe(index);
  const again = indexOfIds(ids.slice());
  expect(again).not.toBe(index);
  expect([10, 3, 7, 4].map((id) => again.get(id))).toEqual([0, 1, 2, undefined]);
  expect(indexOfIdsOrEmpty(undefined).size).toBe(0);
  expect(indexOfIdsOrEmpty(undefined).has(10)).toBe(false);
});

it('finds the row of every id, and no row for any other, in ascending ids and in any order', () => {
  const idSets = fc.uniqueArray(fc.integer({ min: -5, max: 300 }), { maxLength: 60 });
  fc.assert(
    fc.property(idSets, fc.boolean(), fc.array(fc.integer({ min: -10, max: 310 })), (unique, sort, probes) => {
      const ids = Int32Array.from(sort ? [...unique].sort((a, b) => a - b) : unique);
      const index = indexOfIds(ids);
      expect(index.size).toBe(ids.length);
      for (const id of [...ids, ...probes]) {
        const row = ids.indexOf(id);
        expect(index.get(id)).toBe(row < 0 ? undefined : row);
        expect(index.has(id)).toBe(row >= 0);
      }
    }),
  );
});
