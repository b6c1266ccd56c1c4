/**
 * The Dataset contract between data/ (which builds it in the reader worker) and everything downstream.
 * Typed arrays only for anything sized by ratings; one string per movie for titles, genres and posters.
 */

import type { PackedCatalogStrings } from '../persistence/catalog-strings.ts';
import type { PartsLayout } from '../persistence/records.ts';

/** A sparse matrix in compressed sparse row form: row r's entries are indices/values[indptr[r] .. indptr[r+1]). */
export interface Csr {
  /** rows + 1 offsets into indices/values. */
  indptr: Int32Array;
  /** Column index of each stored entry, ascending within a row. */
  indices: Int32Array;
  /** Value of each stored entry (the MovieLens rating). */
  values: Float32Array;
}

/** Per-movie metadata, indexed by item index (0 .. items-1), in the same order as Dataset.itemIds. */
export interface Catalog {
  /** Display title as in movies.csv, e.g. "Toy Story (1995)"; "Movie 123" when movies.csv is missing. */
  titles: string[];
  /** Release year parsed from the title, 0 when unknown. */
  years: Int16Array;
  /** Genres per movie, e.g. ["Adventure", "Animation"]; [] for "(no genres listed)". */
  genres: string[][];
  /** TMDB poster_path ("/abc.jpg") or "" when unknown. */
  posterPaths: string[];
  /** IMDb id (numeric part) from links.csv, 0 when unknown. */
  imdbIds: Int32Array;
  /** TMDB id from links.csv, 0 when unknown. */
  tmdbIds: Int32Array;
  /** The most used tags of each movie from tags.csv (lower-cased, most frequent first); [] when none. */
  tags: string[][];
}

/** A loaded interaction dataset: users x items, both directions, plus the id maps and catalogue. */
export interface Dataset {
  /** Human-readable source, e.g. "ml-latest-small" or "Sample catalogue (synthetic)". */
  name: string;
  /** True for the built-in synthetic sample. */
  synthetic: boolean;
  users: number;
  items: number;
  nnz: number;
  /** Original MovieLens userId of each user index. */
  userIds: Int32Array;
  /** Original MovieLens movieId of each item index. */
  itemIds: Int32Array;
  /** users x items ratings. */
  userItems: Csr;
  /** items x users ratings (the transpose). */
  itemUsers: Csr;
  /** Number of ratings of each item (itemUsers row lengths), for the "minimum ratings" filter. */
  itemCounts: Int32Array;
  catalog: Catalog;
  /**
   * The kernels' shared memory that holds the matrices and item counts, when it does (engine/arena.ts): a fit then
   * trains on them where they are.
   */
  arena?: WebAssembly.Memory;
  /**
   * True while the ratings of a dataset reopened from storage are still being read (its head came first, so a
   * restored model's wall shows at once): `userItems` and `itemUsers` are empty until then. Training, evaluation,
   * a dataset user's recommendations and the reader's merge wait for the complete dataset.
   */
  pendingRatings?: true;
}

/** A problem with one input file that a person can act on. */
export interface FileProblem {
  /** The file's name as the person knows it. */
  file: string;
  /** What is wrong and what to do, in plain words. */
  message: string;
}

/** Rows that could not be read are skipped and counted, never fatal. */
export interface SkippedRows {
  file: string;
  count: number;
  /** The first few 1-based line numbers (header is line 1). */
  firstLines: number[];
  /** Why the first skipped row was rejected, e.g. "rating 'abc' is not a number". */
  firstReason: string;
  /** The same rows grouped by reason (the reason without the offending value), in order of first occurrence. */
  reasons: SkipReason[];
}

/** Skipped rows that share one reason. */
export interface SkipReason {
  /** The reason with values left out, e.g. "rating is not a number". */
  reason: string;
  count: number;
  /** The first few 1-based line numbers with this reason. */
  firstLines: number[];
  /** The first such row's full reason, value included, e.g. "rating 'abc' is not a number". */
  example: string;
}

