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
  /** Bytes written so far, and whether the arrays were sized for the whole file yet. */
  let bytesSeen = 0;
  let sized = false;

  function fail(lineNumber: number): void {
    collector.failure ??=
      `${collector.file} cannot be read: line ${lineNumber.toLocaleString('en-US')} is longer than ` +
      `${MAX_LINE_BYTES / 2 ** 20} MiB without a line break, so it is not a MovieLens ratings file (or it is damaged).`;
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
   * The hot loop: locals only, no allocation, and no end-of-buffer test per byte: only lines that start before the
   * chunk's last line break are parsed, and that break stops every digit and field loop (it is neither a digit, a
   * dot nor a separator), so no read can run past it.
   */
  function scan(bytes: Uint8Array, from: number): number {
    let pos = from;
    while (line < skipLines) {
      const end = bytes.indexOf(terminator, pos);
      if (end < 0) return pos;
      line++;
      pos = end + 1;
    }
    const lastBreak = bytes.lastIndexOf(terminator);
    if (lastBreak < pos) return pos;
    let users = collector.userIds;
    let movies = collector.movieIds;
    let ratings = collector.ratings;
    let stamps = timestampColumn >= 0 ? collector.timestampArray() : null;
    let count = collector.count;
    let rows = 0;
    while (pos <= lastBreak) {
      const start = pos;
      if (count === users.length) {
        collector.count = count;
        collector.reserve(1 + ((lastBreak - pos) >> 4));
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
      let b = bytes[pos];
      for (;;) {
        // A field: digits, optionally a dot and more digits.
        const fieldStart = pos;
        let whole = 0;
        let digit = b - 48;
        while (digit >= 0 && digit <= 9) {
          whole = whole * 10 + digit;
          b = bytes[++pos];
          digit = b - 48;
        }
        let value = whole;
        let integral = true;
        if (b === DOT) {
          integral = false;
          let fraction = 0;
          let scale = 1;
          b = bytes[++pos];
          digit = b - 48;
          while (digit >= 0 && digit <= 9) {
            if (scale < 1e9) {
              fraction = fraction * 10 + digit;
              scale *= 10;
            }
            b = bytes[++pos];
            digit = b - 48;
          }
          value = whole + fraction / scale;
          if (pos - fieldStart === 1) plain = false; // a lone dot
        }
        if (pos === fieldStart) {
          plain = false; // an empty field, or one that is not a plain number (or a blank line)
          break;
        }
        if (field === userColumn) {
          if (!integral || whole > MAX_ID) plain = false;
          user = whole;
        } else if (field === movieColumn) {
          if (!integral || whole > MAX_ID) plain = false;
          movie = whole;
        } else if (field === ratingColumn) rating = value;
        else if (field === timestampColumn) stamp = timestampValue(value);
        field++;
        if (b !== delimiterByte || !plain) break;
        b = bytes[++pos];
        if (doubled) {
          if (b !== COLON) {
            plain = false;
            break;
          }
          b = bytes[++pos];
        }
      }
      // The line must end here: the terminator, or CR then LF.
      if (b === CR && terminator === LF) {
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
      // Anything else (a blank line too) takes the general path, which has the words for what is wrong.
      const end = bytes.indexOf(terminator, pos);
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
    collector.count = count;
    collector.dataRows += rows;
    return pos;
  }

  return {
    write(bytes) {
      if (collector.failure) return;
      bytesSeen += bytes.length;
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
      if (!sized && line > skipLines) {
        // The first chunk's bytes per row give the file's row count: allocate once, for all of it.
        sized = true;
        collector.sizeFor(bytesSeen - (carry?.length ?? 0), line);
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
    dispose() {
      carry = null;
      collector.dispose();
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
