/**
 * Posters a person keeps on this device: their own images (IndexedDB, posters/local-store.ts) and TMDB posters
 * saved for offline (Cache Storage, posters/offline-save.ts). Poster.svelte asks `localUrl` first, so a local image
 * is used before any network image (local file > cache > TMDB URL > generated).
 */
import type { Dataset } from '../data/types.ts';
import { isQuotaError } from '../posters/caches.ts';
// Imported with the page, not on first use: a lost network must not make "Add poster images" fail.
import { localPosterKeys, type PosterIds } from '../posters/local-names.ts';
import { LOCAL_POSTER_RECORD_VERSION, LocalPosterStore, type LocalPosterRecord } from '../posters/local-store.ts';
import {
  removeSavedPosters,
  savedPosterStats,
  savePostersForOffline,
  seenPosterCount,
  type CacheStats,
  type SaveProgress,
} from '../posters/offline-save.ts';
import { distinctPosterUrls } from '../posters/tmdb.ts';
import { formatBytes } from '../posters/bytes.ts';
import { plural } from './format.ts';
import { lazy } from '../lazy.ts';
import { Run } from './run.svelte.ts';

/** Images written per IndexedDB transaction (and held in memory at once). */
const STORE_BATCH = 100;

/** The Posters panel's state, and the lookup of local images. */
export class PosterLibrary {
  #store = new LocalPosterStore();
  /** key -> object URL of the stored image. */
  #urls = $state.raw<Readonly<Record<string, string>>>({});
  /** key -> addedAt of the image behind each URL. */
  #addedAt: Record<string, number> = {};
  /** Saving posters for offline: one at a time, cancellable. */
  readonly #save = new Run((text) => `Posters could not be saved (${text}).`);

  /** Number and bytes of local images. */
  local = $state<CacheStats>({ count: 0, bytes: 0 });
  /** Saved-for-offline posters. */
  saved = $state<CacheStats>({ count: 0, bytes: 0 });
  /** Posters cached as they were shown. */
  seen = $state(0);
  /** Files being read and stored, or null. */
  adding = $state<{ done: number; total: number } | null>(null);
  /** The save in flight, or null. */
  saving = $state<SaveProgress | null>(null);
  /** What the last action did, in words. */
  message = $state<string | null>(null);
  /** What went wrong (read by the page's alert), or null. */
  problem = $state<string | null>(null);
  /** Files skipped by the last add, with reasons. */
  skipped = $state.raw<string[]>([]);
  /** False where Cache Storage is missing (insecure context): saving for offline is not offered. */
  readonly canSave = typeof caches !== 'undefined';

  /** The object URL of a local image for this film, or null. */
  localUrl(ids: PosterIds): string | null {
    const urls = this.#urls;
    if (this.local.count === 0) return null;
    for (const key of localPosterKeys(ids)) {
      const url = Object.hasOwn(urls, key) ? urls[key] : undefined;
      if (url) return url;
    }
    return null;
  }

  /** Reads what is stored (call once at start). */
  async start(): Promise<void> {
    try {
      this.#showRecords(await this.#store.all());
    } catch {
      // IndexedDB unavailable (some private windows): local posters cannot be kept, everything else works.
    }
    await this.refreshStats();
  }

  /** Recounts the caches. */
  async refreshStats(): Promise<void> {
    if (!this.canSave) return;
    [this.saved, this.seen] = await Promise.all([savedPosterStats(), seenPosterCount()]);
  }

