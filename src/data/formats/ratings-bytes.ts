/**
 * The streaming numeric parser for ratings files (ratings.csv without quotes, ml-100k's u.data, ml-1m/ml-10m's
 * ratings.dat): separators ',', '\t' or '::'; LF, CRLF or CR line breaks. papaparse turns each row into an array of
 * strings (30-50 MB/s and ~1 GB of garbage on 5M rows); here one pass over each chunk reads digits straight into the
 * collector's typed arrays, and only the bytes of a line cut by a chunk boundary are ever copied.
 * Any row that is not plain digits (signs, exponents, spaces, bad text) falls back to the same string checks as the
 * papaparse path, so messages and results match (tests/unit/data-parse.test.ts compares the two).
 */
import type { ByteRowSink } from './format.ts';
import {
  MAX_RATING,
  timestampValue,
  withTimestamp,
  type RatingsCollector,
  type RatingsColumns,
} from './ratings-consumer.ts';

const LF = 10;
const CR = 13;
const DOT = 46;
const COLON = 58;
/** Ids above this are not 32-bit; let the string path explain. */
const MAX_ID = 2147483647;
/** A line longer than this is not a ratings row: the file is refused instead of buffering it (or hanging). */
export const MAX_LINE_BYTES = 1 << 20;

/** The separators a ratings file may use. */
export type RatingsDelimiter = ',' | '\t' | '::' | (string & {});

/**
 * Creates the parser; `skipLines` header lines are skipped; `lineBreak` is LF (also CRLF) or CR. `delimiter` is
 * ',' (ratings.csv), '\t' (u.data) or '::' (ratings.dat); other single characters work too.
 */
