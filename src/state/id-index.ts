/**
 * The row of each MovieLens id. A dataset's ids are in ascending order (the reader numbers them so), so a row is
 * found by binary search in the id array itself, with nothing built when a dataset arrives: a Map of ml-32m's
 * 84,432 films cost 15-30 ms in the task that shows the new dataset (and 200,948 users more). Ids in any other
 * order get a Map, built once per array.
 */
import { lowerBound } from '../data/csr.ts';

/** id -> row of an id array: the part of a Map the page uses. */
export interface IdRows {
  get(id: number): number | undefined;
  has(id: number): boolean;
  readonly size: number;
}

const indexes = new WeakMap<Int32Array, IdRows>();

/** id -> row of `ids`; the same index for the same array. */
export function indexOfIds(ids: Int32Array): IdRows {
  let index = indexes.get(ids);
  if (!index) {
    index = ascending(ids) ? sortedRows(ids) : mapRows(ids);
    indexes.set(ids, index);
  }
  return index;
}

const NO_IDS: IdRows = new Map();

/** indexOfIds, or an empty index without ids. */
export function indexOfIdsOrEmpty(ids: Int32Array | undefined): IdRows {
  return ids ? indexOfIds(ids) : NO_IDS;
}

function ascending(ids: Int32Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i] <= ids[i - 1]) return false;
  return true;
}

/** Binary search in strictly ascending ids. */
function sortedRows(ids: Int32Array): IdRows {
  const get = (id: number): number | undefined => {
    const row = lowerBound(ids, id);
    return row < ids.length && ids[row] === id ? row : undefined;
  };
  return { get, has: (id) => get(id) !== undefined, size: ids.length };
}

function mapRows(ids: Int32Array): IdRows {
  const map = new Map<number, number>();
  ids.forEach((id, row) => map.set(id, row));
  return map;
}
