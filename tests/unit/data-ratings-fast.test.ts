/**
 * The ratings fast path (formats/ratings-bytes.ts) against papaparse: separators ',', '\t' and '::', LF, CRLF and
 * CR, a BOM, and chunk boundaries falling anywhere (inside a number, between CR and LF, inside '::'); plus the
 * long-line guard, the per-reason note and the keep-the-latest rule for repeated ratings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvChunks } from '../../src/data/csv-chunks.ts';
import type { RatingsPart } from '../../src/data/formats/format.ts';
import { MAX_LINE_BYTES, createRatingsByteScanner } from '../../src/data/formats/ratings-bytes.ts';
import { RatingsCollector, createRatingsConsumer } from '../../src/data/formats/ratings-consumer.ts';
import { FileIngest } from '../../src/data/ingest.ts';
import { Reader } from '../../src/data/reader.ts';

const encoder = new TextEncoder();
const COLUMNS = { user: 0, movie: 1, rating: 2, fieldCount: 4 };
const NO_QUOTE = '\u0000';

/** The reference: papaparse rows through the string checks, header line skipped when `header`. */
function viaPapaparse(text: string, delimiter: string, header: boolean) {
  const consumer = createRatingsConsumer('r', COLUMNS, { bytesTotal: 0, fromZip: null });
  const chunks = new CsvChunks(delimiter, NO_QUOTE, (rows, firstLine) => {
    if (header && firstLine === 1) [rows, firstLine] = [rows.slice(1), 2];
    consumer.rows(rows, firstLine);
  });
  chunks.push(text.replace(/^\uFEFF/, ''));
  chunks.end();
  return { result: consumer.finish(), skipped: consumer.skipped() };
}

/** The fast path, fed `bytes` cut at `cuts` (any positions, in any order, repeats allowed). */
function viaBytes(bytes: Uint8Array, cuts: number[], delimiter: string, header: boolean, lineBreak: 'lf' | 'cr') {
  const collector = new RatingsCollector('r', { bytesTotal: bytes.length, fromZip: null });
  const scanner = createRatingsByteScanner(collector, COLUMNS, delimiter, header ? 1 : 0, lineBreak);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const point of [...points, bytes.length]) {
    if (point > at) scanner.write(bytes.slice(at, point));
    at = Math.max(at, point);
  }
  scanner.end();
  return { result: scanner.finish(), skipped: scanner.skipped() };
}

const field = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 300_000 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom('4.0', '3.5', '0.5', '5', '0', '964982703', '1e9') },
  { weight: 1, arbitrary: fc.constantFrom('5.5', '.5', '4.', '-1', ' 7', 'x', '', '2147483648', 'NaN', '9.25', ':') },
);

