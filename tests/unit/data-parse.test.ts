/** Parsing of single files: line endings, quoting, BOM, encodings, bad rows, unrecognised files. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvChunks } from '../../src/data/csv-chunks.ts';
import { createRatingsByteScanner } from '../../src/data/formats/ratings-bytes.ts';
import { RatingsCollector, createRatingsConsumer } from '../../src/data/formats/ratings-consumer.ts';
import type { MoviesPart, RatingsPart } from '../../src/data/formats/format.ts';
import { FileIngest, type IngestOutcome } from '../../src/data/ingest.ts';
import { ingestPlainFile } from '../../src/data/sources.ts';

const encoder = new TextEncoder();

/** Parses `bytes` as file `name`, fed in pieces of `pieceBytes` (to cross chunk boundaries). */
function ingestBytes(name: string, bytes: Uint8Array, pieceBytes = bytes.length || 1): IngestOutcome {
  const ingest = new FileIngest(name, { bytesTotal: bytes.length, fromZip: null });
  for (let at = 0; at < bytes.length; at += pieceBytes) ingest.write(bytes.slice(at, at + pieceBytes));
  return ingest.end();
}

function accepted(outcome: IngestOutcome) {
  if (outcome.status !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function ratingsOf(outcome: IngestOutcome): RatingsPart {
  return accepted(outcome).part as RatingsPart;
}

const RATINGS_ROWS = [
  [1, 10, 4, 964982703],
  [1, 20, 3.5, 964982224],
  [2, 10, 0.5, 964981247],
];

function ratingsCsv(newline: string, rows = RATINGS_ROWS): string {
  return ['userId,movieId,rating,timestamp', ...rows.map((r) => r.join(','))].join(newline) + newline;
}

describe('ratings.csv', () => {
  for (const [label, newline] of [
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ] as const) {
    it(`reads ${label} line endings`, () => {
      const part = ratingsOf(ingestBytes('ratings.csv', encoder.encode(ratingsCsv(newline))));
      expect([...part.userIds]).toEqual(RATINGS_ROWS.map((r) => r[0]));
      expect([...part.movieIds]).toEqual(RATINGS_ROWS.map((r) => r[1]));
      expect([...part.ratings]).toEqual(RATINGS_ROWS.map((r) => r[2]));
    });
  }

  it('gives the same triples however the bytes are split into chunks', () => {
    const rows = Array.from({ length: 60 }, (_, i) => [1 + (i % 7), 100 + i, 0.5 + (i % 10) / 2, 1e9 + i]);
    const bytes = encoder.encode('\uFEFF' + ratingsCsv('\r\n', rows));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 97 }), (pieceBytes) => {
        const part = ratingsOf(ingestBytes('ratings.csv', bytes, pieceBytes));
        expect([...part.movieIds]).toEqual(rows.map((r) => r[1]));
        expect([...part.ratings]).toEqual(rows.map((r) => r[2]));
      }),
    );
  });

  it('ignores a UTF-8 byte-order mark and blank trailing lines', () => {
    const text = '\uFEFF' + ratingsCsv('\r\n') + '\r\n\r\n';
    const outcome = accepted(ingestBytes('ratings.csv', encoder.encode(text)));
    expect(outcome.rows).toBe(3);
    expect(outcome.skipped).toBeNull();
  });

  it('accepts a ratings file without the timestamp column, and a last line without a line break', () => {
    const text = 'userId,movieId,rating\n5,7,2.5\n6,8,5.0';
    const part = ratingsOf(ingestBytes('my-ratings.csv', encoder.encode(text)));
    expect([...part.userIds]).toEqual([5, 6]);
    expect([...part.ratings]).toEqual([2.5, 5]);
  });

  it('skips bad rows, counting them with 1-based line numbers and the first reason', () => {
    const text = [
      'userId,movieId,rating,timestamp', // line 1
      '1,10,4.0,1', // 2 ok
      'x,10,4.0,1', // 3 bad user
      '1,11,abc,1', // 4 bad rating
      '1,12,7.5,1', // 5 out of range
      '1,13', // 6 wrong field count
      '2,14,3.0,1', // 7 ok
      '',
    ].join('\n');
    const outcome = accepted(ingestBytes('ratings.csv', encoder.encode(text)));
    expect(outcome.rows).toBe(2);
    expect(outcome.skipped).toMatchObject({
      file: 'ratings.csv',
      count: 4,
      firstLines: [3, 4, 5, 6],
      firstReason: "userId 'x' is not a whole number",
    });
  });

  it('turns a ratings file whose every row is bad into a problem naming the file', () => {
    const text = 'userId,movieId,rating,timestamp\n1,2,abc,3\n4,5,,6\n';
    const outcome = ingestBytes('ratings.csv', encoder.encode(text));
    expect(outcome.status).toBe('rejected');
    if (outcome.status !== 'rejected') return;
    expect(outcome.problem.file).toBe('ratings.csv');
    expect(outcome.problem.message).toMatch(/ratings\.csv has no usable ratings: all 2 rows were skipped/);
    expect(outcome.problem.message).toContain("line 2: rating 'abc' is not a number");
  });
});

