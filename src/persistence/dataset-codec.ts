/**
 * A Dataset saved as two containers (format in README.md): the _head_ ("MRQDHEAD": id maps, item counts, the
 * catalogue's typed arrays and each string field as text + offsets, strings.ts), which is all a restored model's
 * wall and search need, and the _ratings_ ("MRQDRATE": both CSR directions, so a restore never loops over ratings to
 * transpose). A reload reads the head first and shows the wall while the ratings follow. Records saved before the
 * split hold everything in one container ("MRQDATA1"), which still reads.
 */
import { memoryHere } from '../data/csr.ts';
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
import { packStringLists, packStrings, putStringLists, putStrings } from './strings.ts';

/** Magic of a whole dataset in one container (records saved before the head and ratings were split). */
export const DATASET_MAGIC = 'MRQDATA1';
/** Magic of a dataset's head: what the wall and search need. */
export const HEAD_MAGIC = 'MRQDHEAD';
/** Magic of a dataset's ratings: both CSR directions. */
export const RATINGS_MAGIC = 'MRQDRATE';
/** Version of the dataset layout inside the containers; bump it (and migrate in records.ts) when it changes. */
export const DATASET_VERSION = 1;

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

/** The ratings container also holds the item counts (4 bytes a film), so they join the matrices in one arena. */
function ratingSections(dataset: Dataset): Record<string, SectionArray> {
  const sections: Record<string, SectionArray> = { itemCounts: dataset.itemCounts };
  for (const csr of ['userItems', 'itemUsers'] as const) {
    for (const part of ['indptr', 'indices', 'values'] as const) sections[`${csr}.${part}`] = dataset[csr][part];
  }
  return sections;
}

/** The arrays workers are given from the head (queries, evaluation): shared where the page can share memory. */
const SHARED_HEAD = ['userIds', 'itemIds', 'itemCounts'];
/** The ratings' arrays: in an arena where the page can share memory (a fit then trains on them in place). */
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
  return { ...ratingsFrom(head, header, sections, what), ...(memory.arena ? { arena: memory.arena } : {}) };
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
  return { ...ratingsFrom(head, header, sections, what), ...(memory.arena ? { arena: memory.arena } : {}) };
}

function checkVersion(header: Record<string, unknown>, what: string): void {
  if (header.datasetVersion !== DATASET_VERSION) {
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

/** `head` with the matrices (and item counts) of `sections`. */
function ratingsFrom(
  head: Dataset,
  header: Record<string, unknown>,
  sections: Map<string, SectionArray>,
  what: string,
): Dataset {
  checkVersion(header, what);
  const csr = (name: 'userItems' | 'itemUsers'): Csr => ({
    indptr: sectionOf(sections, `${name}.indptr`, Int32Array, what),
    indices: sectionOf(sections, `${name}.indices`, Int32Array, what),
    values: sectionOf(sections, `${name}.values`, Float32Array, what),
  });
  const userItems = csr('userItems');
  const itemUsers = csr('itemUsers');
  const itemCounts = sectionOf(sections, 'itemCounts', Int32Array, what);
  if (
    userItems.indptr.length !== head.users + 1 ||
    itemUsers.indptr.length !== head.items + 1 ||
    itemCounts.length !== head.items ||
    userItems.indices.length !== head.nnz
  ) {
    throw new FormatError(`${what} is damaged (its matrix does not match its ids).`);
  }
  const { pendingRatings: _, ...rest } = head;
  return { ...rest, userItems, itemUsers, itemCounts };
}
