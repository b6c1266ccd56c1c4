/**
 * What every file family module provides: a recogniser that looks at a file's first line (and name),
 * and a row consumer that turns parsed rows into a typed "part" of a dataset.
 * The parts are kept by the reader between loads and merged into a Dataset (see ../build.ts).
 */
import type { Csr, FileKind, FileProblem, SkippedRows } from '../types.ts';

/** Ratings as parsed, in file order: original MovieLens ids, one entry per accepted row. */
export interface RatingsPart {
  kind: 'ratings';
  file: string;
  /** The zip the file came from (without ".zip"), or null for a loose file; used to name the dataset. */
  fromZip: string | null;
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Seconds since 1970 per row when the file has them (0 when a row's is unreadable): the latest repeat wins. */
  timestamps?: Uint32Array | null;
  /**
   * Set by the first build (build.ts), which then empties the columns above: the deduplicated users x items matrix
   * with its id maps, from which later builds start.
   */
  built?: {
    userIds: Int32Array;
    itemIds: Int32Array;
    userItems: Csr;
    duplicates: number;
    /** When the matrices are in an arena (engine/arena.ts): the rest of the pair, used again as it is. */
    arena?: WebAssembly.Memory;
    itemUsers?: Csr;
    itemCounts?: Int32Array;
  };
}

/** Catalogue rows as parsed: one entry per movie in the file. */
export interface MoviesPart {
  kind: 'movies';
  file: string;
  movieIds: Int32Array;
  titles: string[];
  genres: string[][];
  /** Year from another column (ml-100k's release date), 0 when unknown; null when the format has none. */
  years: Int16Array | null;
}

/** links.csv: movieId to IMDb and TMDB ids (0 when empty). */
export interface LinksPart {
  kind: 'links';
  file: string;
  movieIds: Int32Array;
  imdbIds: Int32Array;
  tmdbIds: Int32Array;
}

/** A poster table: TMDB poster paths keyed by whichever ids the file has (null when it lacks that column). */
export interface PostersPart {
  kind: 'posters';
  file: string;
  movieIds: Int32Array | null;
  tmdbIds: Int32Array | null;
  imdbIds: Int32Array | null;
  /** TMDB poster_path, e.g. "/uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg". */
  paths: string[];
}

/** tags.csv (or ml-10m's tags.dat) boiled down: each tagged movie's most used tags, most used first. */
export interface TagsPart {
  kind: 'tags';
  file: string;
  movieIds: Int32Array;
  /** Lower-cased tags of movieIds[i], duplicates merged, at most TAGS_KEPT (formats/tags.ts). */
  tags: string[][];
}

/** Any parsed part. */
export type ParsedPart = RatingsPart | MoviesPart | LinksPart | PostersPart | TagsPart;

/** What a consumer hands back when the file is done: a part with its row count, or a problem. */
export type ConsumerResult = { part: ParsedPart; rows: number; notes: string[] } | { problem: FileProblem };

/** Receives parsed rows of one file, in order. */
export interface RowConsumer {
  /** Rows of fields; `firstLine` is the 1-based line number of rows[0] (header is line 1). */
  rows(rows: string[][], firstLine: number): void;
  /** Called once after the last row. */
  finish(): ConsumerResult;
  /** The rows skipped so far, or null when none were. */
  skipped(): SkippedRows | null;
}

/** How to parse a recognised file. */
export interface FileFormat {
  kind: FileKind;
  /** Human description used in messages, e.g. "MovieLens ratings.csv". */
  description: string;
  delimiter: string;
  /** Quote character; ml-100k files have none, so we pass a character that never occurs. */
  quoteChar: string;
  /** Text is UTF-8 or, when not valid UTF-8, Latin-1 (../text-decode.ts); no format needs to say which. */
  hasHeader: boolean;
  /** Makes the consumer; `header` is the parsed first line (empty when hasHeader is false). */
  createConsumer(file: string, header: string[], context: ConsumerContext): RowConsumer;
  /** Optional byte-level parser for plain numeric files, used instead of papaparse when the file has no quotes. */
  createByteScanner?(file: string, header: string[], context: ConsumerContext, lineBreak: 'lf' | 'cr'): ByteRowSink;
}

/** The dialect of the headed CSV files we read (MovieLens "latest" files, poster tables): spread into a FileFormat. */
export const HEADED_CSV = {
  delimiter: ',',
  quoteChar: '"',
  hasHeader: true,
} as const satisfies Pick<FileFormat, 'delimiter' | 'quoteChar' | 'hasHeader'>;

/** A quote character that never occurs, so papaparse splits on the delimiter only (ml-100k and .dat files). */
export const NO_QUOTE = '\u0000';

/** A parser fed raw bytes (BOM removed) rather than papaparse rows. */
export interface ByteRowSink extends Pick<RowConsumer, 'finish' | 'skipped'> {
  /** Feeds the next bytes. */
  write(bytes: Uint8Array): void;
  /** Parses a last line without a line break. */
  end(): void;
  /** True once the file is refused outright (e.g. a line of megabytes): the caller can stop reading it. */
  failed?(): boolean;
  /** Lines read so far, for rows-per-second progress. */
  linesRead?(): number;
  /** Lets go of everything parsed so far (a cancelled load): the arrays are freed now where the runtime can. */
  dispose?(): void;
}

/** Extra facts a consumer may use. */
export interface ConsumerContext {
  /** Size of the file in bytes (uncompressed), for pre-sizing typed arrays; 0 when unknown. */
  bytesTotal: number;
  /** The zip the file came from, without ".zip", or null. */
  fromZip: string | null;
}

/** The result of looking at a file's first line. */
export type Recognition =
  | { format: FileFormat }
  /** A file we know but do not use (genome, u.user, README...): listed as ignored with this reason, not a problem. */
  | { ignore: string }
  | null;

/** A recogniser: looks at the first line (BOM and line ending removed) and the file name. */
export type Recogniser = (firstLine: string, fileName: string) => Recognition;