describe('the byte scanner for plain ratings', () => {
  const columns = { user: 0, movie: 1, rating: 2, fieldCount: 4 };
  const context = { bytesTotal: 0, fromZip: null };

  function viaPapaparse(text: string) {
    const consumer = createRatingsConsumer('r.csv', columns, context);
    const chunks = new CsvChunks(',', '"', (rows, firstLine) => {
      if (firstLine === 1) [rows, firstLine] = [rows.slice(1), 2]; // header
      consumer.rows(rows, firstLine);
    });
    chunks.push(text);
    chunks.end();
    return { result: consumer.finish(), skipped: consumer.skipped() };
  }

  function viaBytes(text: string, pieceBytes: number) {
    const scanner = createRatingsByteScanner(new RatingsCollector('r.csv', context), columns, ',', 1, 'lf');
    const bytes = encoder.encode(text);
    for (let at = 0; at < bytes.length; at += pieceBytes) scanner.write(bytes.slice(at, at + pieceBytes));
    scanner.end();
    return { result: scanner.finish(), skipped: scanner.skipped() };
  }

  it('accepts and skips exactly the rows papaparse plus the string checks do (property)', () => {
    const field = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('4.0', '3.5', '0.5', '5', '5.5', '.5', '4.', '-1', '1e2', ' 7', 'x', '', '2147483648', '9.25'),
    );
    const row = fc.array(field, { minLength: 2, maxLength: 5 }).map((fields) => fields.join(','));
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 50 }),
        (rows, newline, piece) => {
          const text = ['userId,movieId,rating,timestamp', ...rows].join(newline) + newline;
          expect(viaBytes(text, piece)).toEqual(viaPapaparse(text));
        },
      ),
    );
  });
});

describe('movies.csv', () => {
  it('reads quoted titles with commas and doubled quotes, and "(no genres listed)"', () => {
    const text =
      'movieId,title,genres\r\n' +
      '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n' +
      '11,"American President, The (1995)",Comedy|Drama|Romance\r\n' +
      '7789,"11\'09""01 - September 11 (2002)",Drama\r\n' +
      '143410,Hyena Road,(no genres listed)\r\n';
    const part = accepted(ingestBytes('movies.csv', encoder.encode(text), 17)).part as MoviesPart;
    expect([...part.movieIds]).toEqual([1, 11, 7789, 143410]);
    expect(part.titles).toEqual([
      'Toy Story (1995)',
      'American President, The (1995)',
      '11\'09"01 - September 11 (2002)',
      'Hyena Road',
    ]);
    expect(part.genres[1]).toEqual(['Comedy', 'Drama', 'Romance']);
    expect(part.genres[3]).toEqual([]);
  });

  it('keeps multi-byte UTF-8 characters intact across chunk boundaries', () => {
    const text = 'movieId,title,genres\n1,"Misérables, Les (1995)",Drama\n2,Amélie (2001),Comedy|Romance\n';
    const bytes = encoder.encode(text);
    for (let piece = 1; piece < 8; piece++) {
      const part = accepted(ingestBytes('movies.csv', bytes, piece)).part as MoviesPart;
      expect(part.titles).toEqual(['Misérables, Les (1995)', 'Amélie (2001)']);
    }
  });
});

describe('ml-100k', () => {
  it('reads tab-separated u.data without a header', () => {
    const text = '196\t242\t3\t881250949\n186\t302\t3\t891717742\n';
    const outcome = accepted(ingestBytes('u.data', encoder.encode(text)));
    expect(outcome.kind).toBe('ratings');
    expect([...(outcome.part as RatingsPart).movieIds]).toEqual([242, 302]);
  });

  it('decodes u.item as latin-1 and turns genre flags into names', () => {
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, g) => (on.includes(g) ? 1 : 0)).join('|');
    const line1 = `1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy|${flags([3, 4, 5])}\n`;
    const line2 = `9|Misérables, Les (1995)|01-Jan-1995||http://x|${flags([8])}\n`;
    const bytes = Uint8Array.from([...line1, ...line2].map((c) => c.charCodeAt(0))); // one byte per char: latin-1
    const outcome = accepted(ingestBytes('u.item', bytes));
    const part = outcome.part as MoviesPart;
    expect(part.titles).toEqual(['Toy Story (1995)', 'Misérables, Les (1995)']);
    expect(part.genres[0]).toEqual(['Animation', "Children's", 'Comedy']);
    expect(part.genres[1]).toEqual(['Drama']);
  });
});

describe('files that are not MovieLens files', () => {
  const cases: [string, Uint8Array<ArrayBuffer>][] = [
    ['photo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48])],
    ['empty.csv', new Uint8Array(0)],
    ['sales.csv', encoder.encode('date,region,amount\n2024-01-01,North,12\n')],
  ];
  for (const [name, bytes] of cases) {
    it(`rejects ${name} with a message naming it and saying what was expected`, async () => {
      const outcome = (await ingestPlainFile(new File([bytes], name)))!;
      expect(outcome.status).toBe('rejected');
      if (outcome.status !== 'rejected') return;
      expect(outcome.problem.file).toBe(name);
      expect(outcome.problem.message.startsWith(name)).toBe(true);
      // An image is told where poster images go; anything else is told what we expected.
      expect(outcome.problem.message).toContain(
        name.endsWith('.png') ? 'Add poster images' : 'userId,movieId,rating,timestamp',
      );
    });
  }

  it('lists a tag genome file as ignored instead of calling it a problem', () => {
    const outcome = ingestBytes('genome-tags.csv', encoder.encode('tagId,tag\n1,007\n'));
    expect(outcome).toMatchObject({ status: 'ignored', reason: expect.stringContaining('genome') });
  });
});

describe('CsvChunks', () => {
  it('numbers lines across chunks, counting a quoted line break inside a field', () => {
    const seen: [string[], number][] = [];
    const chunks = new CsvChunks(',', '"', (rows, firstLine) =>
      rows.forEach((row, i) => seen.push([row, firstLine + i])),
    );
    const text = 'id,overview\r\n1,"two\r\nlines"\r\n2,plain\r\n';
    for (const piece of text.match(/.{1,5}/gs)!) chunks.push(piece);
    chunks.end();
    expect(seen).toEqual([
      [['id', 'overview'], 1],
      [['1', 'two\r\nlines'], 2],
      [['2', 'plain'], 4],
    ]);
  });
});
