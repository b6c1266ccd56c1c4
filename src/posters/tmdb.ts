/**
 * TMDB image URLs. TMDB serves posters from a fixed CDN base plus a size and the movie's poster_path
 * (https://developer.themoviedb.org/docs/image-basics); no API key is needed for images.
 *
 * A poster_path comes from files people drop, so it is data, never an address: only a plain file name
 * ("/abc123.jpg") is accepted, and the only URL this module can build is https://image.tmdb.org/t/p/<size>/<name>.
 * `javascript:`, `//elsewhere/x.jpg`, `../x.jpg`, full URLs, query strings, percent escapes: all give null.
 */

/** Poster widths TMDB serves (its `configuration.images.poster_sizes`). */
export type PosterSize = 'w92' | 'w154' | 'w185' | 'w342' | 'w500' | 'w780' | 'original';

/** Base of every TMDB image URL. */
export const TMDB_IMAGE_BASE = 'https://image.tmdb.org/t/p/';

/** TMDB's required attribution, to be shown wherever TMDB posters appear (TMDB API terms of use, section 3). */
export const TMDB_ATTRIBUTION = 'This product uses the TMDB API but is not endorsed or certified by TMDB.';

/** A plain image file name with an optional leading slash, the only poster_path shape TMDB uses. */
const PLAIN_POSTER_PATH = /^\/?([A-Za-z0-9_-]{1,200}\.(?:jpg|jpeg|png|webp))$/i;

/** The file name of a plain poster_path ("/abc.jpg" -> "abc.jpg"), or null for anything else. */
export function posterFileName(path: string): string | null {
  const match = PLAIN_POSTER_PATH.exec(path.trim());
  return match ? match[1] : null;
}

/** URL of a TMDB poster ("/abc.jpg" -> "https://image.tmdb.org/t/p/w185/abc.jpg"), or null when the path is empty or not a plain file name. */
export function posterUrl(path: string, size: PosterSize = 'w185'): string | null {
  const name = posterFileName(path);
  return name === null ? null : `${TMDB_IMAGE_BASE}${size}/${name}`;
}

/** True for a URL this app may load as a TMDB poster (https, image.tmdb.org, /t/p/<size>/<plain file name>). */
export function isTmdbPosterUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.host === 'image.tmdb.org' &&
    parsed.search === '' &&
    /^\/t\/p\/(?:w\d{2,3}|original)\/[A-Za-z0-9_-]{1,200}\.(?:jpg|jpeg|png|webp)$/i.test(parsed.pathname)
  );
}

/** The distinct card-size (w185) poster URLs of a catalogue's poster paths, skipping empty and hostile ones. */
export function distinctPosterUrls(posterPaths: readonly string[], size: PosterSize = 'w185'): string[] {
  const urls = new Set<string>();
  for (const path of posterPaths) {
    const url = posterUrl(path, size);
    if (url !== null) urls.add(url);
  }
  return [...urls];
}
