import { expect, it } from 'vitest';
import { indexOfIds, indexOfIdsOrEmpty } from '../../src/state/id-index.ts';

it('maps each id to its row, once per id array', () => {
  const ids = Int32Array.of(10, 3, 7);
  const index = indexOfIds(ids);
  expect([...index]).toEqual([
    [10, 0],
    [3, 1],
    [7, 2],
  ]);
  // The same array (a dataset replaced by one with the same ids) keeps its map; equal ids in another array do not.
  expect(indexOfIds(ids)).toBe(index);
  expect(indexOfIds(ids.slice())).not.toBe(index);
  expect(indexOfIds(ids.slice())).toEqual(index);
  expect(indexOfIdsOrEmpty(undefined).size).toBe(0);
});
