/** Every MovieLens family by content (tags, .dat files, u.genre), encodings, and the hostile-input limits. */
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_ROW_CHARS } from '../../src/data/csv-chunks.ts';
import type { MoviesPart, RatingsPart, TagsPart } from '../../src/data/formats/format.ts';
import { FileIngest, type IngestOutcome } from '../../src/data/ingest.ts';
import { memoryBudget, tooBigMessage } from '../../src/data/memory.ts';
import { Reader } from '../../src/data/reader.ts';
import { AutoDecoder, incompleteUtf8Tail } from '../../src/data/text-decode.ts';
import { readZipDirectory, unzipLimitProblem } from '../../src/data/zip-guard.ts';

const encoder = new TextEncoder();
const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

function ingest(name: string, bytes: Uint8Array, pieceBytes = bytes.length || 1): IngestOutcome {
  const file = new FileIngest(name, { bytesTotal: bytes.length, fromZip: null });
  for (let at = 0; at < bytes.length; at += pieceBytes) file.write(bytes.slice(at, at + pieceBytes));
  return file.end();
}

function partOf<T>(outcome: IngestOutcome): T {
  if (outcome.status !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(outcome)}`);
  return outcome.part as T;
}

function problemOf(outcome: IngestOutcome): string {
  if (outcome.status !== 'rejected') throw new Error(`expected a problem, got ${outcome.status}`);
  return outcome.problem.message;
}

describe('tags', () => {
  it('keeps the most used tags per movie, case and spacing merged, ties in first-seen order', () => {
    const text =
      'userId,movieId,tag,timestamp\r\n1,1,Pixar,1\r\n2,1,pixar ,1\r\n3,1,funny,1\r\n4,1,"toys,  kids",1\r\n' +
      '5,2,<script>alert(1)</script>,1\r\n';
    const part = partOf<TagsPart>(ingest('tags.csv', encoder.encode(text), 7));
    expect(part.kind).toBe('tags');
    expect([...part.movieIds]).toEqual([1, 2]);
    expect(part.tags).toEqual([['pixar', 'funny', 'toys, kids'], ['<script>alert(1)</script>']]);
  });

  it("reads ml-10m's tags.dat and keeps at most eight tags", () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i + 1}::4973::tag ${i}::1215184630`);
    const part = partOf<TagsPart>(ingest('tags.dat', encoder.encode(rows.join('\n'))));
    expect(part.tags[0]).toHaveLength(8);
  });
});

describe('.dat files (ml-1m, ml-10m)', () => {
  it('reads ratings.dat with "::" separators, whatever its name', () => {
    const part = partOf<RatingsPart>(ingest('r.txt', encoder.encode('1::1193::5::978300760\n1::661::3::978302109\n')));
    expect([...part.userIds, ...part.movieIds, ...part.ratings]).toEqual([1, 1, 1193, 661, 5, 3]);
  });

  it('reads a Latin-1 movies.dat (ml-1m) and a UTF-8 one (ml-10m) alike', () => {
    const text = "1::Toy Story (1995)::Animation|Children's|Comedy\r\n73::Misérables, Les (1995)::Drama|Musical\r\n";
    for (const bytes of [latin1(text), encoder.encode(text)]) {
      for (const piece of [3, 64]) {
        const outcome = ingest('movies.dat', bytes, piece);
        const part = partOf<MoviesPart>(outcome);
        expect(part.titles).toEqual(['Toy Story (1995)', 'Misérables, Les (1995)']);
        expect(part.genres[0]).toEqual(['Animation', "Children's", 'Comedy']);
        const isLatin1 = bytes.length < encoder.encode(text).length;
        expect(outcome.status === 'accepted' && outcome.notes.some((n) => n.includes('Latin-1'))).toBe(isLatin1);
      }
    }
  });

  it('lists users.dat and u.genre as ignored, not as problems', () => {
    expect(ingest('users.dat', encoder.encode('1::F::1::10::48067\n')).status).toBe('ignored');
    expect(ingest('genres', encoder.encode('unknown|0\nAction|1\n')).status).toBe('ignored');
  });
});

