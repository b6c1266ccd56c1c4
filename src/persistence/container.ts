/**
 * The one binary container every saved thing uses (IndexedDB records and exported model files), documented in
 * README.md: magic, format version, a JSON header listing typed-array sections, the sections 8-byte aligned,
 * and a CRC-32 of everything before it. Little-endian, as every browser's typed arrays are.
 */
import { canShareHere, sharedMemory, type ArrayMemory } from '../data/csr.ts';
import { crc32 } from './crc32.ts';
import { copyInSlices, SLICE_BYTES, yieldToPage } from './slices.ts';

/**
 * A section of `length` elements: from `memory` when given (int32 and float32 sections; other types in a
 * SharedArrayBuffer of their own), else in an ArrayBuffer of its own.
 */
function sectionIn(memory: ArrayMemory | null, type: (typeof TYPES)[TypeName], length: number): SectionArray {
  if (!memory) return new type(length);
  if (type === Int32Array) return memory.int32(length);
  if (type === Float32Array) return memory.float32(length);
  // (The union of the typed-array constructors is typed as taking only ArrayBuffer; each takes shared memory too.)
  return new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer);
}

/** Version of the container layout itself (records carry their own version in the header). */
export const CONTAINER_VERSION = 1;

/** The typed arrays a section may hold. */
export type SectionArray = Int32Array | Uint32Array | Int16Array | Uint8Array | Float32Array | Float64Array;

const TYPES = {
  int32: Int32Array,
  uint32: Uint32Array,
  int16: Int16Array,
  uint8: Uint8Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;
type TypeName = keyof typeof TYPES;

/** One section as the header lists it. */
interface SectionEntry {
  name: string;
  type: TypeName;
  /** Elements (not bytes). */
  length: number;
  /** Byte offset from the start of the file, a multiple of 8. */
  offset: number;
}

/** A file or record that is not what it claims, with a message for people. */
export class FormatError extends Error {
  override name = 'FormatError';
}

/** What a container holds once read. */
export interface Unpacked {
  magic: string;
  version: number;
  header: Record<string, unknown>;
  sections: Map<string, SectionArray>;
}

const PREFIX_BYTES = 16;
const align8 = (n: number): number => (n + 7) & ~7;

function typeOf(array: SectionArray): TypeName {
  for (const [name, type] of Object.entries(TYPES)) if (array instanceof type) return name as TypeName;
  throw new TypeError('Unsupported section type');
}

/**
 * A container's bytes, made as they are asked for: `fill` writes the next `into.length` bytes (from the first to
 * the last, in order) and keeps the checksum as it goes, so a big record can be written chunk by chunk from the
 * arrays themselves, never held whole (ml-32m's dataset is 520 MB of it). `into` must be zeroed (fresh).
 */
export interface ContainerBytes {
  byteLength: number;
  fill(into: Uint8Array): void;
}

/** Lays out header and sections as a container whose bytes are made as they are read (see ContainerBytes). */
export function containerBytes(
  magic: string,
  header: Record<string, unknown>,
  sections: Record<string, SectionArray>,
): ContainerBytes {
  if (magic.length !== 8) throw new TypeError('magic must be 8 ASCII characters');
  // Offsets depend on the header's length and the header lists offsets: lay out with a fixed-width placeholder.
  const names = Object.keys(sections);
  const entries: SectionEntry[] = names.map((name) => ({
    name,
    type: typeOf(sections[name]),
    length: sections[name].length,
    offset: 0,
  }));
  // Lay out for a header length, write the header, repeat until its length (digits of offsets) stops changing.
  let headerBytes = new Uint8Array(0);
  for (let laidOutFor = -1; laidOutFor !== headerBytes.length;) {
    laidOutFor = headerBytes.length;
    let at = align8(PREFIX_BYTES + laidOutFor);
    for (const entry of entries) {
      entry.offset = at;
      at = align8(at + sections[entry.name].byteLength);
    }
    headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, sections: entries }));
  }
  const last = entries.at(-1);
  const dataEnd = last ? last.offset + sections[last.name].byteLength : align8(PREFIX_BYTES + headerBytes.length);
  const byteLength = align8(dataEnd) + 4;
  const head = new Uint8Array(PREFIX_BYTES + headerBytes.length);
  for (let i = 0; i < 8; i++) head[i] = magic.charCodeAt(i);
  const headView = new DataView(head.buffer);
  headView.setUint32(8, CONTAINER_VERSION, true);
  headView.setUint32(12, headerBytes.length, true);
  head.set(headerBytes, PREFIX_BYTES);
  // What lies where, in order: the head, then each section's bytes (zeros between them).
  const pieces = [
    { at: 0, bytes: head },
    ...entries.map((entry) => {
      const source = sections[entry.name];
      return { at: entry.offset, bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength) };
    }),
  ];
  const end = byteLength - 4;
  let done = 0;
  let crc = 0;
  return {
    byteLength,
    fill(into) {
      const from = done;
      const to = from + into.length;
      if (to > byteLength) throw new RangeError('read past the end of the container');
      for (const { at, bytes } of pieces) {
        const first = Math.max(from, at);
        const stop = Math.min(to, at + bytes.length);
        if (first < stop) into.set(bytes.subarray(first - at, stop - at), first - from);
      }
      crc = crc32(into.subarray(0, Math.max(0, Math.min(to, end) - from)), crc);
      // The checksum's own four bytes, once everything before them has been read.
      for (let i = Math.max(from, end); i < to; i++) into[i - from] = (crc >>> ((i - end) * 8)) & 0xff;
      done = to;
    },
  };
}

