/**
 * Assembles a Dataset from the parts the reader holds: the CSR pair from the ratings, the catalogue from the rest.
 * Every call builds fresh private arrays, because the worker transfers them away with each result; matrices in
 * shared memory stay where they are and are used again as they are.
 */
import { buildCatalog, type CatalogParts } from './catalog.ts';
import {
  isShared,
  ownArray,
  privateMemory,
  ratingsToCsr,
  repeatsInGroupedRatings,
  transposeCsr,
  type ArrayMemory,
  type CsrBuild,
} from './csr.ts';
import type { RatingsPart } from './formats/format.ts';
import { releaseNow } from './growable.ts';
import { releaseName } from './release-name.ts';
import type { Catalog, Csr, Dataset } from './types.ts';

/** The name shown for the built-in sample. */
export const SAMPLE_NAME = 'Sample catalogue (synthetic)';

/** How the dataset should be labelled. */
export interface DatasetLabel {
  /** A fixed name (the sample), or null to derive one from the ratings file. */
  name: string | null;
  synthetic: boolean;
}

/** Builds the Dataset from ratings and catalogue parts (its matrices in `memory`), with notes for a person. */
export function buildDataset(
  ratings: RatingsPart,
  catalogParts: CatalogParts,
  label: DatasetLabel = { name: null, synthetic: false },
  memory: ArrayMemory = privateMemory,
): { dataset: Dataset; notes: string[] } {
  const csr = ratings.built ? fromBuilt(ratings.built, memory) : firstBuild(ratings, memory);
  const { catalog, notes } = buildCatalog(csr.itemIds, catalogParts);
  if (csr.duplicates > 0) {
    notes.unshift(
      `${ratings.file} has ${csr.duplicates.toLocaleString('en-US')} repeated ratings of the same ` +
        '(user, movie) pair; the latest of each pair by timestamp was kept (on a tie, the last rating in the file).',
    );
  }
  const users = csr.userIds.length;
  const nnz = csr.userItems.indices.length;
  const name = label.name ?? releaseName({ file: ratings.file, fromZip: ratings.fromZip, ratings: nnz, users });
  return { dataset: assembleDataset(csr, catalog, name, label.synthetic), notes };
}

/**
 * The first build from a parsed ratings part. The part then keeps the users x items matrix it built instead of
 * its parsed columns (8 bytes a rating instead of 12-16), and the columns are freed as soon as the build has read
 * them, before its last matrix is allocated: the peak of a load stays under twice the final matrices. In shared
 * memory the part keeps the dataset's own matrix, not a copy.
 */
function firstBuild(ratings: RatingsPart, memory: ArrayMemory): CsrBuild {
  const { userIds, movieIds } = ratings;
  // Timestamps only ever decide between repeats: when a cheap check finds none, let them go before the build
  // allocates its matrices (4 bytes a rating, a quarter of the parsed columns).
  if (ratings.timestamps && repeatsInGroupedRatings(userIds, movieIds, userIds.length) === false) {
    // Now, not whenever the collector runs (measured in Chromium).
    releaseNow(ratings.timestamps);
    ratings.timestamps = null;
  }
  const freeInput = (): void => {
    for (const column of [ratings.userIds, ratings.movieIds, ratings.ratings, ratings.timestamps]) {
      if (column) releaseNow(column);
    }
    ratings.userIds = ratings.movieIds = new Int32Array(0);
    ratings.ratings = new Float32Array(0);
    ratings.timestamps = null;
  };
  const csr = ratingsToCsr(
    userIds,
    movieIds,
    ratings.ratings,
    userIds.length,
    ratings.timestamps ?? null,
    freeInput,
    memory,
  );
  ratings.built = {
    userIds: csr.userIds.slice(),
    itemIds: csr.itemIds.slice(),
    userItems: ownCsr(csr.userItems),
    duplicates: csr.duplicates,
    ...(csr.arena ? { arena: csr.arena, itemUsers: csr.itemUsers, itemCounts: csr.itemCounts } : {}),
  };
  return csr;
}

