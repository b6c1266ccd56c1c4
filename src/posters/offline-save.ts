/**
 * "Save posters for offline": fetches TMDB posters (CORS, so the responses are not opaque) into the saved-posters
 * cache, which the service worker answers from before anything else. Also the counts and sizes the Posters panel
 * shows. Sizes are kept in a header on each stored response, so counting does not read the images.
 */
import { isQuotaError, SAVED_POSTERS_CACHE, SEEN_POSTERS_CACHE } from './caches.ts';

const BYTES_HEADER = 'X-Marquee-Bytes';
/** Parallel downloads: enough to hide latency, few enough not to starve the page's own poster requests. */
const CONCURRENCY = 6;

/** Progress of a save. */
export interface SaveProgress {
  done: number;
  total: number;
  /** Bytes of posters newly stored so far. */
  bytes: number;
}

/** How a save ended. */
export interface SaveOutcome extends SaveProgress {
  /** Posters newly stored. */
  stored: number;
  /** Posters that were already saved. */
  already: number;
  /** Posters that could not be fetched (no network, 404, not CORS). */
  failed: number;
  /** Why it stopped early, if it did. */
  stoppedBy: 'cancel' | 'quota' | null;
}

/** Count and size of cached posters. */
export interface CacheStats {
  count: number;
  bytes: number;
}

/** Fetches and stores every URL not yet saved; a QuotaExceededError empties the seen cache, retries once, then stops. */
export async function savePostersForOffline(
  urls: readonly string[],
  onProgress: (progress: SaveProgress) => void,
  signal: AbortSignal,
): Promise<SaveOutcome> {
  const saved = await caches.open(SAVED_POSTERS_CACHE);
  const seen = await caches.open(SEEN_POSTERS_CACHE);
  const outcome: SaveOutcome = {
    done: 0,
    total: urls.length,
    bytes: 0,
    stored: 0,
    already: 0,
    failed: 0,
    stoppedBy: null,
  };
  let next = 0;
  let purged = false;

  const store = async (url: string, image: Blob): Promise<void> => {
    const response = () =>
      new Response(image, { headers: { 'Content-Type': image.type, [BYTES_HEADER]: String(image.size) } });
    try {
      await saved.put(url, response());
    } catch (error) {
      if (!isQuotaError(error) || purged) throw error;
      purged = true;
      await caches.delete(SEEN_POSTERS_CACHE);
      await saved.put(url, response());
    }
  };

  const saveOne = async (url: string): Promise<void> => {
    if (await saved.match(url, { ignoreVary: true })) {
      outcome.already++;
      return;
    }
    try {
      const cached = await seen.match(url, { ignoreVary: true });
      const response = cached ?? (await fetch(url, { mode: 'cors', credentials: 'omit', signal }));
      if (!response.ok || response.type === 'opaque') {
        outcome.failed++;
        return;
      }
      const image = await response.blob();
      await store(url, image);
      outcome.stored++;
      outcome.bytes += image.size;
    } catch (error) {
      if (isQuotaError(error)) throw error;
      if (!signal.aborted) outcome.failed++;
    }
  };

  const worker = async (): Promise<void> => {
    while (next < urls.length && !signal.aborted && outcome.stoppedBy === null) {
      const url = urls[next++];
      try {
        await saveOne(url);
      } catch {
        outcome.stoppedBy = 'quota';
        return;
      }
      outcome.done++;
      onProgress({ done: outcome.done, total: outcome.total, bytes: outcome.bytes });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (signal.aborted && outcome.stoppedBy === null) outcome.stoppedBy = 'cancel';
  return outcome;
}

/** Count and size of the saved posters. */
export async function savedPosterStats(): Promise<CacheStats> {
  if (!(await caches.has(SAVED_POSTERS_CACHE))) return { count: 0, bytes: 0 };
  const responses = await (await caches.open(SAVED_POSTERS_CACHE)).matchAll();
  let bytes = 0;
  for (const response of responses) bytes += Number(response.headers.get(BYTES_HEADER)) || 0;
  return { count: responses.length, bytes };
}

/** Number of posters the service worker cached as they were shown. */
export async function seenPosterCount(): Promise<number> {
  if (!(await caches.has(SEEN_POSTERS_CACHE))) return 0;
  return (await (await caches.open(SEEN_POSTERS_CACHE)).keys()).length;
}

/** Deletes the saved posters (the seen cache is the service worker's and stays). */
export async function removeSavedPosters(): Promise<void> {
  await caches.delete(SAVED_POSTERS_CACHE);
}
