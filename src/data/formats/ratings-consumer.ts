/**
 * Ratings rows, shared by ratings.csv (MovieLens "latest"), u.data (ml-100k) and ratings.dat (ml-1m, ml-10m):
 * numbers go straight into typed arrays sized up front from the file size, bad rows are skipped and counted by
 * reason. Two front ends feed one collector: papaparse rows of strings (createRatingsConsumer) and the streaming
 * byte scanner for plain numeric files (ratings-bytes.ts), which keeps ml-25m's 25M rows from becoming 25M
 * short-lived arrays of strings.
 */
import { releaseNow } from '../growable.ts';
import type { ConsumerContext, ConsumerResult, RowConsumer } from './format.ts';
import { SkipTally, isBlankRow, parseId, quoteField } from './skips.ts';

/** Where the fields of a ratings row are. */
export interface RatingsColumns {
  user: number;
  movie: number;
  rating: number;
  /** The timestamp field (used to keep the latest of repeated ratings), or absent / -1 when the file has none. */
  timestamp?: number;
  /** Fields every row must have. */
  fieldCount: number;
}

/** Highest rating MovieLens uses (ratings are 0.5..5 in ml-latest, 1..5 in ml-100k). */
export const MAX_RATING = 5;

/**
 * Rows we allocate for before any are seen: the byte scanner sizes the arrays for the whole file from the bytes per
 * row of its first chunk (sizeFor), so the arrays are allocated once and never copied to grow. (Pages of the
 * unused tail are never written; a closer estimate from a sample of the file's end measured no less memory.)
 */
const FIRST_ROWS = 1 << 16;

/** Margin on the estimated row count: ids grow longer further down a file, so early rows overstate the count. */
const ESTIMATE_MARGIN = 1.02;

/** Why a rating field is unusable, or null when it is a number in 0..MAX_RATING. */
export function ratingProblem(text: string, rating: number): string | null {
  if (Number.isNaN(rating) || (rating === 0 && text.trim() === '')) return `rating ${quoteField(text)} is not a number`;
  if (!(rating >= 0 && rating <= MAX_RATING)) return `rating ${quoteField(text)} is outside 0 to ${MAX_RATING}`;
  return null;
}

/** A timestamp field as stored: whole seconds in 0..2^32-1, anything else 0 (it only breaks ties between repeats). */
export function timestampValue(value: number): number {
  return Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : 0;
}

/**
 * `columns` with the timestamp column filled in when the layout leaves it implicit: every MovieLens ratings file
 * (ratings.csv, u.data, ratings.dat) has four fields, user, movie, rating and timestamp, so the fourth is it.
 */
export function withTimestamp(columns: RatingsColumns): RatingsColumns {
  if (columns.timestamp !== undefined || columns.fieldCount !== 4) return columns;
  const taken = [columns.user, columns.movie, columns.rating];
  return { ...columns, timestamp: [0, 1, 2, 3].find((c) => !taken.includes(c)) ?? -1 };
}

/** Collects accepted rows of one ratings file into typed arrays, and skipped rows by reason. */
export class RatingsCollector {
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  /** Allocated on the first timestamp, so files without the column pay nothing. */
  timestamps: Uint32Array | null = null;
  /** Accepted rows (the arrays' used length). */
  count = 0;
  readonly tally: SkipTally;
  /** Non-blank rows seen, good or bad. */
  dataRows = 0;
  /** A problem that ends the file (e.g. a line too long to be a row); set by the byte scanner. */
  failure: string | null = null;

  constructor(
    readonly file: string,
    readonly context: ConsumerContext,
  ) {
    this.tally = new SkipTally(file);
    const capacity = context.bytesTotal > 0 ? Math.min(FIRST_ROWS, Math.ceil(context.bytesTotal / 16)) + 16 : 1024;
    this.userIds = new Int32Array(capacity);
    this.movieIds = new Int32Array(capacity);
    this.ratings = new Float32Array(capacity);
  }

  /** Makes room for at least `extra` more rows (1.5x growth; rare, since the arrays are sized from the file). */
  reserve(extra: number): void {
    const needed = this.count + extra;
    if (needed <= this.userIds.length) return;
    const capacity = Math.max(needed, Math.ceil(this.userIds.length * 1.5));
    this.userIds = grown(this.userIds, new Int32Array(capacity), this.count);
    this.movieIds = grown(this.movieIds, new Int32Array(capacity), this.count);
    this.ratings = grown(this.ratings, new Float32Array(capacity), this.count);
    if (this.timestamps) this.timestamps = grown(this.timestamps, new Uint32Array(capacity), this.count);
  }

