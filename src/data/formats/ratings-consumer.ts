/**
 * Ratings rows, shared by ratings.csv (MovieLens "latest") and u.data (ml-100k): numbers go straight into growable
 * typed arrays, bad rows are skipped and counted. Two front ends feed one collector: papaparse rows of strings
 * (createRatingsConsumer) and a byte scanner for plain numeric files (ratings-bytes.ts), which is what keeps
 * ml-25m's 25M rows from becoming 25M short-lived arrays of strings.
 */
import { growableFloat32, growableInt32 } from '../growable.ts';
import type { ConsumerContext, ConsumerResult, RowConsumer } from './format.ts';
import { SkipTally, isBlankRow, parseId, quoteField } from './skips.ts';

/** Where the fields of a ratings row are. */
export interface RatingsColumns {
  user: number;
  movie: number;
  rating: number;
  /** Fields every row must have. */
  fieldCount: number;
}

/** Highest rating MovieLens uses (ratings are 0.5..5 in ml-latest, 1..5 in ml-100k). */
export const MAX_RATING = 5;

/** Bytes per ratings row we assume when pre-sizing arrays ("1,1,4.0,964982703\r\n" is 19; ml-25m averages ~27). */
const ASSUMED_BYTES_PER_ROW = 24;

/** Why a rating field is unusable, or null when it is a number in 0..MAX_RATING. */
export function ratingProblem(text: string, rating: number): string | null {
  if (Number.isNaN(rating) || (rating === 0 && text.trim() === '')) return `rating ${quoteField(text)} is not a number`;
  if (!(rating >= 0 && rating <= MAX_RATING)) return `rating ${quoteField(text)} is outside 0 to ${MAX_RATING}`;
  return null;
}

/** Collects accepted triples and skipped rows of one ratings file. */
export class RatingsCollector {
  readonly userIds;
  readonly movieIds;
  readonly ratings;
  readonly tally: SkipTally;
  /** Non-blank rows seen, good or bad. */
  dataRows = 0;

  constructor(
    readonly file: string,
    readonly context: ConsumerContext,
  ) {
    const capacity = context.bytesTotal > 0 ? context.bytesTotal / ASSUMED_BYTES_PER_ROW : 1024;
    this.userIds = growableInt32(capacity);
    this.movieIds = growableInt32(capacity);
    this.ratings = growableFloat32(capacity);
    this.tally = new SkipTally(file);
  }

  /** Validates one row given as strings (the general path) and keeps or skips it. */
  addFields(fields: string[], columns: RatingsColumns, line: number): void {
    this.dataRows++;
    if (fields.length !== columns.fieldCount) {
      this.tally.skip(line, `expected ${columns.fieldCount} fields, found ${fields.length}`);
      return;
    }
    const user = parseId(fields[columns.user]);
    if (user < 0) return this.tally.skip(line, `userId ${quoteField(fields[columns.user])} is not a whole number`);
    const movie = parseId(fields[columns.movie]);
    if (movie < 0) return this.tally.skip(line, `movieId ${quoteField(fields[columns.movie])} is not a whole number`);
    const ratingText = fields[columns.rating];
    const rating = +ratingText;
    const problem = ratingProblem(ratingText, rating);
    if (problem) return this.tally.skip(line, problem);
    this.userIds.push(user);
    this.movieIds.push(movie);
    this.ratings.push(rating);
  }

  /** The part, or a problem when no row was usable. */
  finish(): ConsumerResult {
    const { file } = this;
    if (this.userIds.length === 0) {
      const message =
        this.dataRows === 0
          ? `${file} has no ratings below its header. Drop a ratings file with at least one row.`
          : `${file} has no usable ratings: all ${this.dataRows.toLocaleString('en-US')} rows were skipped ` +
            `(${this.tally.describeFirst()}). Check that it is a MovieLens ratings file.`;
      return { problem: { file, message } };
    }
    return {
      part: {
        kind: 'ratings',
        file,
        fromZip: this.context.fromZip,
        userIds: this.userIds.toArray(),
        movieIds: this.movieIds.toArray(),
        ratings: this.ratings.toArray(),
      },
      rows: this.userIds.length,
      notes: [],
    };
  }
}

/** A papaparse-row consumer that collects (userId, movieId, rating) triples from rows laid out as `columns`. */
export function createRatingsConsumer(file: string, columns: RatingsColumns, context: ConsumerContext): RowConsumer {
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