/**
 * Packs header and sections into one ArrayBuffer, in slices of SLICE_BYTES with a yield to the page between them,
 * so saving a big dataset never blocks input for more than a few milliseconds at a time.
 */
export function packContainer(
  magic: string,
  header: Record<string, unknown>,
  sections: Record<string, SectionArray>,
): Promise<ArrayBuffer> {
  return packBytes(containerBytes(magic, header, sections));
}

/** Container bytes made into one ArrayBuffer, in slices (see packContainer). */
export async function packBytes(bytes: ContainerBytes): Promise<ArrayBuffer> {
  const out = new Uint8Array(bytes.byteLength);
  for (let at = 0; at < out.length; at += SLICE_BYTES) {
    bytes.fill(out.subarray(at, at + SLICE_BYTES));
    if (out.length > SLICE_BYTES) await yieldToPage();
  }
  return out.buffer;
}

async function checksum(bytes: Uint8Array): Promise<number> {
  let crc = 0;
  for (let done = 0; done < bytes.length; done += SLICE_BYTES) {
    crc = crc32(bytes.subarray(done, done + SLICE_BYTES), crc);
    if (bytes.length > SLICE_BYTES) await yieldToPage();
  }
  return crc;
}

/** The 8-byte magic at the start of a buffer, or '' when it is shorter or not ASCII. */
export function magicOf(buffer: ArrayBuffer): string {
  if (buffer.byteLength < 8) return '';
  const bytes = new Uint8Array(buffer, 0, 8);
  if (bytes.some((b) => b < 0x20 || b > 0x7e)) return '';
  return String.fromCharCode(...bytes);
}

/**
 * Reads a container, checking (in slices) its magic, version, checksum and section bounds. `what` names the thing
 * in error messages ("This model file"). Sections are copied out (in slices), so each owns its buffer: a view into
 * the container would take all of it along when cloned to a worker. The sections named in `shared` go into
 * `memory` (shared memory, or an arena) where the page can share memory, so giving them to a worker later copies nothing (a structured
 * clone of ml-32m's rating pattern and factors, 200 MB, held the page for 1.6 s); never text, which TextDecoder
 * will not read from shared memory.
 */
export async function unpackContainer(
  buffer: ArrayBuffer,
  magic: string,
  what: string,
  shared: readonly string[] = [],
  memory: ArrayMemory = sharedMemory,
): Promise<Unpacked> {
  if (buffer.byteLength < PREFIX_BYTES + 4 || magicOf(buffer) !== magic) {
    throw new FormatError(`${what} is not a Marquee file of this kind (it does not start with "${magic.trim()}").`);
  }
  const view = new DataView(buffer);
  const version = view.getUint32(8, true);
  if (version > CONTAINER_VERSION) {
    throw new FormatError(`${what} was written by a newer Marquee (format ${version}); reload the page to update.`);
  }
  const end = buffer.byteLength - 4;
  const stored = view.getUint32(end, true);
  if ((await checksum(new Uint8Array(buffer, 0, end))) !== stored) {
    throw new FormatError(`${what} is damaged (its checksum does not match): it was cut short or changed.`);
  }
  const headerLength = view.getUint32(12, true);
  if (PREFIX_BYTES + headerLength > end) throw new FormatError(`${what} is damaged (its header is cut short).`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, headerLength)));
  } catch {
    throw new FormatError(`${what} is damaged (its header is not readable).`);
  }
  const sections = new Map<string, SectionArray>();
  for (const entry of (header.sections ?? []) as SectionEntry[]) {
    const type = TYPES[entry.type];
    const byteLength = entry.length * (type?.BYTES_PER_ELEMENT ?? 0);
    if (!type || entry.offset % 8 !== 0 || entry.offset < PREFIX_BYTES || entry.offset + byteLength > end) {
      throw new FormatError(`${what} is damaged (section "${entry.name}" lies outside the file).`);
    }
    const section = sectionIn(shared.includes(entry.name) && canShareHere() ? memory : null, type, entry.length);
    await copyInSlices(
      new Uint8Array(section.buffer, section.byteOffset, byteLength),
      new Uint8Array(buffer, entry.offset, byteLength),
    );
    sections.set(entry.name, section);
  }
  delete header.sections;
  return { magic, version, header, sections };
}
