/**
 * A Dataset saved as two containers (format in README.md): the _head_ ("MRQDHEAD": id maps, item counts, the
 * catalogue's typed arrays and each string field as text + offsets, strings.ts), which is all a restored model's
 * wall and search need, and the _ratings_ ("MRQDRATE": the users x items CSR, its ratings one byte each when they are
 * half-stars; the items x users direction is rebuilt by counting sort as it is read, in slices). A reload reads the
 * head first and shows the wall while the ratings follow. Records of layout 1 hold both directions in f32 (three
 * times the bytes at ml-32m), and those saved before the split everything in one container ("MRQDATA1"); both still
 * read.
 */
import { memoryHere, transposeCsrInSlices, type ArrayMemory } from '../data/csr.ts';
import { halfStarsOf } from '../data/half-stars.ts';
import type { Catalog, Csr, Dataset } from '../data/types.ts';
import {
  containerBytes,
  FormatError,
  packBytes,
  unpackContainer,
  type ContainerBytes,
  type SectionArray,
} from './container.ts';
import {
  STRING_FIELDS,
  STRING_LIST_FIELDS,
  unpackCatalogStrings,
  type PackedCatalogStrings,
} from './catalog-strings.ts';
import { SLICE_BYTES, yieldToPage } from './slices.ts';
import { packStringLists, packStrings, putStringLists, putStrings } from './strings.ts';

/** Magic of a whole dataset in one container (records saved before the head and ratings were split). */
export const DATASET_MAGIC = 'MRQDATA1';
/** Magic of a dataset's head: what the wall and search need. */
export const HEAD_MAGIC = 'MRQDHEAD';
/** Magic of a dataset's ratings: the users x items CSR (layout 1: both directions). */
export const RATINGS_MAGIC = 'MRQDRATE';
/**
 * Version of the dataset layout inside the containers; bump it (and migrate in records.ts) when it changes. Layout 2
 * saves one CSR direction, with half-star ratings in one byte; layout 1 (both directions, f32) still reads.
 */
export const DATASET_VERSION = 2;
const LAYOUTS_READ = [1, 2];

/** A dataset's saved form: head and ratings, each a container of its own. */
export interface DatasetParts<T> {
  head: T;
  ratings: T;
}

/**
 * A dataset as container bytes made while they are written (ContainerBytes): they are read from the dataset's own
 * arrays then, so these must stay as they are until the last chunk is written.
 */
export function datasetBytes(dataset: Dataset): DatasetParts<ContainerBytes> {
  const header = { datasetVersion: DATASET_VERSION, users: dataset.users, items: dataset.items, nnz: dataset.nnz };
  return {
    head: containerBytes(
      HEAD_MAGIC,
      { ...header, name: dataset.name, synthetic: dataset.synthetic },
      headSections(dataset),
    ),
    ratings: containerBytes(RATINGS_MAGIC, header, ratingSections(dataset)),
  };
}

/** Packs a dataset's head and ratings, in slices (see container.ts). */
export async function packDataset(dataset: Dataset): Promise<DatasetParts<ArrayBuffer>> {
  const { head, ratings } = datasetBytes(dataset);
  return { head: await packBytes(head), ratings: await packBytes(ratings) };
}

function headSections(dataset: Dataset): Record<string, SectionArray> {
  const { catalog } = dataset;
  const sections: Record<string, SectionArray> = {
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
    itemCounts: dataset.itemCounts,
    years: catalog.years,
    imdbIds: catalog.imdbIds,
    tmdbIds: catalog.tmdbIds,
  };
  // A field the catalogue does not have (yet) is simply not written; reading fills it in.
  for (const field of STRING_FIELDS) if (catalog[field]) putStrings(sections, field, catalog[field]);
  for (const field of STRING_LIST_FIELDS) if (catalog[field]) putStringLists(sections, field, catalog[field]);
  return sections;
}

/**
 * The ratings container: the users x items CSR, its ratings as half-stars (u8, `userItems.halfStars`) when every one
 * is one, else f32 (a weighting's). It also holds the item counts (4 bytes a film), so they join the matrices in one
 * arena. 9 bytes a rating at most, 5 for MovieLens's stars (both directions in f32 were 16).
 */
function ratingSections(dataset: Dataset): Record<string, SectionArray> {
  const { indptr, indices, values } = dataset.userItems;
  const halfStars = halfStarsOf(values);
  return {
    itemCounts: dataset.itemCounts,
    'userItems.indptr': indptr,
    'userItems.indices': indices,
    ...(halfStars ? { 'userItems.halfStars': halfStars } : { 'userItems.values': values }),
  };
}

