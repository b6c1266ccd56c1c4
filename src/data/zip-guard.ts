/**
 * Checks on a zip before and while it is unpacked: its central directory (the table of contents at its end,
 * APPNOTE.txt 4.3.12-4.3.16) must be there and whole, and what it declares must stay under our limits; while
 * streaming, the bytes actually inflated are counted too, since declared sizes can lie. Together they refuse a
 * truncated zip up front and a zip bomb (a small file inflating to gigabytes) before it fills memory.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_BYTES = 22;
/** The EOCD record plus the longest comment a zip can carry. */
const EOCD_SEARCH_BYTES = EOCD_BYTES + 0xffff;
const ZIP64_MARK = 0xffffffff;

/** Most bytes a zip may unpack to: ml-32m, the largest MovieLens release, unpacks to about 1 GB. */
export const MAX_UNZIPPED_BYTES = 4 * 1024 ** 3;
/** Most a zip may expand: text compresses 3-10x (ml-25m.zip about 5x); zip bombs expand a thousandfold. */
export const MAX_EXPANSION_RATIO = 100;
/** Below this many unpacked bytes the ratio is not checked (a tiny, very regular file may compress well). */
const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

/** What a zip's central directory declares. */
export interface ZipDirectory {
  entries: number;
  /** Sum of the declared uncompressed sizes. */
  unzippedBytes: number;
  /** Each entry's path and declared uncompressed size (empty for a zip64 archive, counted while unpacking). */
  files: { name: string; unzippedBytes: number }[];
}

/** Reads the central directory of `file`; a string is the problem with it (truncated, not a zip). */
export async function readZipDirectory(file: Blob, name: string): Promise<ZipDirectory | string> {
  const damaged = `${name} is damaged or incomplete (was its download cut short?): `;
  const tailStart = Math.max(0, file.size - EOCD_SEARCH_BYTES);
  const tail = new DataView(await file.slice(tailStart).arrayBuffer());
  let eocd = -1;
  for (let at = tail.byteLength - EOCD_BYTES; at >= 0; at--) {
    if (tail.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return `${damaged}its table of contents, which a zip keeps at its end, is missing. Download it again.`;
  const entries = tail.getUint16(eocd + 10, true);
  const directoryBytes = tail.getUint32(eocd + 12, true);
  const directoryOffset = tail.getUint32(eocd + 16, true);
  if (directoryOffset === ZIP64_MARK) return { entries, unzippedBytes: 0, files: [] }; // zip64: counted as we unpack
  if (directoryOffset + directoryBytes > tailStart + eocd) {
    return `${damaged}its table of contents points past the end of the file. Download it again.`;
  }
  const directory = new DataView(await file.slice(directoryOffset, directoryOffset + directoryBytes).arrayBuffer());
  let unzippedBytes = 0;
  const files: ZipDirectory['files'] = [];
  const names = new TextDecoder();
  let at = 0;
  for (let entry = 0; entry < entries; entry++) {
    if (at + 46 > directory.byteLength || directory.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      return `${damaged}its table of contents is broken. Download it again.`;
    }
    let size = directory.getUint32(at + 24, true);
    const nameBytes = directory.getUint16(at + 28, true);
    const extraBytes = directory.getUint16(at + 30, true);
    const commentBytes = directory.getUint16(at + 32, true);
    if (size === ZIP64_MARK) size = zip64Size(directory, at + 46 + nameBytes, extraBytes) ?? size;
    unzippedBytes += size;
    const name = names.decode(
      new Uint8Array(directory.buffer, at + 46, Math.min(nameBytes, directory.byteLength - at - 46)),
    );
    files.push({ name, unzippedBytes: size });
    at += 46 + nameBytes + extraBytes + commentBytes;
  }
  return { entries, unzippedBytes, files };
}

/** The 64-bit uncompressed size in a zip64 extra field (header id 1; APPNOTE.txt 4.5.3), if there is one. */
function zip64Size(view: DataView, start: number, length: number): number | null {
  for (let at = start; at + 4 <= start + length && at + 4 <= view.byteLength;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1 && size >= 8 && at + 12 <= view.byteLength) {
      return view.getUint32(at + 4, true) + view.getUint32(at + 8, true) * 2 ** 32;
    }
    at += 4 + size;
  }
  return null;
}

/** Why unpacking `unzippedBytes` out of `zippedBytes` must stop (a zip bomb, or simply too big), or null. */
export function unzipLimitProblem(name: string, unzippedBytes: number, zippedBytes: number): string | null {
  if (unzippedBytes > MAX_UNZIPPED_BYTES) {
    return (
      `${name} unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 ** 3} GB, far more than any MovieLens release; ` +
      'it was refused to protect this tab.'
    );
  }
  if (unzippedBytes > RATIO_FLOOR_BYTES && unzippedBytes > MAX_EXPANSION_RATIO * Math.max(1, zippedBytes)) {
    return (
      `${name} expands more than ${MAX_EXPANSION_RATIO} times its size, as a "zip bomb" does (MovieLens zips ` +
      'expand about 5 times); it was refused to protect this tab.'
    );
  }
  return null;
}
