/**
 * Where bytes come from: a dropped File read in slices, or the entries of a dropped .zip unpacked with fflate's
 * streaming `Unzip` (so a 250 MB ml-25m.zip is never held whole in memory next to its 650 MB ratings.csv).
 * Every file ends up in a FileIngest; this module only moves bytes and reports progress.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { FileIngest, type IngestOutcome } from './ingest.ts';
import type { ReadProgress } from './types.ts';

/** Bytes read per slice: large enough to amortise papaparse calls, small enough for a smooth progress bar. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Reads `blob` slice by slice, calling `onBytes` with each; stops early when `onBytes` returns false or `signal`
 * aborts. The worker only sees a cancel message while a slice read is awaited, so the check follows each await.
 */
export async function readInSlices(
  blob: Blob,
  onBytes: (bytes: Uint8Array) => boolean,
  onProgress?: (bytesRead: number, bytesTotal: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (let offset = 0; offset < blob.size; offset += READ_CHUNK_BYTES) {
    const end = Math.min(blob.size, offset + READ_CHUNK_BYTES);
    const bytes = new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    if (signal?.aborted) return;
    const keepGoing = onBytes(bytes);
    onProgress?.(end, blob.size);
    if (!keepGoing) return;
  }
}

/** Parses one plain (not zipped) file; null when `signal` aborted the read (the partial parse is dropped). */
export async function ingestPlainFile(
  file: File,
  onProgress?: ReadProgress,
  signal?: AbortSignal,
): Promise<IngestOutcome | null> {
  const ingest = new FileIngest(file.name, { bytesTotal: file.size, fromZip: null });
  await readInSlices(
    file,
    (bytes) => {
      ingest.write(bytes);
      return ingest.wantsMore;
    },
    (bytesRead, bytesTotal) => onProgress?.(file.name, bytesRead, bytesTotal),
    signal,
  );
  return signal?.aborted ? null : ingest.end();
}

/** True for a zip: by name, or by its "PK\x03\x04" local-file-header signature (APPNOTE.txt 4.3.7). */
export async function isZip(file: File): Promise<boolean> {
  if (/\.zip$/i.test(file.name)) return true;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Entries of a GroupLens zip that hold nothing we use; skipped without reading. */
export function isSkippedZipEntry(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return (
    path.endsWith('/') ||
    path.startsWith('__MACOSX/') ||
    path.includes('/__MACOSX/') ||
    base.startsWith('.') ||
    /^readme/i.test(base) ||
    /^(tags|genome-scores|genome-tags)\.csv$/i.test(base) ||
    /\.(txt|html?|pdf|pl|sh|md)$/i.test(base) ||
    /^u[1-5ab]\.(base|test)$/.test(base) ||
    /^u\.(user|genre|info|occupation)$/.test(base)
  );
}

/** What came out of a zip: one outcome per entry we read, and whether the archive itself was readable. */
export interface ZipOutcome {
  outcomes: IngestOutcome[];
  /** Set when the archive could not be unpacked (corrupt, encrypted, unsupported compression). */
  error: string | null;
}

/**
 * Unpacks a zip as it is read and parses each interesting entry through its own FileIngest; null when `signal`
 * aborted the read (entries finished before that are dropped too).
 */
export async function ingestZipFile(
  file: File,
  onProgress?: ReadProgress,
  signal?: AbortSignal,
): Promise<ZipOutcome | null> {
  const fromZip = file.name.replace(/\.zip$/i, '');
  const outcomes: IngestOutcome[] = [];
  let error: string | null = null;
  const unzip = new Unzip((entry: UnzipFile) => {
    if (isSkippedZipEntry(entry.name)) {
      entry.ondata = () => {};
      return;
    }
    const label = `${file.name}/${entry.name}`;
    const ingest = new FileIngest(label, { bytesTotal: entry.originalSize ?? 0, fromZip });
    entry.ondata = (err, chunk, final) => {
      if (err) {
        error ??= `${label} could not be unpacked (${err.message}).`;
        return;
      }
      if (ingest.wantsMore) ingest.write(chunk);
      if (final) outcomes.push(ingest.end());
    };
    try {
      entry.start();
    } catch (err) {
      error ??= `${label} uses a compression method Marquee cannot unpack (${(err as Error).message}).`;
    }
  });
  unzip.register(UnzipInflate);
  try {
    await readInSlices(
      file,
      (bytes) => {
        unzip.push(bytes, false);
        return error === null;
      },
      (bytesRead, bytesTotal) => onProgress?.(file.name, bytesRead, bytesTotal),
      signal,
    );
    if (signal?.aborted) return null;
    if (error === null) unzip.push(new Uint8Array(0), true);
  } catch (err) {
    error ??= `${file.name} is not a readable zip archive (${(err as Error).message}).`;
  }
  return { outcomes, error };
}