/**
 * A CSR pair from a part built before. A pair in an arena is used again as it is (the page and the workers view the
 * same bytes); otherwise private arrays are copied (the worker transfers the dataset's away) and the transpose is
 * built again, both in `memory`, so a dataset's matrices are all in one arena or none.
 */
function fromBuilt(built: NonNullable<RatingsPart['built']>, memory: ArrayMemory): CsrBuild {
  const userIds = built.userIds.slice();
  const itemIds = built.itemIds.slice();
  const { duplicates } = built;
  if (built.arena && built.itemUsers && built.itemCounts) {
    const { userItems, itemUsers, itemCounts, arena } = built;
    return { userIds, itemIds, userItems, itemUsers, itemCounts, duplicates, arena };
  }
  const userItems = memory.arena ? copyCsr(built.userItems, memory) : ownCsr(built.userItems);
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(userItems, built.itemIds.length, null, memory);
  return {
    userIds,
    itemIds,
    userItems,
    itemUsers,
    itemCounts,
    duplicates,
    ...(memory.arena ? { arena: memory.arena } : {}),
  };
}

/** A copy of `csr` allocated in `memory`. */
function copyCsr(csr: Csr, memory: ArrayMemory): Csr {
  const indptr = memory.int32(csr.indptr.length);
  indptr.set(csr.indptr);
  const indices = memory.int32(csr.indices.length);
  indices.set(csr.indices);
  const values = memory.float32(csr.values.length);
  values.set(csr.values);
  return { indptr, indices, values };
}

/** A CSR the reader may keep beside a dataset it hands over: shared arrays as they are, private ones copied. */
function ownCsr(csr: Csr): Csr {
  return { indptr: ownArray(csr.indptr), indices: ownArray(csr.indices), values: ownArray(csr.values) };
}

/** The Dataset made of a CSR pair and its catalogue; the arrays are used as they are, not copied. */
export function assembleDataset(csr: CsrBuild, catalog: Catalog, name: string, synthetic: boolean): Dataset {
  return {
    name,
    synthetic,
    users: csr.userIds.length,
    items: csr.itemIds.length,
    nnz: csr.userItems.indices.length,
    userIds: csr.userIds,
    itemIds: csr.itemIds,
    userItems: csr.userItems,
    itemUsers: csr.itemUsers,
    itemCounts: csr.itemCounts,
    catalog,
    ...(csr.arena ? { arena: csr.arena } : {}),
  };
}

/**
 * A Dataset from a users x items CSR whose indices are already dense: ids are index + 1, titles are placeholders,
 * and every item index is kept, rated or not (the engine's warm-up and tests, which need an exact shape).
 */
export function datasetFromCsr(userItems: Csr, items: number, name: string): Dataset {
  const users = userItems.indptr.length - 1;
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(userItems, items);
  const userIds = Int32Array.from({ length: users }, (_, u) => u + 1);
  const itemIds = Int32Array.from({ length: items }, (_, i) => i + 1);
  const { catalog } = buildCatalog(itemIds, { movies: null, links: null, posters: null });
  return assembleDataset({ userIds, itemIds, userItems, itemUsers, itemCounts, duplicates: 0 }, catalog, name, true);
}

/**
 * Every private ArrayBuffer of a dataset, for `transfer` (each typed array owns its buffer: none is a view of
 * another). Shared memory is never transferred: the page and the workers see the same bytes.
 */
export function datasetBuffers(dataset: Dataset): ArrayBuffer[] {
  const { catalog } = dataset;
  const arrays = [
    dataset.userIds,
    dataset.itemIds,
    ...ratingArrays(dataset),
    catalog.years,
    catalog.imdbIds,
    catalog.tmdbIds,
  ];
  return [...new Set(arrays.filter((a) => !isShared(a)).map((a) => a.buffer as ArrayBuffer))];
}

/** The arrays sized by ratings: both CSR directions and the item counts (those an arena holds). */
export function ratingArrays(dataset: Dataset): (Int32Array | Float32Array)[] {
  const { userItems, itemUsers } = dataset;
  return [...[userItems, itemUsers].flatMap((csr) => [csr.indptr, csr.indices, csr.values]), dataset.itemCounts];
}
