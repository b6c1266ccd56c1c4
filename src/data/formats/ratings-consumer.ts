/**
 * The one ratings row consumer, shared by ratings.csv (MovieLens "latest") and u.data (ml-100k):
 * numbers go straight into growable typed arrays, bad rows are skipped and counted.
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

/** A consumer that collects (userId, movieId, rating) triples from rows laid out as `columns`. */
export function createRatingsConsumer(file: string, columns: RatingsColumns, context: ConsumerContext): RowConsumer {
  const capacity = context.bytesTotal > 0 ? context.bytesTotal / ASSUMED_BYTES_PER_ROW : 1024;
  const userIds = growableInt32(capacity);
  const movieIds = growableInt32(capacity);
  const ratings = growableFloat32(capacity);
  const tally = new SkipTally(file);
  let dataRows = 0;

  return {
    rows(rows, firstLine) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const line = firstLine + i;
        if (row.length !== columns.fieldCount) {
          if (isBlankRow(row)) continue;
          dataRows++;
          tally.skip(line, `expected ${columns.fieldCount} fields, found ${row.length}`);
          continue;
        }
        dataRows++;
        const user = parseId(row[columns.user]);
        if (user < 0) {
          tally.skip(line, `userId ${quoteField(row[columns.user])} is not a whole number`);
          continue;
        }
        const movie = parseId(row[columns.movie]);
        if (movie < 0) {
          tally.skip(line, `movieId ${quoteField(row[columns.movie])} is not a whole number`);
          continue;
        }
        const ratingText = row[columns.rating];
        const rating = +ratingText;
        if (Number.isNaN(rating) || (rating === 0 && ratingText.trim() === '')) {
          tally.skip(line, `rating ${quoteField(ratingText)} is not a number`);
          continue;
        }
        if (!(rating >= 0 && rating <= MAX_RATING)) {
          tally.skip(line, `rating ${quoteField(ratingText)} is outside 0 to ${MAX_RATING}`);
          continue;
        }
        userIds.push(user);
        movieIds.push(movie);
        ratings.push(rating);
      }
    },
    finish(): ConsumerResult {
      if (userIds.length === 0) {
        const message =
          dataRows === 0
            ? `${file} has no ratings below its header. Drop a ratings file with at least one row.`
            : `${file} has no usable ratings: all ${dataRows.toLocaleString('en-US')} rows were skipped ` +
              `(${tally.describeFirst()}). Check that it is a MovieLens ratings file.`;
        return { problem: { file, message } };
      }
      return {
        part: {
          kind: 'ratings',
          file,
          fromZip: context.fromZip,
          userIds: userIds.toArray(),
          movieIds: movieIds.toArray(),
          ratings: ratings.toArray(),
        },
        rows: userIds.length,
        notes: [],
      };
    },
    skipped: () => tally.result(),
  };
}