/** A file that was read past (or not read) without being a problem: tag genome, README, u.user... */
export interface IgnoredFile {
  file: string;
  /** Why, in plain words. */
  reason: string;
}

/** Which kind of MovieLens (or poster) file a dropped file was recognised as. */
export type FileKind = 'ratings' | 'movies' | 'links' | 'posters' | 'tags';

/** What the reader says after taking in one batch of files. */
export interface LoadResult {
  /** The dataset built from everything accepted so far, or null while no ratings are loaded. */
  dataset: Dataset | null;
  /** Files accepted in this batch, with what they were recognised as and their row counts. */
  accepted: { file: string; kind: FileKind; rows: number }[];
  /** Files rejected in this batch (the earlier dataset stays as it was). */
  problems: FileProblem[];
  /** Rows skipped in accepted files. */
  skipped: SkippedRows[];
  /** Files recognised as holding nothing Marquee uses (genome, README...), or unknown files inside a zip. */
  ignored: IgnoredFile[];
  /** Non-fatal notes, e.g. "movies.csv lists 18 movies nobody rated; they are not searchable". */
  notes: string[];
  /** True when the load was cancelled: nothing from this batch was kept, and `dataset` is the earlier one rebuilt. */
  cancelled?: boolean;
  /**
   * Set when this batch built a new dataset: the reader keeps that dataset packed for saving (persistence's
   * container) under this number, until `writeSaved` has written it or a newer dataset replaces it.
   */
  savedFormId?: number;
  /**
   * From the reader worker: the dataset's catalogue string fields, packed (its catalogue holds them empty until the
   * page unpacks them, `unpackCatalogStrings`).
   */
  catalogStrings?: PackedCatalogStrings;
}

/**
 * Progress of a long read: bytes of the current file, for a progress bar, and the lines its ratings parser has read
 * so far (0 for files that do not count them), for rows per second.
 */
export type ReadProgress = (fileName: string, bytesRead: number, bytesTotal: number, rowsRead?: number) => void;

/** The reader worker's interface (comlink). Keeps accepted files between calls, so files can arrive one after another. */
export interface ReaderApi {
  /**
   * Parse files (CSV, or a .zip holding them), merge with what was loaded before, and rebuild the dataset.
   * `memoryBytes`: what the page may use (see data/memory.ts memoryBudget); larger inputs are refused before reading.
   */
  load(files: File[], onProgress?: ReadProgress, memoryBytes?: number): Promise<LoadResult>;
  /** Replace everything with the seeded synthetic sample catalogue. */
  loadSample(seed?: number): Promise<LoadResult>;
  /** Forget everything loaded. */
  reset(): Promise<void>;
  /**
   * Hold a dataset read back from storage, so later files merge with it. Its private users x items entries may be
   * left out (empty indices and values): they are then given back with putRatings before the next load.
   */
  seed(dataset: Dataset): Promise<void>;
  /**
   * The users x items matrix whose entries the page must give back (putRatings, from the dataset it shows, from
   * entry `received` on) before the next load, or null: without shared memory the reader lets go of its copy of
   * them once the page holds the dataset.
   */
  lentRatings(): Promise<{ users: number; nnz: number; received: number } | null>;
  /** Gives back entries `at`.. of the users x items matrix (indices and values, transferred), in order. */
  putRatings(slice: { at: number; indices: Int32Array; values: Float32Array }): Promise<void>;
  /** Stop the load in flight after its current slice; it resolves with `cancelled: true` and the earlier dataset. */
  cancel(): void;
  /**
   * Write the packed dataset `savedFormId` to IndexedDB as the chunks of record `recordId` (persistence/store.ts),
   * reporting bytes written; resolves with where its head and ratings lie, or null when a newer dataset has
   * replaced it.
   */
  writeSaved(
    savedFormId: number,
    recordId: string,
    onProgress?: (bytesWritten: number, bytesTotal: number) => void,
  ): Promise<PartsLayout | null>;
}