/** The arrays workers are given from the head (queries, evaluation): shared where the page can share memory. */
const SHARED_HEAD = ['userIds', 'itemIds', 'itemCounts'];
/**
 * The ratings' arrays: in an arena where the page can share memory (a fit then trains on them in place). Half-stars
 * are read privately and widened into the arena.
 */
const RATING_SECTIONS = [
  'itemCounts',
  ...['userItems', 'itemUsers'].flatMap((csr) => [`${csr}.indptr`, `${csr}.indices`, `${csr}.values`]),
];

/**
 * Reads a dataset: its head and ratings, or one container saved before they were split. A catalogue field missing
 * from an older record is filled with empty values.
 */
export async function unpackDataset(saved: DatasetParts<ArrayBuffer> | ArrayBuffer): Promise<Dataset> {
  if (!(saved instanceof ArrayBuffer)) return withRatings(await unpackDatasetHead(saved.head), saved.ratings);
  const what = 'The saved dataset';
  const memory = memoryHere();
  const { header, sections } = await unpackContainer(
    saved,
    DATASET_MAGIC,
    what,
    [...SHARED_HEAD, ...RATING_SECTIONS],
    memory,
  );
  const head = await headFrom(header, sections, what);
  return {
    ...(await ratingsFrom(head, header, sections, what, memory)),
    ...(memory.arena ? { arena: memory.arena } : {}),
  };
}

/**
 * Reads a dataset's head: a Dataset whose ratings are still to come (`pendingRatings`, empty matrices), enough for
 * a restored model's wall, search and filters. `withRatings` completes it.
 */
export async function unpackDatasetHead(buffer: ArrayBuffer): Promise<Dataset> {
  const what = 'The saved dataset';
  const { header, sections } = await unpackContainer(buffer, HEAD_MAGIC, what, SHARED_HEAD);
  return headFrom(header, sections, what);
}

/** The dataset `head` with its ratings read from `buffer` (a ratings container of the same dataset). */
export async function withRatings(head: Dataset, buffer: ArrayBuffer): Promise<Dataset> {
  const what = 'The saved ratings';
  const memory = memoryHere();
  const { header, sections } = await unpackContainer(buffer, RATINGS_MAGIC, what, RATING_SECTIONS, memory);
  if (header.users !== head.users || header.items !== head.items || header.nnz !== head.nnz) {
    throw new FormatError(`${what} do not belong to this dataset (their counts differ).`);
  }
  return {
    ...(await ratingsFrom(head, header, sections, what, memory)),
    ...(memory.arena ? { arena: memory.arena } : {}),
  };
}

function checkVersion(header: Record<string, unknown>, what: string): void {
  if (!LAYOUTS_READ.includes(header.datasetVersion as number)) {
    throw new FormatError(`${what} has layout version ${String(header.datasetVersion)}; load its files again.`);
  }
}

function sectionOf<T>(sections: Map<string, SectionArray>, name: string, type: new (n: number) => T, what: string): T {
  const array = sections.get(name);
  if (!(array instanceof type)) throw new FormatError(`${what} is damaged (no ${name}).`);
  return array;
}

/** The dataset a head describes, its matrices empty until `ratingsFrom` fills them. */
async function headFrom(
  header: Record<string, unknown>,
  sections: Map<string, SectionArray>,
  what: string,
): Promise<Dataset> {
  checkVersion(header, what);
  const ints = (name: string): Int32Array => sectionOf(sections, name, Int32Array, what);
  const userIds = ints('userIds');
  const itemIds = ints('itemIds');
  const itemCounts = ints('itemCounts');
  const users = userIds.length;
  const items = itemIds.length;
  if (itemCounts.length !== items) throw new FormatError(`${what} is damaged (its counts do not match its ids).`);
  // A record saved before the split counts its ratings in its matrix; a head says how many are to come.
  const indices = sections.get('userItems.indices');
  const nnz = typeof header.nnz === 'number' ? header.nnz : (indices?.length ?? 0);
  const years = sections.get('years');
  const numbers = {
    years: years instanceof Int16Array ? years : new Int16Array(items),
    imdbIds: sections.get('imdbIds') instanceof Int32Array ? ints('imdbIds') : new Int32Array(items),
    tmdbIds: sections.get('tmdbIds') instanceof Int32Array ? ints('tmdbIds') : new Int32Array(items),
  };
  // Unpacked a field (or 16k lists) per task, as a load's are: decoding 84,000 films' titles, genres and poster paths
  // in one go held the page 40-90 ms. A field an older record lacks reads as empty (titles: "Movie <id>").
  const text = (name: string) => sections.get(`${name}.text`);
  const offsets = (name: string) => sections.get(`${name}.offsets`);
  const lists = (name: string) => sections.get(`${name}.lists`);
  const packed = { strings: {}, lists: {} } as PackedCatalogStrings;
  for (const field of STRING_FIELDS) {
    const [t, o] = [text(field), offsets(field)];
    packed.strings[field] =
      t instanceof Uint8Array && o instanceof Int32Array
        ? { text: t as Uint8Array<ArrayBuffer>, offsets: o as Int32Array<ArrayBuffer> }
        : packStrings(
            field === 'titles' ? Array.from(itemIds, (id) => `Movie ${id}`) : new Array<string>(items).fill(''),
          );
  }
  for (const field of STRING_LIST_FIELDS) {
    const [t, o, l] = [text(field), offsets(field), lists(field)];
    packed.lists[field] =
      t instanceof Uint8Array && o instanceof Int32Array && l instanceof Int32Array
        ? {
            text: t as Uint8Array<ArrayBuffer>,
            offsets: o as Int32Array<ArrayBuffer>,
            lists: l as Int32Array<ArrayBuffer>,
          }
        : packStringLists(Array.from({ length: items }, () => []));
  }
  const catalog = await unpackCatalogStrings(numbers as Catalog, packed);
  const empty = (rows: number): Csr => ({
    indptr: new Int32Array(rows + 1),
    indices: new Int32Array(0),
    values: new Float32Array(0),
  });
  return {
    name: String(header.name ?? 'Saved dataset'),
    synthetic: header.synthetic === true,
    users,
    items,
    nnz,
    userIds,
    itemIds,
    userItems: empty(users),
    itemUsers: empty(items),
    itemCounts,
    catalog,
    pendingRatings: true,
  };
}