describe('encodings', () => {
  it('decodes a Latin-1 movies.csv, with or without CRLF, split anywhere', () => {
    const text = 'movieId,title,genres\r\n1,"Misérables, Les (1995)",Drama\r\n2,Amélie (2001),Comedy\r\n';
    for (const newline of ['\r\n', '\n']) {
      const bytes = latin1(text.replaceAll('\r\n', newline));
      for (let piece = 1; piece <= bytes.length; piece += 7) {
        expect(partOf<MoviesPart>(ingest('movies.csv', bytes, piece)).titles).toEqual([
          'Misérables, Les (1995)',
          'Amélie (2001)',
        ]);
      }
    }
  });

  it('keeps UTF-8 with a BOM as UTF-8, even when a character is split between chunks', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...encoder.encode('movieId,title,genres\n1,Amélie 東京 (2001),Comedy\n'),
    ]);
    for (let piece = 1; piece < 12; piece++) {
      const outcome = ingest('movies.csv', bytes, piece);
      expect(partOf<MoviesPart>(outcome).titles).toEqual(['Amélie 東京 (2001)']);
      expect(outcome.status === 'accepted' && outcome.notes).toEqual([]);
    }
  });

  it('finds an incomplete UTF-8 sequence at the end of a chunk', () => {
    expect(incompleteUtf8Tail(encoder.encode('ab'))).toBe(0);
    expect(incompleteUtf8Tail(encoder.encode('é').subarray(0, 1))).toBe(1);
    expect(incompleteUtf8Tail(encoder.encode('東').subarray(0, 2))).toBe(2);
    expect(incompleteUtf8Tail(encoder.encode('東'))).toBe(0);
    const decoder = new AutoDecoder();
    expect(decoder.decode(Uint8Array.of(0x41, 0xc3)) + decoder.decode(Uint8Array.of(0xa9, 0x42), true)).toBe('AéB');
    expect(decoder.encoding).toBe('utf-8');
  });
});

describe('hostile input', () => {
  it('refuses a line longer than the limit instead of re-parsing it forever', () => {
    const head = encoder.encode('movieId,title,genres\n1,');
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    const file = new FileIngest('movies.csv', { bytesTotal: 0, fromZip: null });
    file.write(head);
    let written = 0;
    while (file.wantsMore && written < 4 * MAX_ROW_CHARS) {
      file.write(chunk);
      written += chunk.length;
    }
    expect(written).toBeLessThanOrEqual(MAX_ROW_CHARS + 2 * chunk.length);
    expect(problemOf(file.end())).toMatch(/movies\.csv cannot be read: line 2 is longer than 8 MB/);
  });

  it('refuses a row with thousands of columns', () => {
    const text = 'movieId,title,genres\n1,' + 'x,'.repeat(5000) + 'y\n';
    expect(problemOf(ingest('movies.csv', encoder.encode(text), 4096))).toMatch(/line 2 has 5,002 fields/);
  });

  it('reads a zip directory, refuses a truncated zip and one that inflates far past its size', async () => {
    const zip = zipSync({ 'a/ratings.csv': strToU8('userId,movieId,rating\n1,1,4\n') });
    expect(await readZipDirectory(new Blob([zip]), 'a.zip')).toEqual({
      entries: 1,
      unzippedBytes: 28,
      files: [{ name: 'a/ratings.csv', unzippedBytes: 28 }],
    });
    expect(await readZipDirectory(new Blob([zip.subarray(0, zip.length - 30)]), 'a.zip')).toMatch(
      /damaged or incomplete/,
    );
    expect(unzipLimitProblem('bomb.zip', 5 * 1024 ** 3, 5_000_000)).toMatch(/more than 4 GB/);
    expect(unzipLimitProblem('bomb.zip', 1024 ** 3, 1_000_000)).toMatch(/zip bomb/);
    expect(unzipLimitProblem('ml-25m.zip', 1.1 * 1024 ** 3, 250_000_000)).toBeNull();
  });

  it('stops inflating a zip bomb whose directory understates its size', async () => {
    // 80 MB of zeros deflate to ~80 KB; the directory is patched to claim 10 bytes, so only the count catches it.
    const zip = zipSync({ 'ratings.csv': new Uint8Array(80 * 1024 * 1024) }, { level: 1 });
    const view = new DataView(zip.buffer);
    for (let at = zip.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 10, true);
    }
    const result = await new Reader().load([new File([zip], 'bomb.zip')]);
    expect(result.problems).toEqual([{ file: 'bomb.zip', message: expect.stringMatching(/zip bomb/) }]);
  });
});

