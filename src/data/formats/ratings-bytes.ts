/**
 * A byte-level scanner for plain numeric ratings files (ratings.csv without quotes, ml-100k's u.data).
 * papaparse turns each row into an array of strings; at ml-25m's 25M rows that garbage dominated the load time,
 * so for this one hot, simple format we read digits straight from the bytes into the typed arrays.
 * Any row that is not plain digits (signs, exponents, spaces, bad text) falls back to the same string checks
 * as the papaparse path, so messages and results match (tests/unit/data-parse.test.ts compares the two).
 */
import type { ByteRowSink } from './format.ts';
import { MAX_RATING, RatingsCollector, type RatingsColumns } from './ratings-consumer.ts';

const LF = 10;
const CR = 13;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Ids above this are not 32-bit; let the string path explain. */
const MAX_ID = 2147483647;

/** Creates the scanner; `skipLines` header lines are skipped; `lineBreak` is LF (also CRLF) or CR. */
export function createRatingsByteScanner(
  collector: RatingsCollector,
  columns: RatingsColumns,
  delimiter: string,
  skipLines: number,
  lineBreak: 'lf' | 'cr',
): ByteRowSink {
  const delimiterByte = delimiter.charCodeAt(0);
  const terminator = lineBreak === 'cr' ? CR : LF;
  const decoder = new TextDecoder();
  let carry: Uint8Array | null = null;
  let line = 0;
  const values = new Float64Array(columns.fieldCount);

  /** Parses bytes[start, end) as one line (its line break excluded). */
  function parseLine(bytes: Uint8Array, start: number, end: number): void {
    line++;
    if (line <= skipLines) return;
    if (end > start && bytes[end - 1] === CR) end--; // CRLF
    if (end === start) return; // blank line
    let field = 0;
    let at = start;
    // Fast path: every field is digits with at most one dot; the user and movie fields have no dot.
    while (at <= end) {
      let whole = 0;
      let fraction = 0;
      let scale = 1;
      let digits = 0;
      let dots = 0;
      for (; at < end; at++) {
        const b = bytes[at];
        if (b === delimiterByte) break;
        if (b >= ZERO && b <= NINE) {
          digits++;
          if (dots === 0) whole = whole * 10 + (b - ZERO);
          else if (scale < 1e9) {
            fraction = fraction * 10 + (b - ZERO);
            scale *= 10;
          }
        } else if (b === DOT && dots === 0) dots = 1;
        else return slowLine(bytes, start, end);
      }
      if (field < values.length) {
        if (digits === 0) return slowLine(bytes, start, end);
        if ((field === columns.user || field === columns.movie) && (dots > 0 || whole > MAX_ID)) {
          return slowLine(bytes, start, end);
        }
        values[field] = whole + fraction / scale;
      }
      field++;
      at++; // past the delimiter (or past the end, which ends the loop)
    }
    if (field !== columns.fieldCount) return slowLine(bytes, start, end);
    const rating = values[columns.rating];
    if (rating > MAX_RATING) return slowLine(bytes, start, end);
    collector.dataRows++;
    collector.userIds.push(values[columns.user]);
    collector.movieIds.push(values[columns.movie]);
    collector.ratings.push(rating);
  }

  function slowLine(bytes: Uint8Array, start: number, end: number): void {
    const text = decoder.decode(bytes.subarray(start, end));
    if (text.trim() === '') return;
    collector.addFields(text.split(delimiter), columns, line);
  }

  return {
    write(bytes) {
      let data = bytes;
      if (carry) {
        data = new Uint8Array(carry.length + bytes.length);
        data.set(carry);
        data.set(bytes, carry.length);
        carry = null;
      }
      let start = 0;
      for (let i = data.indexOf(terminator); i >= 0; i = data.indexOf(terminator, start)) {
        parseLine(data, start, i);
        start = i + 1;
      }
      if (start < data.length) carry = data.slice(start);
    },
    end() {
      if (carry) parseLine(carry, 0, carry.length);
      carry = null;
    },
    finish: () => collector.finish(),
    skipped: () => collector.tally.result(),
  };
}
