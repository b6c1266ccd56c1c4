/**
 * The two Cache Storage caches of TMDB posters, shared by the service worker (src/pwa/sw.ts) and the page
 * (src/posters/offline-save.ts). Both hold CORS responses only (never opaque ones, which Chromium counts as
 * about 7 MB each against the quota), keyed by the poster URL, so either side can read what the other wrote.
 */

/** Posters cached as they are shown: cache-first, bounded, the oldest evicted first. */
export const SEEN_POSTERS_CACHE = 'marquee-posters-seen';

/** Posters a person saved for offline ("Save posters for offline"): never evicted by browsing. */
export const SAVED_POSTERS_CACHE = 'marquee-posters-saved';

/** Most posters kept in the seen cache (about 15 kB each at w185, so about 30 MB). */
export const SEEN_POSTERS_MAX_ENTRIES = 2000;

/** Origin of every poster the app may load from the network. */
export const TMDB_IMAGE_ORIGIN = 'https://image.tmdb.org';

/** True for an error thrown because storage is full (DOMException "QuotaExceededError", or Firefox's legacy code). */
export function isQuotaError(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error.code === 22)
  );
}