  /** Sizes the arrays for the whole file once `rows` rows took `bytes` bytes (the first chunk), plus a margin. */
  sizeFor(bytes: number, rows: number): void {
    const total = this.context.bytesTotal;
    if (total <= bytes || rows === 0) return;
    this.reserve(Math.ceil(((total - bytes) / bytes) * rows * ESTIMATE_MARGIN) + 16);
  }

  /** The timestamps array, allocated (zeros for earlier rows) on first use. */
  timestampArray(): Uint32Array {
    this.timestamps ??= new Uint32Array(this.userIds.length);
    return this.timestamps;
  }

  /** Appends one validated row. */
  add(user: number, movie: number, rating: number, timestamp: number | null): void {
    this.reserve(1);
    const at = this.count++;
    this.userIds[at] = user;
    this.movieIds[at] = movie;
    this.ratings[at] = rating;
    if (timestamp !== null) this.timestampArray()[at] = timestamp;
  }

  /** Validates one row given as strings (the general path) and keeps or skips it. */
  addFields(fields: string[], columns: RatingsColumns, line: number): void {
    this.dataRows++;
    if (fields.length !== columns.fieldCount) {
      return this.skip(line, `expected ${columns.fieldCount} fields, found ${fields.length}`);
    }
    const user = parseId(fields[columns.user]);
    if (user < 0) return this.skip(line, `userId ${quoteField(fields[columns.user])} is not a whole number`);
    const movie = parseId(fields[columns.movie]);
    if (movie < 0) return this.skip(line, `movieId ${quoteField(fields[columns.movie])} is not a whole number`);
    const ratingText = fields[columns.rating];
    const rating = +ratingText;
    const problem = ratingProblem(ratingText, rating);
    if (problem) return this.skip(line, problem);
    const column = columns.timestamp ?? -1;
    this.add(user, movie, rating, column >= 0 ? timestampValue(+fields[column]) : null);
  }

  /** Records a skipped row; the tally groups it by reason (skips.ts) for the load report. */
  skip(line: number, message: string): void {
    this.tally.skip(line, message);
  }

  /** Drops the rows collected so far (a cancelled load), releasing their memory at once where possible. */
  dispose(): void {
    for (const array of [this.userIds, this.movieIds, this.ratings, this.timestamps]) if (array) releaseNow(array);
    this.userIds = this.movieIds = new Int32Array(0);
    this.ratings = new Float32Array(0);
    this.timestamps = null;
    this.count = 0;
  }

  /** The part, or a problem when the file failed or no row was usable. */
  finish(): ConsumerResult {
    const { file } = this;
    if (this.failure) return { problem: { file, message: this.failure } };
    if (this.count === 0) {
      const message =
        this.dataRows === 0
          ? `${file} has no ratings below its header. Drop a ratings file with at least one row.`
          : `${file} has no usable ratings: all ${this.dataRows.toLocaleString('en-US')} rows were skipped ` +
            `(${this.tally.describeFirst()}). Check that it is a MovieLens ratings file.`;
      return { problem: { file, message } };
    }
    const count = this.count;
    const part = {
      kind: 'ratings' as const,
      file,
      fromZip: this.context.fromZip,
      // Views, not copies: copying 25M rows took ~1 s, and the unused tail of each array was never written, so
      // its pages were never committed (they cost address space, not memory). The Dataset built from these is
      // made of fresh arrays (build.ts), so nothing here is ever transferred.
      userIds: this.userIds.subarray(0, count),
      movieIds: this.movieIds.subarray(0, count),
      ratings: this.ratings.subarray(0, count),
      timestamps: this.timestamps ? this.timestamps.subarray(0, count) : null,
    };
    return { part, rows: count, notes: [] };
  }
}

function grown<T extends Int32Array | Float32Array | Uint32Array>(from: T, to: T, count: number): T {
  to.set(from.subarray(0, count));
  return to;
}

/** A papaparse-row consumer that collects (userId, movieId, rating) triples from rows laid out as `columns`. */
export function createRatingsConsumer(file: string, layout: RatingsColumns, context: ConsumerContext): RowConsumer {
  const columns = withTimestamp(layout);
  const collector = new RatingsCollector(file, context);
  return {
    rows(rows, firstLine) {
      for (let i = 0; i < rows.length; i++) {
        if (rows[i].length !== columns.fieldCount && isBlankRow(rows[i])) continue;
        collector.addFields(rows[i], columns, firstLine + i);
      }
    },
    finish: () => collector.finish(),
    skipped: () => collector.tally.result(),
  };
}
