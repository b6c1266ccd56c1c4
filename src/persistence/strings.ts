/**
 * Strings as typed-array sections: a string[] is one UTF-8 text plus UTF-16 offsets (so decoding is one
 * TextDecoder call and slices), a string[][] adds offsets of each list into the flattened strings.
 */
import type { SectionArray } from './container.ts';

/** Adds `name.text` and `name.offsets` sections for a string[]. */
export function putStrings(sections: Record<string, SectionArray>, name: string, strings: string[]): void {
  const offsets = new Int32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i] + strings[i].length;
  sections[`${name}.text`] = new TextEncoder().encode(strings.join(''));
  sections[`${name}.offsets`] = offsets;
}

/** Adds `name.text`, `name.offsets` and `name.lists` sections for a string[][]. */
export function putStringLists(sections: Record<string, SectionArray>, name: string, lists: string[][]): void {
  const listOffsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) listOffsets[i + 1] = listOffsets[i] + lists[i].length;
  putStrings(sections, name, lists.flat());
  sections[`${name}.lists`] = listOffsets;
}

/** The string[] of `name`, or null when the sections are missing (a field added after the record was written). */
export function getStrings(sections: Map<string, SectionArray>, name: string): string[] | null {
  const text = sections.get(`${name}.text`);
  const offsets = sections.get(`${name}.offsets`);
  if (!(text instanceof Uint8Array) || !(offsets instanceof Int32Array)) return null;
  const whole = new TextDecoder('utf-8', { ignoreBOM: true }).decode(text);
  const strings = new Array<string>(offsets.length - 1);
  for (let i = 0; i < strings.length; i++) strings[i] = whole.slice(offsets[i], offsets[i + 1]);
  return strings;
}

/** The string[][] of `name`, or null when its sections are missing. */
export function getStringLists(sections: Map<string, SectionArray>, name: string): string[][] | null {
  const flat = getStrings(sections, name);
  const listOffsets = sections.get(`${name}.lists`);
  if (!flat || !(listOffsets instanceof Int32Array)) return null;
  const lists = new Array<string[]>(listOffsets.length - 1);
  for (let i = 0; i < lists.length; i++) lists[i] = flat.slice(listOffsets[i], listOffsets[i + 1]);
  return lists;
}