export function createRatingsByteScanner(
  collector: RatingsCollector,
  layout: RatingsColumns,
  delimiter: RatingsDelimiter,
  skipLines: number,
  lineBreak: 'lf' | 'cr',
): ByteRowSink {
  const columns = withTimestamp(layout);
  const delimiterByte = delimiter.charCodeAt(0);
  // '::' is the only two-byte separator MovieLens uses; it is read as its first byte followed by a second ':'.
  const doubled = delimiter.length === 2;
  const terminator = lineBreak === 'cr' ? CR : LF;
  const { user: userColumn, movie: movieColumn, rating: ratingColumn, fieldCount } = columns;
  const timestampColumn = columns.timestamp ?? -1;
  const decoder = new TextDecoder();
  let carry: Uint8Array | null = null;
  /** Lines completed so far (the next line's 1-based number is line + 1). */
  let line = 0;

  function fail(lineNumber: number): void {
    collector.failure ??=
      `${collector.file}: line ${lineNumber.toLocaleString('en-US')} is longer than ${MAX_LINE_BYTES / 2 ** 20} MiB ` +
      'without a line break, so this is not a MovieLens ratings file (or it is damaged).';
  }

  /** The general path for one line (bytes[start, end), line break excluded). */
  function slowLine(bytes: Uint8Array, start: number, end: number, lineNumber: number): void {
    if (end > start && bytes[end - 1] === CR && terminator === LF) end--;
    if (end - start > MAX_LINE_BYTES) return fail(lineNumber);
    const text = decoder.decode(bytes.subarray(start, end));
    if (text.trim() === '') return;
    collector.addFields(text.split(delimiter), columns, lineNumber);
  }

  /**
   * Parses every complete line of bytes[from, bytes.length); returns where the incomplete last line starts.
   * The hot loop: locals only, one branch per byte, no allocation.
   */
  function scan(bytes: Uint8Array, from: number): number {
    const n = bytes.length;
    let pos = from;
    while (line < skipLines) {
      const end = bytes.indexOf(terminator, pos);
      if (end < 0) return pos;
      line++;
      pos = end + 1;
    }
    let users = collector.userIds;
    let movies = collector.movieIds;
    let ratings = collector.ratings;
    let stamps = timestampColumn >= 0 ? collector.timestampArray() : null;
    let count = collector.count;
    let rows = 0;
    try {
      while (pos < n) {
        const start = pos;
        if (count === users.length) {
          collector.count = count;
          collector.reserve(1 + ((n - pos) >> 4));
          users = collector.userIds;
          movies = collector.movieIds;
          ratings = collector.ratings;
          stamps = timestampColumn >= 0 ? collector.timestampArray() : null;
        }
        let field = 0;
        let user = 0;
        let movie = 0;
        let rating = 0;
        let stamp = 0;
        let plain = true;
        let blank = false;
        let b = 0;
        for (;;) {
          let whole = 0;
          let fraction = 0;
          let scale = 1;
          let digits = 0;
          let dots = 0;
          for (;;) {
            if (pos === n) return start; // the line goes on in the next chunk
            b = bytes[pos];
            const digit = b - 48;
            if (digit >= 0 && digit <= 9) {
              digits++;
              if (dots === 0) whole = whole * 10 + digit;
              else if (scale < 1e9) {
                fraction = fraction * 10 + digit;
                scale *= 10;
              }
            } else if (b === DOT && dots === 0) dots = 1;
            else break;
            pos++;
          }
          if (digits === 0) {
            // A blank line (nothing before its break), or a field that is not a plain number.
            blank = field === 0 && (b === terminator || (b === CR && terminator === LF));
            plain = false;
            break;
          }
          if (field === userColumn) {
            if (dots > 0 || whole > MAX_ID) plain = false;
            user = whole;
          } else if (field === movieColumn) {
            if (dots > 0 || whole > MAX_ID) plain = false;
            movie = whole;
          } else if (field === ratingColumn) rating = whole + fraction / scale;
          else if (field === timestampColumn) stamp = timestampValue(whole + fraction / scale);
          field++;
          if (b !== delimiterByte || !plain) break;
          pos++;
          if (doubled) {
            if (pos === n) return start;
            if (bytes[pos] !== COLON) {
              plain = false;
              break;
            }
            pos++;
          }
        }
        if (blank && b === CR && terminator === LF) {
          if (pos + 1 === n) return start;
          blank = bytes[pos + 1] === LF;
          if (blank) pos++;
        }
        if (blank) {
          line++;
          pos++;
          continue;
        }
        // The line must end here: the terminator, or CR then LF.
        if (plain && b === CR && terminator === LF) {
          if (pos + 1 === n) return start;
          if (bytes[pos + 1] === LF) pos++;
          else plain = false;
        } else if (b !== terminator) plain = false;
        if (plain && field === fieldCount && rating <= MAX_RATING) {
          users[count] = user;
          movies[count] = movie;
          ratings[count] = rating;
          if (stamps) stamps[count] = stamp;
          count++;
          rows++;
          line++;
          pos++;
          continue;
        }
        const end = bytes.indexOf(terminator, pos);
        if (end < 0) return start;
        line++;
        collector.count = count;
        collector.dataRows += rows;
        rows = 0;
        slowLine(bytes, start, end, line);
        count = collector.count;
        users = collector.userIds;
        movies = collector.movieIds;
        ratings = collector.ratings;
        stamps = timestampColumn >= 0 ? collector.timestampArray() : null;
        pos = end + 1;
      }
      return pos;
    } finally {
      collector.count = count;
      collector.dataRows += rows;
    }
  }

  return {
    write(bytes) {
      if (collector.failure) return;
      let from = 0;
      if (carry) {
        // Complete the line cut by the last chunk boundary: copy only its bytes, then parse the rest in place.
        const end = bytes.indexOf(terminator);
        const joined = concat(carry, end < 0 ? bytes : bytes.subarray(0, end + 1));
        carry = null;
        const left = scan(joined, 0);
        if (end < 0 || left < joined.length) {
          carry = joined.subarray(left);
          if (carry.length > MAX_LINE_BYTES) fail(line + 1);
          return;
        }
        from = end + 1;
      }
      const left = scan(bytes, from);
      if (left < bytes.length) {
        carry = bytes.slice(left);
        if (carry.length > MAX_LINE_BYTES) fail(line + 1);
      }
    },
    end() {
      if (carry && !collector.failure) {
        const last = concat(carry, Uint8Array.of(terminator));
        scan(last, 0);
      }
      carry = null;
    },
    finish: () => collector.finish(),
    skipped: () => collector.tally.result(),
    failed: () => collector.failure !== null,
    linesRead: () => line,
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
