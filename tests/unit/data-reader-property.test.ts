/**
 * Property test of the text path (sniff, decode, papaparse in chunks, movies consumer): random titles with commas,
 * quotes and line breaks, quoted at random, CRLF or LF, UTF-8 with or without BOM or Latin-1, cut into chunks
 * anywhere (inside a quoted field, between CR and LF, inside a UTF-8 character) read back exactly as generated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MoviesPart } from '../../src/data/formats/format.ts';
import { FileIngest } from '../../src/data/ingest.ts';

/** ASCII plus accented letters that are all >= U+00C0, so their Latin-1 bytes are never valid UTF-8 by accident. */
const TITLE_CHARS = [...'abcXYZ019 ,"\'()-:&!', ...'éüñØÉàç'];
const GENRES = ['Drama', 'Comedy', 'Sci-Fi', 'Film-Noir', "Children's"];

interface Movie {
  id: number;
  title: string;
  genres: string[];
  quoteAll: boolean;
}

const movieArb = fc.record({
  id: fc.integer({ min: 1, max: 200000 }),
  // Titles are trimmed by the reader; generate them without outer spaces. A line break inside one needs quotes.
  title: fc
    .array(fc.oneof(fc.constantFrom(...TITLE_CHARS), fc.constant('\n')), { minLength: 1, maxLength: 24 })
    .map((chars) => chars.join('').trim())
    .filter((title) => title.length > 0),
  genres: fc.subarray(GENRES),
  quoteAll: fc.boolean(),
});

/** A CSV field as a careful writer would put it: quoted when it must be (or at random), inner quotes doubled. */
function field(text: string, quote: boolean, newline: string): string {
  const body = text.replaceAll('\n', newline);
  return quote || /[",\r\n]/.test(body) ? `"${body.replaceAll('"', '""')}"` : body;
}

function moviesCsv(movies: Movie[], newline: string): string {
  const rows = movies.map((m) =>
    [
      String(m.id),
      field(m.title, m.quoteAll, newline),
      field(m.genres.join('|') || '(no genres listed)', m.quoteAll, newline),
    ].join(','),
  );
  return ['movieId,title,genres', ...rows].join(newline) + newline;
}

function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'latin1'): Uint8Array {
  if (encoding === 'latin1') return Uint8Array.from(text, (char) => char.charCodeAt(0));
  const utf8 = new TextEncoder().encode(text);
  return encoding === 'utf-8' ? utf8 : new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
}

/** Feeds `bytes` cut at `cuts` (positions, any order) and returns the movies part. */
function read(bytes: Uint8Array, cuts: number[]): MoviesPart {
  const ingest = new FileIngest('movies.csv', { bytesTotal: bytes.length, fromZip: null });
  const points = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])].sort((a, b) => a - b);
  for (let i = 1; i < points.length; i++) ingest.write(bytes.slice(points[i - 1], points[i]));
  const outcome = ingest.end();
  if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome));
  return outcome.part as MoviesPart;
}

describe('reading movies.csv (property)', () => {
  it('gives back exactly the generated rows, however the file is written, encoded and cut', () => {
    fc.assert(
      fc.property(
        fc.array(movieArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf-8' as const, 'utf-8-bom' as const, 'latin1' as const),
        fc.array(fc.nat(), { maxLength: 30 }),
        (movies, newline, encoding, cuts) => {
          const bytes = encode(moviesCsv(movies, newline), encoding);
          // Also cut right after every CR, so a CRLF is split between two chunks.
          const crCuts =
            newline === '\r\n' && cuts.length % 2 === 0 ? [...bytes.keys()].filter((i) => bytes[i - 1] === 13) : [];
          const part = read(bytes, [...cuts, ...crCuts]);
          expect([...part.movieIds]).toEqual(movies.map((m) => m.id));
          expect(part.titles).toEqual(movies.map((m) => m.title.replaceAll('\n', newline)));
          expect(part.genres).toEqual(movies.map((m) => m.genres));
        },
      ),
      { numRuns: 300 },
    );
  });
});
