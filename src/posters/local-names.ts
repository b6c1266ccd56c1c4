/**
 * How a poster image a person adds is matched to a film: by its file name. Accepted names (any folder, any case,
 * extension .jpg/.jpeg/.png/.webp):
 *   "1.jpg", "movie-1.jpg", "movieId_1.png"   MovieLens movieId (a bare number is a movieId)
 *   "tmdb-862.jpg", "tmdb862.jpg"             TMDB id
 *   "tt0114709.jpg", "imdb-114709.jpg"        IMDb id
 *   "uXDfjJbdP4ijW5hWSBrPrlKpxab.jpg"         the poster_path file name
 * Anything else is not a poster and is skipped. Keys are plain strings ("movie:1", "path:uxdf…").
 */
import { posterFileName } from './tmdb.ts';

/** Image types a local poster may have (by extension); the stored Blob gets this type. */
const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** What a local poster file name says. */
export interface LocalPosterName {
  /** Lookup key, e.g. "movie:1", "tmdb:862", "imdb:114709", "path:abc". */
  key: string;
  /** MIME type from the extension. */
  type: string;
}

/** The key and image type of a poster file name (folders stripped), or null if the name is not one we match. */
export function localPosterName(fileName: string): LocalPosterName | null {
  const base = fileName.split(/[/\\]/).pop() ?? '';
  const match = /^(.+)\.(jpe?g|png|webp)$/i.exec(base);
  if (!match) return null;
  const stem = match[1];
  const type = IMAGE_TYPES[match[2].toLowerCase()];
  const id = (pattern: RegExp): number | null => {
    const found = pattern.exec(stem);
    const value = found ? Number(found[1]) : NaN;
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  };
  const movie = id(/^(?:movie(?:_?id)?[-_ ]?)?(\d{1,9})$/i);
  if (movie !== null) return { key: `movie:${movie}`, type };
  const tmdb = id(/^tmdb(?:_?id)?[-_ ]?(\d{1,9})$/i);
  if (tmdb !== null) return { key: `tmdb:${tmdb}`, type };
  const imdb = id(/^(?:tt|imdb(?:_?id)?[-_ ]?(?:tt)?)(\d{1,9})$/i);
  if (imdb !== null) return { key: `imdb:${imdb}`, type };
  if (/^\d+$/.test(stem)) return null; // movieId 0 or an id too long to be one
  const path = posterFileName(base);
  return path === null ? null : { key: pathKey(path), type };
}

/** The key of a poster_path file name: its stem, any case, any image extension (a .jpg converted to .webp still matches). */
function pathKey(fileName: string): string {
  return `path:${fileName.replace(/\.[a-z]+$/i, '').toLowerCase()}`;
}

/** The ids a film is known by, as in state/film.ts (0 / "" when unknown). */
export interface PosterIds {
  movieId: number;
  tmdbId: number;
  imdbId: number;
  posterPath: string;
}

/** Keys a film's local poster may be stored under, most specific first. */
export function localPosterKeys(ids: PosterIds): string[] {
  const keys = [`movie:${ids.movieId}`];
  if (ids.tmdbId > 0) keys.push(`tmdb:${ids.tmdbId}`);
  if (ids.imdbId > 0) keys.push(`imdb:${ids.imdbId}`);
  const path = posterFileName(ids.posterPath);
  if (path !== null) keys.push(pathKey(path));
  return keys;
}
