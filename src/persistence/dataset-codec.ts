/**
 * A Dataset as one container ("MRQDATA1"): both CSR directions (so a restore never loops over ratings to
 * transpose), id maps, the catalogue's typed arrays, and each string field as text + offsets (strings.ts).
 */
import { memoryHere } from '../data/csr.ts';
import type { Catalog, Dataset } from '../data/types.ts';
import {
  containerBytes,
  FormatError,
  packContainer,
  unpackContainer,
  type ContainerBytes,
  type SectionArray,
} from './container.ts';
import { STRING_FIELDS, STRING_LIST_FIELDS } from './catalog-strings.ts';
import { yieldToPage } from './slices.ts';
import { getStringLists, getStrings, putStringLists, putStrings, rememberPacked } from './strings.ts';

/** Magic of a packed dataset. */
export const DATASET_MAGIC = 'MRQDATA1';
/** Version of the dataset layout inside the container; bump it (and migrate in records.ts) when it changes. */
export const DATASET_VERSION = 1;

/** Packs a dataset in slices (see container.ts). */
export function packDataset(dataset: Dataset): Promise<ArrayBuffer> {
  const { header, sections } = datasetSections(dataset);
  return packContainer(DATASET_MAGIC, header, sections);
}

/**
 * A dataset as container bytes made while they are written (ContainerBytes): they are read from the dataset's own
 * arrays then, so these must stay as they are until the last chunk is written.
 */
export function datasetBytes(dataset: Dataset): ContainerBytes {
  const { header, sections } = datasetSections(dataset);
  return containerBytes(DATASET_MAGIC, header, sections);
}

function datasetSections(dataset: Dataset): {
  header: Record<string, unknown>;
  sections: Record<string, SectionArray>;
} {
  const { catalog } = dataset;
  const sections: Record<string, SectionArray> = {
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
    'userItems.indptr': dataset.userItems.indptr,
    'userItems.indices': dataset.userItems.indices,
    'userItems.values': dataset.userItems.values,
    'itemUsers.indptr': dataset.itemUsers.indptr,
    'itemUsers.indices': dataset.itemUsers.indices,
    'itemUsers.values': dataset.itemUsers.values,
    itemCounts: dataset.itemCounts,
    years: catalog.years,
    imdbIds: catalog.imdbIds,
    tmdbIds: catalog.tmdbIds,
  };
  // A field the catalogue does not have (yet) is simply not written; reading fills it in.
  for (const field of STRING_FIELDS) if (catalog[field]) putStrings(sections, field, catalog[field]);
  for (const field of STRING_LIST_FIELDS) if (catalog[field]) putStringLists(sections, field, catalog[field]);
  const header = { datasetVersion: DATASET_VERSION, name: dataset.name, synthetic: dataset.synthetic };
  return { header, sections };
}

/** The numeric arrays workers are given (training, queries, evaluation): shared where the page can share memory. */
const SHARED_SECTIONS = [
  'userIds',
  'itemIds',
  'itemCounts',
  ...['userItems', 'itemUsers'].flatMap((csr) => [`${csr}.indptr`, `${csr}.indices`, `${csr}.values`]),
];

/** Reads a packed dataset; a catalogue field missing from an older record is filled with empty values. */
export async function unpackDataset(buffer: ArrayBuffer): Promise<Dataset> {
  const what = 'The saved dataset';
  // The numeric arrays go into an arena where the page can share memory (a fit then trains on them in place).
  const memory = memoryHere();
  const { header, sections } = await unpackContainer(buffer, DATASET_MAGIC, what, SHARED_SECTIONS, memory);
  if (header.datasetVersion !== DATASET_VERSION) {
    throw new FormatError(`${what} has layout version ${String(header.datasetVersion)}; load its files again.`);
  }
  const ints = (name: string): Int32Array => {
    const array = sections.get(name);
    if (!(array instanceof Int32Array)) throw new FormatError(`${what} is damaged (no ${name}).`);
    return array;
  };
  const floats = (name: string): Float32Array => {
    const array = sections.get(name);
    if (!(array instanceof Float32Array)) throw new FormatError(`${what} is damaged (no ${name}).`);
    return array;
  };
  const userIds = ints('userIds');
  const itemIds = ints('itemIds');
  const items = itemIds.length;
  const years = sections.get('years');
  const catalog = {
    years: years instanceof Int16Array ? years : new Int16Array(items),
    imdbIds: sections.get('imdbIds') instanceof Int32Array ? ints('imdbIds') : new Int32Array(items),
    tmdbIds: sections.get('tmdbIds') instanceof Int32Array ? ints('tmdbIds') : new Int32Array(items),
  } as Catalog;
  // One field per task: decoding 84,000 films' titles, genres and poster paths in one go held the page 40-90 ms.
  for (const field of STRING_FIELDS) {
    await yieldToPage();
    const fallback =
      field === 'titles' ? Array.from(itemIds, (id) => `Movie ${id}`) : new Array<string>(items).fill('');
    catalog[field] = getStrings(sections, field) ?? fallback;
  }
  const titlesText = sections.get('titles.text');
  const titlesOffsets = sections.get('titles.offsets');
  if (titlesText instanceof Uint8Array && titlesOffsets instanceof Int32Array) {
    rememberPacked(catalog.titles, {
      text: titlesText as Uint8Array<ArrayBuffer>,
      offsets: titlesOffsets as Int32Array<ArrayBuffer>,
    });
  }
  for (const field of STRING_LIST_FIELDS) {
    await yieldToPage();
    catalog[field] = getStringLists(sections, field) ?? Array.from({ length: items }, () => []);
  }
  const userItems = {
    indptr: ints('userItems.indptr'),
    indices: ints('userItems.indices'),
    values: floats('userItems.values'),
  };
  const itemUsers = {
    indptr: ints('itemUsers.indptr'),
    indices: ints('itemUsers.indices'),
    values: floats('itemUsers.values'),
  };
  if (userItems.indptr.length !== userIds.length + 1 || itemUsers.indptr.length !== items + 1) {
    throw new FormatError(`${what} is damaged (its matrix does not match its ids).`);
  }
  return {
    name: String(header.name ?? 'Saved dataset'),
    synthetic: header.synthetic === true,
    users: userIds.length,
    items,
    nnz: userItems.indices.length,
    userIds,
    itemIds,
    userItems,
    itemUsers,
    itemCounts: ints('itemCounts'),
    catalog,
    ...(memory.arena ? { arena: memory.arena } : {}),
  };
}
