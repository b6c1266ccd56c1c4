/**
 * The row of each MovieLens id, built once per id array: a dataset replaced by one with the same ids (a reopened
 * dataset whose ratings arrived after its head, a catalogue dropped later) keeps its maps instead of rebuilding
 * them (200,948 users and 84,432 films at ml-32m, in the task that shows the new dataset).
 */
const indexes = new WeakMap<Int32Array, ReadonlyMap<number, number>>();

/** id -> row of `ids`; the same Map for the same array. */
export function indexOfIds(ids: Int32Array): ReadonlyMap<number, number> {
  let index = indexes.get(ids);
  if (!index) {
    // Built once and never changed afterwards: a plain Map, not a reactive one.
    const map = new Map<number, number>();
    ids.forEach((id, row) => map.set(id, row));
    indexes.set(ids, map);
    index = map;
  }
  return index;
}

const NO_IDS: ReadonlyMap<number, number> = new Map();

/** indexOfIds, or an empty map without ids. */
export function indexOfIdsOrEmpty(ids: Int32Array | undefined): ReadonlyMap<number, number> {
  return ids ? indexOfIds(ids) : NO_IDS;
}
