/**
 * Input files made by the tests themselves (never MovieLens data): a seeded ratings CSV with known bad rows,
 * a large seeded ratings CSV written to disk, a CSV with unrelated columns, and a PNG image.
 */
import fs from 'node:fs';
import { mulberry32 } from '../../../src/data/random.ts';

/** A seeded ratings.csv and the 1-based line numbers (header = line 1) of the rows that are broken on purpose. */
export function ratingsWithBadRows(seed = 7): { csv: string; badLines: number[]; users: number; goodRows: number } {
  // Seeded, so the file is the same on every run.
  const random = mulberry32(seed);
  const users = 60;
  const movies = 40;
  const lines = ['userId,movieId,rating,timestamp'];
  const seen = new Set<string>();
  for (let user = 1; user <= users; user++) {
    // Two taste groups (odd and even movies) give the model something to find.
    const parity = user % 2;
    for (let k = 0; k < 12; k++) {
      const movie = 1 + 2 * Math.floor(random() * (movies / 2)) + parity;
      const key = `${user},${movie}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`${user},${movie},${(1 + Math.floor(random() * 9) / 2).toFixed(1)},${964982703 + lines.length}`);
    }
  }
  const goodRows = lines.length - 1;
  const broken = ['3,abc,4.0,964982703', 'x,1,2.0,964982703', '4,5,not-a-rating,964982703'];
  const badLines = [5, 9, 12];
  broken.forEach((row, i) => lines.splice(badLines[i] - 1, 0, row));
  return { csv: lines.join('\r\n') + '\r\n', badLines, users, goodRows };
}

/**
 * Writes a seeded ratings.csv of at least `bytesWanted` bytes to `path` (too big for Playwright's in-memory
 * buffers, and long enough to read that a person can cancel it).
 */
export function writeLargeRatings(path: string, bytesWanted: number, seed = 5): void {
  const random = mulberry32(seed);
  const fd = fs.openSync(path, 'w');
  try {
    let lines = ['userId,movieId,rating,timestamp'];
    let written = 0;
    for (let row = 0; written < bytesWanted; row++) {
      const rating = (1 + Math.floor(random() * 9) / 2).toFixed(1);
      lines.push(`${1 + Math.floor(row / 100)},${1 + Math.floor(random() * 20000)},${rating},${1000000000 + row}`);
      if (lines.length === 50_000) {
        written += fs.writeSync(fd, lines.join('\n') + '\n');
        lines = [];
      }
    }
    if (lines.length > 0) fs.writeSync(fd, lines.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
}

/** A CSV whose columns are not MovieLens's. */
export const unrelatedCsv = 'name,email,city\r\nAda,ada@example.org,London\r\nAlan,alan@example.org,Wilmslow\r\n';

/** The smallest valid PNG (1x1, transparent): a file a person might drop by mistake. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
