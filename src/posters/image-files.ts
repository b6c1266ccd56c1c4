/**
 * Turns what a person picked (image files, a folder's files, .zip archives of images) into poster images keyed by
 * film (local-names.ts). Each image is checked by its first bytes (JPEG, PNG or WebP), so a renamed document is
 * skipped, not stored. Zips are unpacked as they are read with fflate's streaming Unzip, within limits that stop
 * a zip bomb before it fills memory.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { readStream } from '../data/sources.ts';
import { formatBytes } from './bytes.ts';
import { localPosterName } from './local-names.ts';

/** Largest single poster image accepted (TMDB's "original" posters are 1-5 MB). */
export const MAX_POSTER_BYTES = 20 * 1024 * 1024;
const TOO_LARGE = `larger than ${MAX_POSTER_BYTES / 1024 / 1024} MB`;
/** Most bytes unpacked from one zip before it is refused as a possible zip bomb. */
export const MAX_ZIP_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024;

/** One image ready to store. */
export interface PosterImage {
  key: string;
  fileName: string;
  image: Blob;
}

/** What came out of the picked files. */
export interface CollectedImages {
  images: PosterImage[];
  /** Files not used, with why ("notes.txt: not named by a movieId, tmdbId, imdbId or poster_path"). */
  skipped: string[];
  /** A zip that could not be read or was refused, or null. */
  error: string | null;
}

/** The image type of the first bytes (JPEG SOI, PNG signature, RIFF....WEBP), or null. */
export function sniffImageType(head: Uint8Array): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((byte, i) => head[i] === byte)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Checks one named blob and adds it to `out` (as an image or a skip). */
async function addImage(fileName: string, blob: Blob, out: CollectedImages): Promise<void> {
  const name = localPosterName(fileName);
  if (!name) {
    out.skipped.push(`${fileName}: not named by a movieId, tmdbId, imdbId or poster_path`);
    return;
  }
  if (blob.size > MAX_POSTER_BYTES) {
    out.skipped.push(`${fileName}: ${TOO_LARGE}`);
    return;
  }
  const type = sniffImageType(new Uint8Array(await blob.slice(0, 12).arrayBuffer()));
  if (!type) {
    out.skipped.push(`${fileName}: not a JPEG, PNG or WebP image`);
    return;
  }
  out.images.push({ key: name.key, fileName, image: new Blob([blob], { type }) });
}

/** Unpacks the images of one zip into `out`; stops at the first error (corrupt archive or too much data). */
async function addZip(file: File, out: CollectedImages, maxUnpackedBytes: number, signal?: AbortSignal): Promise<void> {
  let unpacked = 0;
  const pending: Promise<void>[] = [];
  const unzip = new Unzip((entry: UnzipFile) => {
    const base = entry.name.split('/').pop() ?? '';
    if (entry.name.endsWith('/') || entry.name.startsWith('__MACOSX/') || base.startsWith('.')) return;
    if (!localPosterName(entry.name)) {
      out.skipped.push(`${file.name}/${entry.name}: not named by a movieId, tmdbId, imdbId or poster_path`);
      return;
    }
    const chunks: Uint8Array[] = [];
    let entryBytes = 0;
    entry.ondata = (err, chunk, final) => {
      if (out.error) return;
      if (err) {
        out.error = `${file.name}/${entry.name} could not be unpacked (${err.message}).`;
        return;
      }
      unpacked += chunk.length;
      entryBytes += chunk.length;
      if (unpacked > maxUnpackedBytes) {
        out.error = `${file.name} unpacks to more than ${formatBytes(maxUnpackedBytes)}: refused (a zip bomb?).`;
        return;
      }
      // Past the size limit the bytes are dropped as they come; the entry is then only reported.
      if (entryBytes <= MAX_POSTER_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (!final) return;
      const label = `${file.name}/${entry.name}`;
      if (entryBytes > MAX_POSTER_BYTES) out.skipped.push(`${label}: ${TOO_LARGE}`);
      else pending.push(addImage(label, new Blob(chunks as BlobPart[]), out));
    };
    try {
      entry.start();
    } catch (err) {
      out.error ??= `${file.name}/${entry.name} uses a compression Marquee cannot unpack (${(err as Error).message}).`;
    }
  });
  unzip.register(UnzipInflate);
  try {
    await readStream(
      file,
      (bytes) => {
        unzip.push(bytes, false);
        return out.error === null;
      },
      undefined,
      signal,
    );
    if (!signal?.aborted && out.error === null) unzip.push(new Uint8Array(0), true);
  } catch (err) {
    out.error ??= `${file.name} is not a readable zip archive (${(err as Error).message}).`;
  }
  await Promise.all(pending);
}

/** Collects the poster images among `files` (images and zips; anything else is listed as skipped). */
export async function collectPosterImages(
  files: File[],
  onProgress?: (filesDone: number, filesTotal: number) => void,
  signal?: AbortSignal,
  maxUnpackedBytes = MAX_ZIP_UNPACKED_BYTES,
): Promise<CollectedImages> {
  const out: CollectedImages = { images: [], skipped: [], error: null };
  for (const [index, file] of files.entries()) {
    if (signal?.aborted) break;
    const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    if (/\.zip$/i.test(file.name)) {
      const before = out.images.length;
      await addZip(file, out, maxUnpackedBytes, signal);
      if (out.error) out.images.length = before; // nothing from a refused or broken archive is kept
    } else await addImage(path, file, out);
    if (out.error) break;
    onProgress?.(index + 1, files.length);
  }
  return out;
}
