/**
 * The catalogue's string fields as bytes (strings.ts), for storage (dataset-codec.ts) and for the trip from the
 * reader worker to the page: posting 84,000 films' titles, genres and poster paths as strings was one 90 ms task on
 * the receiving page (a structured clone); packed, they are transferred, and the page unpacks one field per task.
 */
import type { Catalog } from '../data/types.ts';
import { yieldToPage } from './slices.ts';
import {
  packStringLists,
  packStrings,
  rememberPacked,
  unpackStrings,
  type PackedStringLists,
  type PackedStrings,
} from './strings.ts';

/** Catalogue fields that are a string per movie. */
export type StringField = { [K in keyof Catalog]-?: Catalog[K] extends string[] ? K : never }[keyof Catalog];
/** Catalogue fields that are a list of strings per movie. */
export type StringListField = { [K in keyof Catalog]-?: Catalog[K] extends string[][] ? K : never }[keyof Catalog];

/** Each string[] field of the catalogue; adding a field is one entry here. */
export const STRING_FIELDS: StringField[] = ['titles', 'posterPaths'];
/** Each string[][] field of the catalogue; one entry each. */
export const STRING_LIST_FIELDS: StringListField[] = ['genres', 'tags'];

/** A catalogue's string fields, packed. */
export interface PackedCatalogStrings {
  strings: Record<StringField, PackedStrings>;
  lists: Record<StringListField, PackedStringLists>;
}

/**
 * Splits a catalogue for the trip to another thread: the catalogue with its string fields empty, those fields
 * packed, and the buffers to transfer.
 */
export function packCatalogStrings(catalog: Catalog): {
  catalog: Catalog;
  packed: PackedCatalogStrings;
  buffers: ArrayBuffer[];
} {
  const packed = {
    strings: Object.fromEntries(STRING_FIELDS.map((field) => [field, packStrings(catalog[field])])),
    lists: Object.fromEntries(STRING_LIST_FIELDS.map((field) => [field, packStringLists(catalog[field])])),
  } as PackedCatalogStrings;
  const buffers = [
    ...Object.values(packed.strings).flatMap((p) => [p.text.buffer, p.offsets.buffer]),
    ...Object.values(packed.lists).flatMap((p) => [p.text.buffer, p.offsets.buffer, p.lists.buffer]),
  ];
  const empty = Object.fromEntries([...STRING_FIELDS, ...STRING_LIST_FIELDS].map((field) => [field, []]));
  return { catalog: { ...catalog, ...empty }, packed, buffers };
}

/** Lists built between two yields (building 84,000 genre lists in one go took 50 ms and a collection). */
const LISTS_PER_SLICE = 16_384;

/**
 * The catalogue with its string fields unpacked, a field (or a slice of a field's lists) per task. The titles'
 * packed form is remembered (strings.ts rememberPacked): the search index's worker is given a copy of it.
 */
export async function unpackCatalogStrings(catalog: Catalog, packed: PackedCatalogStrings): Promise<Catalog> {
  const out = { ...catalog };
  for (const field of STRING_FIELDS) {
    await yieldToPage();
    out[field] = unpackStrings(packed.strings[field]);
  }
  rememberPacked(out.titles, packed.strings.titles);
  for (const field of STRING_LIST_FIELDS) {
    await yieldToPage();
    const { lists: listOffsets } = packed.lists[field];
    const flat = unpackStrings(packed.lists[field]);
    const lists = new Array<string[]>(listOffsets.length - 1);
    for (let i = 0; i < lists.length; i++) {
      if (i > 0 && i % LISTS_PER_SLICE === 0) await yieldToPage();
      lists[i] = flat.slice(listOffsets[i], listOffsets[i + 1]);
    }
    out[field] = lists;
  }
  return out;
}