describe('the ratings fast path agrees with papaparse (property)', () => {
  for (const delimiter of [',', '\t', '::']) {
    it(`with ${JSON.stringify(delimiter)}, LF, CRLF or CR, with or without a header and BOM, cut anywhere`, () => {
      const row = fc.array(field, { minLength: 3, maxLength: 5 }).map((fields) => fields.join(delimiter));
      fc.assert(
        fc.property(
          fc.array(fc.oneof({ weight: 9, arbitrary: row }, { weight: 1, arbitrary: fc.constant('') }), {
            maxLength: 30,
          }),
          fc.constantFrom('\n', '\r\n', '\r'),
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          fc.array(fc.nat(), { maxLength: 12 }),
          (rows, newline, header, bom, lastBreak, cuts) => {
            const lines = header ? ['userId,movieId,rating,timestamp'.replaceAll(',', delimiter), ...rows] : rows;
            const text = (bom && header ? '\uFEFF' : '') + lines.join(newline) + (lastBreak ? newline : '');
            // The BOM is FileIngest's to remove (it does so before the scanner sees a byte).
            const bytes = encoder.encode(text.replace(/^\uFEFF/, ''));
            const lineBreak = newline === '\r' ? 'cr' : 'lf';
            expect(viaBytes(bytes, cuts, delimiter, header, lineBreak)).toEqual(viaPapaparse(text, delimiter, header));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('through FileIngest: a BOM and CRLF ratings.csv cut at every single position reads the same', () => {
    const text = '\uFEFFuserId,movieId,rating,timestamp\r\n1,10,4.0,964982703\r\n1,20,3.5,964982224\r\n22,3,5,1\r\n';
    const bytes = encoder.encode(text);
    const expected = { userIds: [1, 1, 22], movieIds: [10, 20, 3], ratings: [4, 3.5, 5] };
    for (let cut = 0; cut <= bytes.length; cut++) {
      const ingest = new FileIngest('ratings.csv', { bytesTotal: bytes.length, fromZip: null });
      ingest.write(bytes.slice(0, cut));
      ingest.write(bytes.slice(cut));
      const outcome = ingest.end();
      if (outcome.status !== 'accepted') throw new Error(`cut at ${cut}: ${JSON.stringify(outcome)}`);
      const part = outcome.part as RatingsPart;
      const got = { userIds: [...part.userIds], movieIds: [...part.movieIds], ratings: [...part.ratings] };
      expect(got, `cut at ${cut}`).toEqual(expected);
      expect([...part.timestamps!], `cut at ${cut}`).toEqual([964982703, 964982224, 1]);
    }
  });
});

describe('the ratings fast path', () => {
  function scan(text: string, delimiter = ',', header = true) {
    const collector = new RatingsCollector('ratings.dat', { bytesTotal: text.length, fromZip: null });
    const scanner = createRatingsByteScanner(collector, COLUMNS, delimiter, header ? 1 : 0, 'lf');
    scanner.write(encoder.encode(text));
    scanner.end();
    return { scanner, result: scanner.finish() };
  }

  it("reads ml-1m's ratings.dat layout (user::movie::rating::timestamp, no header)", () => {
    const { result } = scan('1::1193::5::978300760\n1::661::3::978302109\n6040::1097::4::956715569\n', '::', false);
    if (!('part' in result)) throw new Error(JSON.stringify(result));
    const part = result.part as RatingsPart;
    expect([...part.userIds]).toEqual([1, 1, 6040]);
    expect([...part.movieIds]).toEqual([1193, 661, 1097]);
    expect([...part.ratings]).toEqual([5, 3, 4]);
    expect([...part.timestamps!]).toEqual([978300760, 978302109, 956715569]);
  });

  it('refuses a file whose line runs past 1 MiB without a break, without waiting for the end', () => {
    const collector = new RatingsCollector('ratings.csv', { bytesTotal: 0, fromZip: null });
    const scanner = createRatingsByteScanner(collector, COLUMNS, ',', 1, 'lf');
    scanner.write(encoder.encode('userId,movieId,rating,timestamp\n1,2,3,4\n'));
    const piece = new Uint8Array(256 * 1024).fill(0x37); // '7' repeated: one endless number
    let written = 0;
    while (!scanner.failed!() && written < 8 * MAX_LINE_BYTES) {
      scanner.write(piece);
      written += piece.length;
    }
    expect(written, 'it stopped soon after the cap').toBeLessThanOrEqual(MAX_LINE_BYTES + piece.length);
    scanner.end();
    const result = scanner.finish();
    expect(result).toEqual({
      problem: {
        file: 'ratings.csv',
        message:
          'ratings.csv cannot be read: line 3 is longer than 1 MiB without a line break, so it is not a MovieLens ' +
          'ratings file (or it is damaged).',
      },
    });
  });

  it('counts skipped rows by reason, with their first line numbers', () => {
    const text = [
      'userId,movieId,rating,timestamp',
      '1,10,4.0,1', // 2 ok
      '-3,10,4.0,1', // 3 negative id
      '1,11,NaN,1', // 4 rating not a number
      'x,12,3,1', // 5 non-numeric id
      '1,13,7.5,1', // 6 outside 0..5
      '1,14', // 7 fields
      '2,15,3.0,1', // 8 ok
    ].join('\n');
    const { result, scanner } = scan(text);
    if (!('part' in result)) throw new Error(JSON.stringify(result));
    expect(result.rows).toBe(2);
    expect(scanner.skipped()).toMatchObject({
      file: 'ratings.dat',
      count: 5,
      firstLines: [3, 4, 5, 6, 7],
      firstReason: "userId '-3' is not a whole number",
      reasons: [
        { reason: 'userId is not a whole number', count: 2, firstLines: [3, 5] },
        { reason: 'rating is not a number', count: 1, firstLines: [4] },
        { reason: 'rating is outside 0 to 5', count: 1, firstLines: [6] },
        { reason: 'expected 4 fields, found another number', count: 1, firstLines: [7] },
      ],
    });
  });

  it('keeps the latest of repeated ratings by timestamp through the reader, and says how many it dropped', async () => {
    const text = 'userId,movieId,rating,timestamp\n1,5,2.0,300\n1,5,4.5,100\n2,5,1.0,50\n1,6,3.0,10\n1,5,3.5,300\n';
    const result = await new Reader().load([new File([text], 'ratings.csv')]);
    const { userItems } = result.dataset!;
    // User 1, movie 5: t=300 twice; the later line (3.5) wins over the earlier one (2.0) and over t=100 (4.5).
    expect([...userItems.values]).toEqual([3.5, 3, 1]);
    expect(result.notes[0]).toMatch(/^ratings\.csv has 2 repeated ratings .* latest of each pair by timestamp/);
  });

  it('lets go of what it parsed when a load is cancelled', () => {
    const ingest = new FileIngest('ratings.csv', { bytesTotal: 1 << 20, fromZip: null });
    const collector = new RatingsCollector('ratings.csv', { bytesTotal: 1 << 20, fromZip: null });
    const scanner = createRatingsByteScanner(collector, COLUMNS, ',', 1, 'lf');
    const bytes = encoder.encode('userId,movieId,rating,timestamp\n1,2,3.5,4\n5,6,1,7\n');
    ingest.write(bytes);
    scanner.write(bytes);
    expect([ingest.rowsRead, collector.count]).toEqual([3, 2]);
    ingest.dispose();
    scanner.dispose!();
    expect(ingest.wantsMore).toBe(false);
    expect([collector.count, collector.userIds.length, collector.ratings.length, collector.timestamps]).toEqual([
      0,
      0,
      0,
      null,
    ]);
  });
});
