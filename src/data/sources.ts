/**
 * Where bytes come from: a dropped File read through its stream, or the entries of a dropped .zip unpacked with fflate's
 * streaming `Unzip` (so a 250 MB ml-25m.zip is never held whole in memory next to its 650 MB ratings.csv).
 * Every file ends up in a FileIngest; this module only moves bytes and reports progress.
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { FileIngest, type IngestOutcome } from './ingest.ts';
import type { IgnoredFile, ReadProgress } from './types.ts';
import { unzipLimitProblem } from './zip-guard.ts';

/**
 * Compressed bytes handed to fflate per push. Deflate expands at most about 1032:1, so one push inflates to at most
 * ~64 MB, and the zip-bomb check between pushes stops a bomb before it takes more.
 */
const ZIP_PUSH_BYTES = 64 * 1024;

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

/**
 * Why an entry of a GroupLens zip is not parsed: "" for archive furniture nobody needs to hear about (folders,
 * macOS metadata, dotfiles), a reason for files we know hold nothing we use, null for entries to parse.
 */
export function zipEntrySkipReason(path: string): string | null {
  const base = path.split('/').pop() ?? '';
  if (path.endsWith('/') || path.startsWith('__MACOSX/') || path.includes('/__MACOSX/') || base.startsWith('.')) {
    return '';
  }
  if (/^readme/i.test(base) || /\.(txt|html?|pdf|pl|sh|md)$/i.test(base)) return 'documentation, not data';
  if (/^genome-(scores|tags)\.csv$/i.test(base)) return 'part of the MovieLens tag genome, which Marquee does not use';
  if (/^u[1-5ab]\.(base|test)$/.test(base))
    return "one of ml-100k's train/test splits; the ratings are read from u.data";
  if (/^u\.(user|genre|info|occupation)$/.test(base)) return "one of ml-100k's side files, not used";
  return null;
}

/** What came out of a zip: one outcome per entry we read, and whether the archive itself was readable. */
export interface ZipOutcome {
  outcomes: IngestOutcome[];
  /** Entries not parsed, with why. */
  ignored: IgnoredFile[];
  /** Set when the archive could not be unpacked (corrupt, encrypted, unsupported compression). */
  error: string | null;
}

/**
 * Unpacks a zip as it is read and parses each interesting entry through its own FileIngest; null when `signal`
 * aborted the read (entries finished before that are dropped too). Inflated bytes are counted (skipped entries
 * too) and unpacking stops past zip-guard.ts's limits.
 */
export async function ingestZipFile(
  file: File,
  onProgress?: ReadProgress,
  signal?: AbortSignal,
): Promise<ZipOutcome | null> {
  const fromZip = file.name.replace(/\.zip$/i, '');
  const outcomes: IngestOutcome[] = [];
  const ignored: IgnoredFile[] = [];
  let error: string | null = null;
  let zippedBytes = 0;
  let unzippedBytes = 0;
  /** Counts inflated bytes; false (with `error` set) once past the limits. */
  const withinLimits = (chunk: Uint8Array | null): boolean => {
    unzippedBytes += chunk?.length ?? 0;
    error ??= unzipLimitProblem(file.name, unzippedBytes, zippedBytes);
    return error === null;
  };
  /** The entry being parsed, for rows-per-second progress. */
  let current: FileIngest | null = null;
  /** Every entry's parse, so a cancel can let go of them all. */
  const started: FileIngest[] = [];
  const unzip = new Unzip((entry: UnzipFile) => {
    const skipReason = zipEntrySkipReason(entry.name);
    if (skipReason !== null) {
      if (skipReason) ignored.push({ file: `${file.name}/${entry.name}`, reason: skipReason });
      // Inflated and dropped: an entry never started has its compressed bytes kept by fflate until the end.
      entry.ondata = (_err, chunk) => {
        if (!withinLimits(chunk)) entry.terminate();
      };
      startEntry(entry, entry.name);
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
      if (!withinLimits(chunk)) return entry.terminate();
      if (ingest.wantsMore) ingest.write(chunk);
      if (final) outcomes.push(ingest.end());
    };
    startEntry(entry, label);
  });
  function startEntry(entry: UnzipFile, label: string): void {
    try {
      entry.start();
    } catch (err) {
      error ??= `${label} uses a compression method Marquee cannot unpack (${(err as Error).message}).`;
    }
  }
  unzip.register(UnzipInflate);
  try {
    await readStream(
      file,
      (bytes) => {
        for (let at = 0; at < bytes.length && error === null; at += ZIP_PUSH_BYTES) {
          const piece = bytes.subarray(at, at + ZIP_PUSH_BYTES);
          zippedBytes += piece.length;
          unzip.push(piece, false);
        }
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
  return { outcomes, ignored, error };
}
