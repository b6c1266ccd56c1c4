/**
 * Where bytes come from: a dropped File read through its stream, or the entries of a dropped .zip unpacked with fflate's
 * streaming `Unzip` (so a 250 MB ml-25m.zip is never held whole in memory next to its 650 MB ratings.csv).
 * Every file ends up in a FileIngest; this module only moves bytes and reports progress.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { FileIngest, type IngestOutcome } from './ingest.ts';
import type { ReadProgress } from './types.ts';

/** The largest piece parsed between progress reports and cancel checks. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** At most this often a progress report crosses to the page (each one is a message; per-chunk would flood it). */
const PROGRESS_INTERVAL_MS = 50;

/**
 * Reads `blob` through `blob.stream()`, calling `onBytes` with each chunk; stops early (cancelling the stream)
 * when `onBytes` returns false or `signal` aborts. The worker only sees a cancel message while a read is awaited,
 * so the check follows each await. `onProgress` is called at most every PROGRESS_INTERVAL_MS, first and last always.
 */
export async function readStream(
  blob: Blob,
  onBytes: (bytes: Uint8Array) => boolean,
  onProgress?: (bytesRead: number, bytesTotal: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const reader = blob.stream().getReader();
  let bytesRead = 0;
  let reportedAt = -Infinity;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted || done) break;
      // Browsers stream files in 64 KiB chunks; an in-memory Blob (Node, tests) may come whole, so parse and
      // report in pieces of at most READ_CHUNK_BYTES either way (subarrays: no copy).
      for (let at = 0; at < value.length; at += READ_CHUNK_BYTES) {
        const piece = value.length <= READ_CHUNK_BYTES ? value : value.subarray(at, at + READ_CHUNK_BYTES);
        bytesRead += piece.length;
        const keepGoing = onBytes(piece);
        const now = performance.now();
        if (now - reportedAt >= PROGRESS_INTERVAL_MS || bytesRead === blob.size) {
          reportedAt = now;
          onProgress?.(bytesRead, blob.size);
        }
        if (!keepGoing || signal?.aborted) return;
      }
    }
  } finally {
    // Stops the underlying file read and lets its buffers go.
    void reader.cancel().catch(() => {});
  }
}

/** Parses one plain (not zipped) file; null when `signal` aborted the read (the partial parse is dropped). */
export async function ingestPlainFile(
  file: File,
  onProgress?: ReadProgress,
  signal?: AbortSignal,
): Promise<IngestOutcome | null> {
  const ingest = new FileIngest(file.name, { bytesTotal: file.size, fromZip: null });
  await readStream(
    file,
    (bytes) => {
      ingest.write(bytes);
      return ingest.wantsMore;
    },
    (bytesRead, bytesTotal) => onProgress?.(file.name, bytesRead, bytesTotal, ingest.rowsRead),
    signal,
  );
  if (!signal?.aborted) return ingest.end();
  ingest.dispose();
  return null;
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
  /** The entry being parsed, for rows-per-second progress. */
  let current: FileIngest | null = null;
  /** Every entry's parse, so a cancel can let go of them all. */
  const started: FileIngest[] = [];
  const unzip = new Unzip((entry: UnzipFile) => {
    if (isSkippedZipEntry(entry.name)) {
      entry.ondata = () => {};
      return;
    }
    const label = `${file.name}/${entry.name}`;
    const ingest = new FileIngest(label, { bytesTotal: entry.originalSize ?? 0, fromZip });
    current = ingest;
    started.push(ingest);
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
    await readStream(
      file,
      (bytes) => {
        unzip.push(bytes, false);
        return error === null;
      },
      (bytesRead, bytesTotal) => onProgress?.(file.name, bytesRead, bytesTotal, current?.rowsRead ?? 0),
      signal,
    );
    if (signal?.aborted) {
      for (const ingest of started) ingest.dispose();
      return null;
    }
    if (error === null) unzip.push(new Uint8Array(0), true);
  } catch (err) {
    error ??= `${file.name} is not a readable zip archive (${(err as Error).message}).`;
  }
  return { outcomes, error };
}
