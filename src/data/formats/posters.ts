/**
 * Poster tables: any CSV with a `poster_path` (TMDB path, "/abc.jpg") or `poster_url` (full TMDB image URL) column,
 * keyed by movieId, tmdbId or imdbId. Kaggle's movies_metadata.csv ("The Movies Dataset") calls its TMDB id `id`
 * and its IMDb id `imdb_id` ("tt0114709"), and has multi-line quoted overviews, which papaparse handles.
 * The join to MovieLens movies (directly, or through links.csv) happens in ../catalog.ts.
 */
import { growableInt32 } from '../growable.ts';
import { HEADED_CSV, type FileFormat, type Recogniser, type RowConsumer } from './format.ts';
import { SkipTally, isBlankRow, normaliseHeader, parseId, quoteField } from './skips.ts';

/** The poster_path of a TMDB image URL: "https://image.tmdb.org/t/p/w500/abc.jpg" -> "/abc.jpg" ("" if not one). */
export function posterPathFromUrl(url: string): string {
  const match = /\/t\/p\/[^/]+(\/[^?#\s]+)/.exec(url);
  return match ? match[1] : '';
}

/** A valid poster_path, or "" for empty/"NaN"/anything that does not start with "/". */
function cleanPosterPath(text: string): string {
  const path = text.trim();
  return path.startsWith('/') && path.length > 1 ? path : '';
}

/** Key columns of a poster table, found by name; -1 when absent. */
interface PosterColumns {
  movieId: number;
  tmdbId: number;
  imdbId: number;
  path: number;
  pathIsUrl: boolean;
}

function posterColumns(names: string[]): PosterColumns {
  const tmdbId = names.indexOf('tmdbid');
  const imdbId = names.indexOf('imdbid');
  const pathColumn = names.indexOf('poster_path');
  return {
    movieId: names.indexOf('movieid'),
    // Kaggle's movies_metadata.csv: `id` is the TMDB id, `imdb_id` the IMDb one.
    tmdbId: tmdbId >= 0 ? tmdbId : names.indexOf('id'),
    imdbId: imdbId >= 0 ? imdbId : names.indexOf('imdb_id'),
    path: pathColumn >= 0 ? pathColumn : names.indexOf('poster_url'),
    pathIsUrl: pathColumn < 0,
  };
}

/** Parses an IMDb id, "tt0114709" or "0114709" or "114709"; -1 when it is not one. */
function parseImdbId(text: string): number {
  return parseId(text.trim().replace(/^tt/i, ''));
}

const postersFormat: FileFormat = {
  kind: 'posters',
  description: 'poster table',
  ...HEADED_CSV,
  createConsumer(file, header): RowConsumer {
    const names = normaliseHeader(header);
    const columns = posterColumns(names);
    const keys = { movieId: growableInt32(), tmdbId: growableInt32(), imdbId: growableInt32() };
    const paths: string[] = [];
    const tally = new SkipTally(file);
    let rowsWithoutPoster = 0;
    return {
      rows(rows, firstLine) {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          const line = firstLine + i;
          if (row.length !== names.length) {
            if (!isBlankRow(row)) tally.skip(line, `expected ${names.length} fields, found ${row.length}`);
            continue;
          }
          const field = row[columns.path];
          const path = columns.pathIsUrl ? posterPathFromUrl(field) : cleanPosterPath(field);
          if (path === '') {
            rowsWithoutPoster++;
            continue;
          }
          const movieId = columns.movieId >= 0 ? parseId(row[columns.movieId]) : 0;
          const tmdbText = columns.tmdbId >= 0 ? row[columns.tmdbId].trim() : '';
          const imdbText = columns.imdbId >= 0 ? row[columns.imdbId].trim() : '';
          const tmdbId = tmdbText === '' ? 0 : parseId(tmdbText);
          const imdbId = imdbText === '' ? 0 : parseImdbId(imdbText);
          if (movieId < 0 || tmdbId < 0 || imdbId < 0 || movieId + tmdbId + imdbId === 0) {
            const reason =
              movieId < 0
                ? `movieId ${quoteField(row[columns.movieId])} is not a whole number`
                : tmdbId < 0
                  ? `TMDB id ${quoteField(tmdbText)} is not a whole number`
                  : imdbId < 0
                    ? `IMDb id ${quoteField(imdbText)} is not an IMDb id`
                    : 'the row has no movie id';
            tally.skip(line, reason);
            continue;
          }
          keys.movieId.push(movieId);
          keys.tmdbId.push(tmdbId);
          keys.imdbId.push(imdbId);
          paths.push(path);
        }
      },
      finish() {
        if (paths.length === 0) {
          return { problem: { file, message: `${file} has no usable poster paths. ${tally.describeFirst()}`.trim() } };
        }
        const part = {
          kind: 'posters' as const,
          file,
          movieIds: columns.movieId >= 0 ? keys.movieId.toArray() : null,
          tmdbIds: columns.tmdbId >= 0 ? keys.tmdbId.toArray() : null,
          imdbIds: columns.imdbId >= 0 ? keys.imdbId.toArray() : null,
          paths,
        };
        const notes =
          rowsWithoutPoster > 0
            ? [
                `${file}: ${rowsWithoutPoster.toLocaleString('en-US')} rows have no poster; those films get a generated one.`,
              ]
            : [];
        return { part, rows: paths.length, notes };
      },
      skipped: () => tally.result(),
    };
  },
};

/** Recognises a poster table: a poster_path or poster_url column plus movieId, tmdbId/id or imdbId/imdb_id. */
export const recognisePosters: Recogniser = (firstLine) => {
  const names = normaliseHeader(firstLine.split(','));
  const columns = posterColumns(names);
  if (columns.path < 0) return null;
  if (columns.movieId < 0 && columns.tmdbId < 0 && columns.imdbId < 0) return null;
  return { format: postersFormat };
};
