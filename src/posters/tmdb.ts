/**
 * TMDB image URLs. TMDB serves posters from a fixed CDN base plus a size and the movie's poster_path
 * (https://developer.themoviedb.org/docs/image-basics); no API key is needed for images.
 */

/** Poster widths TMDB serves (its `configuration.images.poster_sizes`). */
export type PosterSize = 'w92' | 'w154' | 'w185' | 'w342' | 'w500' | 'w780' | 'original';

/** Base of every TMDB image URL. */
export const TMDB_IMAGE_BASE = 'https://image.tmdb.org/t/p/';

/** TMDB's required attribution, to be shown wherever TMDB posters appear (TMDB API terms of use, section 3). */
export const TMDB_ATTRIBUTION = 'This product uses the TMDB API but is not endorsed or certified by TMDB.';

/** URL of a TMDB poster ("/abc.jpg" -> "https://image.tmdb.org/t/p/w185/abc.jpg"), or null when the path is empty. */
export function posterUrl(path: string, size: PosterSize = 'w185'): string | null {
  const trimmed = path.trim();
  if (!trimmed) return null;
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return `${TMDB_IMAGE_BASE}${size}${encodeURI(withSlash)}`;
}
