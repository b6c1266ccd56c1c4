/**
 * All file families in one place: `recogniseFile` asks each family's recogniser in turn and, when none knows
 * the file, `notRecognisedMessage` explains what we expected.
 */
import { recogniseDat } from './dat.ts';
import type { Recognition, Recogniser } from './format.ts';
import { recogniseLatest } from './latest.ts';
import { recogniseMl100k } from './ml100k.ts';
import { recognisePosters } from './posters.ts';

/** Documentation that ships with every release (README.txt, ml-100k's README, licences): read past, not a problem. */
const recogniseDocs: Recogniser = (_firstLine, fileName) => {
  const base = fileName.split('/').pop() ?? fileName;
  if (/^(readme|license|licence|copying)(\.\w+)?$/i.test(base) || /\.(txt|md|html?|pdf)$/i.test(base)) {
    return { ignore: 'documentation, not data' };
  }
  return null;
};

/** Order matters: a poster table may also have movieId,title columns, so posters are asked first. */
const RECOGNISERS: Recogniser[] = [recognisePosters, recogniseLatest, recogniseMl100k, recogniseDat, recogniseDocs];

/** What we accept, for messages. */
export const EXPECTED_FILES =
  'expected a CSV with header userId,movieId,rating,timestamp (ratings.csv), movieId,title,genres (movies.csv), ' +
  'movieId,imdbId,tmdbId (links.csv) or userId,movieId,tag,timestamp (tags.csv), a poster table with a ' +
  "poster_path or poster_url column, ml-100k's u.data or u.item, ml-1m/ml-10m's ratings.dat or movies.dat, " +
  'or a MovieLens .zip';

/** Recognises a file from its first line (BOM and line ending removed) and name. */
export function recogniseFile(firstLine: string, fileName: string): Recognition {
  for (const recognise of RECOGNISERS) {
    const recognition = recognise(firstLine, fileName);
    if (recognition) return recognition;
  }
  return null;
}

/** Image file signatures (PNG, JPEG, GIF, WebP's RIFF, BMP) and names: a poster dropped in the wrong place. */
export function looksLikeImage(head: Uint8Array, fileName: string): boolean {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  return (
    starts(0x89, 0x50, 0x4e, 0x47) ||
    starts(0xff, 0xd8, 0xff) ||
    starts(0x47, 0x49, 0x46, 0x38) ||
    starts(0x52, 0x49, 0x46, 0x46) ||
    starts(0x42, 0x4d) ||
    /\.(png|jpe?g|gif|webp|avif|bmp|svg)$/i.test(fileName)
  );
}

/** Says where poster images go (the Posters panel), for an image dropped as data. */
export const POSTER_IMAGES_HINT =
  'Poster images go under the Posters panel\u2019s \u201cAdd poster images\u201d button.';

/** The message for a file no family recognised; `head` is its first bytes (BOM removed). */
export function notRecognisedMessage(fileName: string, firstLine: string, head: Uint8Array): string {
  if (head.length === 0) return `${fileName} is empty (0 bytes): ${EXPECTED_FILES}.`;
  if (looksLikeImage(head, fileName)) {
    return `${fileName} is an image, not a MovieLens data file. ${POSTER_IMAGES_HINT}`;
  }
  // Excel's "Unicode text" is UTF-16, which starts with a byte-order mark FF FE (or FE FF).
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return `${fileName} is saved as UTF-16 text; save it as "CSV UTF-8" and drop it again.`;
  }
  // Text files have no NUL bytes in their first kilobytes; images and archives almost always do.
  if (head.subarray(0, 8192).indexOf(0) >= 0) {
    return `${fileName} is not a MovieLens file (it is not text): ${EXPECTED_FILES}.`;
  }
  if (firstLine.trim() === '') return `${fileName} starts with a blank line: ${EXPECTED_FILES}.`;
  const shown = firstLine.length > 80 ? firstLine.slice(0, 80) + '…' : firstLine;
  return `${fileName} is not a MovieLens file: ${EXPECTED_FILES}. Its first line is "${shown}".`;
}
