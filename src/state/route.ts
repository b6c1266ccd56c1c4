/**
 * The URL's hash names the film shown: `#/movie/<movieId>` (MovieLens id), so a link or a reload reopens it.
 * The older `#movie/<id>` form is still read.
 */

/** The hash for a film. */
export function movieHash(movieId: number): string {
  return `#/movie/${movieId}`;
}

/** The movieId a hash names, or null when it names none. */
export function movieIdFromHash(hash: string): number | null {
  const match = /^#\/?movie\/(\d{1,10})$/.exec(hash);
  if (!match) return null;
  const movieId = Number(match[1]);
  return Number.isSafeInteger(movieId) && movieId <= 2147483647 ? movieId : null;
}
