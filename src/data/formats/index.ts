/**
 * All file families in one place: `recogniseFile` asks each family's recogniser in turn and, when none knows
 * the file, explains what we expected.
 */
import type { Recognition, Recogniser } from './format.ts';
import { recogniseLatest } from './latest.ts';
import { recogniseMl100k } from './ml100k.ts';
import { recognisePosters } from './posters.ts';

/** Order matters: a poster table may also have movieId,title columns, so posters are asked first. */
const RECOGNISERS: Recogniser[] = [recognisePosters, recogniseLatest, recogniseMl100k];

/** What we accept, for messages. */
export const EXPECTED_FILES =
  'expected a CSV with header userId,movieId,rating,timestamp (ratings.csv), movieId,title,genres (movies.csv) ' +
  'or movieId,imdbId,tmdbId (links.csv), a poster table with a poster_path or poster_url column, ' +
  "or ml-100k's u.data or u.item";

/** Recognises a file from its first line (BOM and line ending removed) and name. */
export function recogniseFile(firstLine: string, fileName: string): Recognition {
  for (const recognise of RECOGNISERS) {
    const recognition = recognise(firstLine, fileName);
    if (recognition) return recognition;
  }
  return null;
}

/** The message for a file no family recognised. */
export function notRecognisedMessage(fileName: string, firstLine: string, looksBinary: boolean): string {
  if (looksBinary) return `${fileName} is not a MovieLens file (it is not text): ${EXPECTED_FILES}.`;
  if (firstLine.trim() === '') return `${fileName} is empty or starts with a blank line: ${EXPECTED_FILES}.`;
  const shown = firstLine.length > 80 ? firstLine.slice(0, 80) + '…' : firstLine;
  return `${fileName} is not a MovieLens file: ${EXPECTED_FILES}. Its first line is "${shown}".`;
}