/**
 * `head` with the matrices (and item counts) of `sections`: both directions as saved (layout 1), or the users x items
 * one with the other rebuilt from it, in slices (layout 2), in `memory`.
 */
async function ratingsFrom(
  head: Dataset,
  header: Record<string, unknown>,
  sections: Map<string, SectionArray>,
  what: string,
  memory: ArrayMemory,
): Promise<Dataset> {
  checkVersion(header, what);
  const damaged = () => new FormatError(`${what} is damaged (its matrix does not match its ids).`);
  const userItems: Csr = {
    indptr: sectionOf(sections, 'userItems.indptr', Int32Array, what),
    indices: sectionOf(sections, 'userItems.indices', Int32Array, what),
    values: sections.has('userItems.halfStars')
      ? await widenHalfStars(sectionOf(sections, 'userItems.halfStars', Uint8Array, what), memory)
      : sectionOf(sections, 'userItems.values', Float32Array, what),
  };
  const itemCounts = sectionOf(sections, 'itemCounts', Int32Array, what);
  if (
    userItems.indptr.length !== head.users + 1 ||
    itemCounts.length !== head.items ||
    userItems.indices.length !== head.nnz ||
    userItems.values.length !== head.nnz
  ) {
    throw damaged();
  }
  let itemUsers: Csr | null;
  if (sections.has('itemUsers.indptr')) {
    itemUsers = {
      indptr: sectionOf(sections, 'itemUsers.indptr', Int32Array, what),
      indices: sectionOf(sections, 'itemUsers.indices', Int32Array, what),
      values: sectionOf(sections, 'itemUsers.values', Float32Array, what),
    };
    if (itemUsers.indptr.length !== head.items + 1) throw damaged();
  } else {
    if (!rowsInOrder(userItems.indptr, head.nnz)) throw damaged();
    itemUsers = await transposeCsrInSlices(userItems, head.items, memory, yieldToPage);
    if (!itemUsers) throw damaged();
  }
  const { pendingRatings: _, ...rest } = head;
  return { ...rest, userItems, itemUsers, itemCounts };
}

/** Half-stars (twice each rating, one byte) as the f32 ratings, in `memory`, in slices. */
async function widenHalfStars(halfStars: Uint8Array, memory: ArrayMemory): Promise<Float32Array> {
  const values = memory.float32(halfStars.length);
  const step = SLICE_BYTES / 4; // 1 MB of f32 written a slice
  for (let from = 0; from < halfStars.length; from += step) {
    const to = Math.min(from + step, halfStars.length);
    for (let k = from; k < to; k++) values[k] = halfStars[k] / 2;
    if (to < halfStars.length) await yieldToPage();
  }
  return values;
}

/** True when row offsets start at 0, never decrease and end at `nnz`. */
function rowsInOrder(indptr: Int32Array, nnz: number): boolean {
  if (indptr[0] !== 0 || indptr[indptr.length - 1] !== nnz) return false;
  for (let r = 1; r < indptr.length; r++) if (indptr[r] < indptr[r - 1]) return false;
  return true;
}
