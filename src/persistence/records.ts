/**
 * What IndexedDB holds (see README.md): small metadata records listed by the Library, the packed bytes in
 * fixed-size chunks, and the "last opened" pointer. Every record carries `version`; recordProblem says what an
 * old or newer one needs, in words for people.
 */

/** Version of the metadata records; bump it with a migration in recordProblem's callers. */
export const RECORD_VERSION = 1;

/**
 * Bytes per chunk record: small enough that one put never copies much at once. A put on the page (a model's save)
 * costs its chunk's copy and serialisation in one task: 120-165 ms for 8 MB here, about a quarter of that for 2 MB.
 * Records saved with other chunk sizes read the same (a chunk's size is its own).
 */
export const CHUNK_BYTES = 2 << 20;

/** A saved dataset as the Library lists it. */
export interface DatasetRecord {
  version: number;
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  bytes: number;
  chunks: number;
  users: number;
  items: number;
  nnz: number;
  /** Its two parts (dataset-codec.ts): see PartsLayout. */
  headBytes?: number;
  headChunks?: number;
}

/**
 * Where a record saved in two parts keeps them: the head's container fills chunks 0 .. headChunks-1 (headBytes
 * long), the rest's the remaining chunks (bytes - headBytes). Absent in records saved whole (before the split).
 */
export interface PartsLayout {
  bytes: number;
  chunks: number;
  headBytes?: number;
  headChunks?: number;
}

/** Some of a record's chunks, read as one buffer: `chunks` of them from index `first` (0 when absent). */
export interface ChunkRange {
  id: string;
  first?: number;
  chunks: number;
  bytes: number;
}

/** The head's and the rest's chunks of a record saved in two parts, or null for one saved whole. */
export function partRanges(record: PartsLayout & { id: string }): { head: ChunkRange; rest: ChunkRange } | null {
  const { id, headBytes, headChunks } = record;
  if (headBytes === undefined || headChunks === undefined) return null;
  return {
    head: { id, chunks: headChunks, bytes: headBytes },
    rest: { id, first: headChunks, chunks: record.chunks - headChunks, bytes: record.bytes - headBytes },
  };
}

/** A saved model as the Library lists it. */
export interface ModelRecord {
  version: number;
  id: string;
  datasetId: string;
  datasetName: string;
  createdAt: number;
  bytes: number;
  chunks: number;
  factors: number;
  iterations: number;
  trainMs: number;
  /** How it came to be: trained here, or imported from a file. */
  source: 'trained' | 'imported';
  /** Its two parts (model-codec.ts): see PartsLayout. */
  headBytes?: number;
  headChunks?: number;
}

/** The pointer to what was open last (key "last" in the state store). */
export interface LastOpened {
  version: number;
  datasetId: string;
  modelId: string | null;
}

/** Why a record cannot be used as it is, or null when it can. */
export function recordProblem(record: { version?: unknown }, kind: 'dataset' | 'model'): string | null {
  const version = typeof record.version === 'number' ? record.version : 0;
  if (version === RECORD_VERSION) return null;
  if (version > RECORD_VERSION) return 'Saved by a newer version of Marquee: reload the page to update.';
  return kind === 'model'
    ? 'Saved by an older version of Marquee: retrain needed.'
    : 'Saved by an older version of Marquee: load its files again.';
}

/** The chunk keys of a record (or of `chunks` of them from `first`): [ownerId, index]. */
export function chunkKeys(id: string, chunks: number, first = 0): [string, number][] {
  return Array.from({ length: chunks }, (_, index) => [id, first + index] as [string, number]);
}

/** How many chunk records a buffer of this many bytes takes (at least one, so an empty record still has one). */
export function chunkCount(byteLength: number, size = CHUNK_BYTES): number {
  return Math.max(1, Math.ceil(byteLength / size));
}

/** True for the error a full storage quota raises (thrown by put, or as the transaction's error). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || (error as { code?: unknown } | null)?.code === 22;
}
