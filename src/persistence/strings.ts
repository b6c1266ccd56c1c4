/**
 * Strings as typed-array sections: a string[] is one UTF-8 text plus UTF-16 offsets (so decoding is one
 * TextDecoder call and slices), a string[][] adds offsets of each list into the flattened strings.
 */
import type { SectionArray } from './container.ts';

/**
 * A string[] as bytes: one UTF-8 text and the UTF-16 offsets of each string in it. Posting 84,000 titles as strings
 * took the sending and the receiving thread 50-90 ms each (one structured clone); as these two arrays they are
 * transferred, and packing and unpacking take a few milliseconds.
 */
export interface PackedStrings {
  text: Uint8Array<ArrayBuffer>;
  offsets: Int32Array<ArrayBuffer>;
}

/** Packs a string[] (see PackedStrings). */
export function packStrings(strings: readonly string[]): PackedStrings {
  const offsets = new Int32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i] + strings[i].length;
  return { text: new TextEncoder().encode(strings.join('')), offsets };
}

/** Packed forms kept for string arrays that were unpacked from them (see packedCopyOf). */
const packedForms = new WeakMap<readonly string[], PackedStrings>();

/** Remembers that `strings` were unpacked from `packed`, so passing them on costs a copy of bytes, not a packing. */
export function rememberPacked(strings: readonly string[], packed: PackedStrings): void {
  packedForms.set(strings, packed);
}

/**
 * `strings` packed, in buffers of their own (to transfer): a copy of the bytes they were unpacked from when
 * remembered (2 ms for 84,000 titles), else packed now (joining and encoding them took 50-85 ms here).
 */
export function packedCopyOf(strings: readonly string[]): PackedStrings {
  const known = packedForms.get(strings);
  return known ? { text: known.text.slice(), offsets: known.offsets.slice() } : packStrings(strings);
}

/** The string[] of packed strings. */
export function unpackStrings({ text, offsets }: { text: Uint8Array; offsets: Int32Array }): string[] {
  const whole = new TextDecoder('utf-8', { ignoreBOM: true }).decode(text);
  const strings = new Array<string>(offsets.length - 1);
  for (let i = 0; i < strings.length; i++) strings[i] = whole.slice(offsets[i], offsets[i + 1]);
  return strings;
}

/** Adds `name.text` and `name.offsets` sections for a string[]. */
export function putStrings(sections: Record<string, SectionArray>, name: string, strings: string[]): void {
  const { text, offsets } = packStrings(strings);
  sections[`${name}.text`] = text;
  sections[`${name}.offsets`] = offsets;
}

/** A string[][] as bytes: its strings packed, and the offset of each list among them. */
export interface PackedStringLists extends PackedStrings {
  lists: Int32Array<ArrayBuffer>;
}

/** Packs a string[][] (see PackedStringLists). */
export function packStringLists(lists: readonly (readonly string[])[]): PackedStringLists {
  const listOffsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) listOffsets[i + 1] = listOffsets[i] + lists[i].length;
  return { ...packStrings(lists.flat()), lists: listOffsets };
}

/** The string[][] of packed string lists. */
export function unpackStringLists(packed: { text: Uint8Array; offsets: Int32Array; lists: Int32Array }): string[][] {
  const flat = unpackStrings(packed);
  const { lists: listOffsets } = packed;
  const lists = new Array<string[]>(listOffsets.length - 1);
  for (let i = 0; i < lists.length; i++) lists[i] = flat.slice(listOffsets[i], listOffsets[i + 1]);
  return lists;
}

/** Adds `name.text`, `name.offsets` and `name.lists` sections for a string[][]. */
export function putStringLists(sections: Record<string, SectionArray>, name: string, lists: string[][]): void {
  const { text, offsets, lists: listOffsets } = packStringLists(lists);
  sections[`${name}.text`] = text;
  sections[`${name}.offsets`] = offsets;
  sections[`${name}.lists`] = listOffsets;
}