describe('the Reader with bad input', () => {
  const ratings = 'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,3.0,1\n2,1,5.0,1\n2,9,2.0,1\n';
  const movies = 'movieId,title,genres\n1,Toy Story (1995),Animation\n2,Jumanji (1995),Adventure\n';

  it('keeps ratings of movies missing from movies.csv, titled "unknown title #id"', async () => {
    const result = await new Reader().load([new File([ratings], 'ratings.csv'), new File([movies], 'movies.csv')]);
    expect(result.dataset?.nnz).toBe(4);
    expect(result.dataset?.catalog.titles).toEqual(['Toy Story (1995)', 'Jumanji (1995)', 'unknown title #9']);
  });

  it('says so when the same file is dropped twice, and counts nothing twice', async () => {
    const reader = new Reader();
    const file = new File([ratings], 'ratings.csv', { lastModified: 1000 });
    const first = await reader.load([file, file]);
    expect(first.dataset?.nnz).toBe(4);
    expect(first.problems).toEqual([{ file: 'ratings.csv', message: expect.stringMatching(/dropped twice/) }]);
    const again = await reader.load([new File([ratings], 'ratings.csv', { lastModified: 1000 })]);
    expect(again.problems[0].message).toMatch(/already loaded/);
    expect(again.accepted).toEqual([]);
    expect(again.dataset?.nnz).toBe(4);
    // A different file replaces it and the first may then come back.
    await reader.load([new File([ratings + '3,1,1.0,1\n'], 'ratings.csv', { lastModified: 2000 })]);
    expect((await reader.load([file])).accepted).toHaveLength(1);
  });

  it('refuses a zip whose files to read would not fit, not counting the files it only skips', async () => {
    const zip = zipSync({ 'ml/ratings.csv': strToU8(ratings), 'ml/genome-scores.csv': new Uint8Array(5000) });
    const fits = await new Reader().load([new File([zip], 'ml.zip')], undefined, 3 * ratings.length);
    expect(fits.problems).toEqual([]);
    const tight = await new Reader().load([new File([zip], 'ml.zip')], undefined, 3 * ratings.length - 1);
    expect(tight.problems[0].message).toMatch(/^ml\.zip unpacks to 1 MB; loading it needs/);
  });

  it('refuses a file larger than the memory budget before reading it', async () => {
    const result = await new Reader().load([new File([ratings], 'ratings.csv')], undefined, 100);
    expect(result.problems[0].message).toMatch(/^ratings\.csv is 1 MB; loading it needs about 1 MB of memory/);
    expect(tooBigMessage('x.csv', 10, 1000)).toBeNull();
    expect(memoryBudget()).toBeGreaterThan(0);
  });

  it('tells a UTF-16 export to be saved as UTF-8', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'userId'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(problemOf(ingest('ratings.csv', utf16))).toMatch(/UTF-16.*CSV UTF-8/);
  });

  it('names an empty file as empty, and counts skipped rows by reason with their lines', async () => {
    const bad = 'userId,movieId,rating,timestamp\n1,1,4,1\nx,1,4,1\n1,y,4,1\nz,1,4,1\n1,1,9,1\n';
    const result = await new Reader().load([new File([], 'empty.csv'), new File([bad], 'ratings.csv')]);
    expect(result.problems[0].message).toMatch(/^empty\.csv is empty \(0 bytes\)/);
    expect(result.skipped[0].reasons.map((r) => [r.reason, r.count, r.firstLines])).toEqual([
      ['userId is not a whole number', 2, [3, 5]],
      ['movieId is not a whole number', 1, [4]],
      ['rating is outside 0 to 5', 1, [6]],
    ]);
  });
});

describe('a ratings file with a line that never ends', () => {
  it('is refused by the numeric path too, after about MAX_LINE_BYTES', () => {
    const file = new FileIngest('ratings.csv', { bytesTotal: 0, fromZip: null });
    file.write(encoder.encode('userId,movieId,rating,timestamp\n1,1,4.0,1\n2,'));
    const chunk = new Uint8Array(1024 * 1024).fill(0x37);
    let written = 0;
    while (file.wantsMore && written < 4 * MAX_ROW_CHARS) {
      file.write(chunk);
      written += chunk.length;
    }
    // The byte scanner's own limit (ratings-bytes.ts): 1 MiB, well under the text path's MAX_ROW_CHARS.
    expect(written).toBeLessThanOrEqual(2 * chunk.length);
    expect(problemOf(file.end())).toMatch(
      /ratings\.csv cannot be read: line 3 is longer than 1 MiB without a line break/,
    );
  });
});