  /** Reads picked files (images, folders, zips) and stores the posters among them. */
  async addFiles(files: File[]): Promise<void> {
    if (this.adding || files.length === 0) return;
    this.problem = null;
    this.message = null;
    this.adding = { done: 0, total: files.length };
    try {
      // The folder and zip reader (fflate) loads when posters are first added.
      const { collectPosterImages } = await lazy.posterFiles();
      const found = await collectPosterImages(files, (done, total) => (this.adding = { done, total }));
      this.skipped = found.skipped;
      if (found.error) this.problem = found.error;
      if (found.images.length === 0) {
        this.problem ??= `No poster images found in ${plural(files.length, 'file')}: name them by movieId, tmdbId, imdbId or poster_path (e.g. 1.jpg, tmdb-862.jpg, tt0114709.jpg).`;
        return;
      }
      const addedAt = Date.now();
      for (let start = 0; start < found.images.length; start += STORE_BATCH) {
        // Bytes in memory first: a Blob of a picked file only points at the file, which may be gone by commit.
        const records: LocalPosterRecord[] = await Promise.all(
          found.images.slice(start, start + STORE_BATCH).map(async ({ key, fileName, image }) => ({
            version: LOCAL_POSTER_RECORD_VERSION,
            key,
            fileName,
            image: new Blob([await image.arrayBuffer()], { type: image.type }),
            bytes: image.size,
            addedAt,
          })),
        );
        await this.#store.putAll(records);
      }
      this.#showRecords(await this.#store.all());
      this.message = `Added ${plural(found.images.length, 'poster image')}${found.skipped.length ? `; skipped ${plural(found.skipped.length, 'file')}` : ''}.`;
    } catch (error) {
      this.problem = isQuotaError(error)
        ? 'Storage is full: not every poster image was added. Remove saved posters or free space, then try again.'
        : `The poster images could not be stored on this device (${(error as Error).message}).`;
      // Batches stored before the failure are kept and shown.
      this.#showRecords(await this.#store.all().catch(() => []));
    } finally {
      this.adding = null;
    }
  }

  /** Deletes every local image. */
  async removeLocal(): Promise<void> {
    await this.#store.clear().catch(() => {});
    this.#showRecords([]);
    this.message = 'Your poster images were removed.';
  }

  /** Fetches and caches the posters of `dataset`'s films that have poster paths. */
  async saveForOffline(dataset: Dataset): Promise<void> {
    if (this.#save.running || !this.canSave) return;
    const urls = distinctPosterUrls(dataset.catalog.posterPaths);
    this.problem = null;
    this.message = null;
    if (urls.length === 0) {
      this.problem = 'No film in this dataset has a poster path: load a posters table (poster_path) first.';
      return;
    }
    this.saving = { done: 0, total: urls.length, bytes: 0 };
    try {
      // A cancel ends the save early without an error: the outcome says how far it got.
      await this.#save.start(async ({ signal }) => {
        const outcome = await savePostersForOffline(urls, (progress) => (this.saving = progress), signal);
        const failed = outcome.failed > 0 ? `; ${plural(outcome.failed, 'poster')} could not be fetched` : '';
        if (outcome.stoppedBy === 'quota') {
          this.problem = `Storage is full: saved ${plural(outcome.stored, 'new poster')} before it ran out. The posters saved so far are kept.`;
        } else if (outcome.stoppedBy === 'cancel') {
          this.message = `Cancelled after ${plural(outcome.stored, 'new poster')} (${formatBytes(outcome.bytes)}); those are kept.`;
        } else {
          this.message = `Saved ${plural(outcome.stored, 'new poster')} (${formatBytes(outcome.bytes)}), ${outcome.already} already saved${failed}.`;
        }
      });
      if (this.#save.phase === 'failed') this.problem = this.#save.error;
    } finally {
      this.saving = null;
      await this.refreshStats();
    }
  }

  /** Stops the save in flight; what was stored stays. */
  cancelSave(): void {
    this.#save.cancel();
  }

  /** Deletes the posters saved for offline. */
  async removeSaved(): Promise<void> {
    if (!this.canSave) return;
    await removeSavedPosters();
    await this.refreshStats();
    this.message = 'Saved posters were removed.';
  }

  #showRecords(records: LocalPosterRecord[]): void {
    // Unchanged images keep their object URL, so posters on screen do not reload (or fail on a revoked URL).
    const previous = this.#urls;
    const urls: Record<string, string> = {};
    const addedAt: Record<string, number> = {};
    let bytes = 0;
    for (const record of records) {
      const same = Object.hasOwn(previous, record.key) && this.#addedAt[record.key] === record.addedAt;
      urls[record.key] = same ? previous[record.key] : URL.createObjectURL(record.image);
      addedAt[record.key] = record.addedAt;
      bytes += record.bytes;
    }
    for (const [key, url] of Object.entries(previous)) if (urls[key] !== url) URL.revokeObjectURL(url);
    this.#urls = urls;
    this.#addedAt = addedAt;
    this.local = { count: records.length, bytes };
  }
}

/** The one library of posters, shared by the Posters panel and every Poster image. */
export const posterLibrary = new PosterLibrary();
