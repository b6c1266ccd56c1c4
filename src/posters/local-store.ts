/**
 * Poster images a person added, kept in IndexedDB (through idb) so they survive reloads and need no network.
 * One record per key (local-names.ts); adding an image under a key that exists replaces it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** Version of each stored record; a later format can migrate or drop records with an older one. */
export const LOCAL_POSTER_RECORD_VERSION = 1;

/** One stored poster image. */
export interface LocalPosterRecord {
  version: typeof LOCAL_POSTER_RECORD_VERSION;
  /** "movie:1", "tmdb:862", "imdb:114709" or "path:abc.jpg". */
  key: string;
  /** The name the person's file had (shown in messages). */
  fileName: string;
  /** Size of `image` in bytes. */
  bytes: number;
  image: Blob;
  /** When it was added (ms since the epoch). */
  addedAt: number;
}

interface PostersDb extends DBSchema {
  posters: { key: string; value: LocalPosterRecord };
}

const DB_NAME = 'marquee-local-posters';
const DB_VERSION = 1;

/** The IndexedDB database of local posters; every method rejects if IndexedDB is unavailable (private windows). */
export class LocalPosterStore {
  #db: Promise<IDBPDatabase<PostersDb>> | null = null;

  #open(): Promise<IDBPDatabase<PostersDb>> {
    this.#db ??= openDB<PostersDb>(DB_NAME, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('posters', { keyPath: 'key' });
      },
      // Another tab with a newer version wants the database: let it, and reopen on the next call.
      blocking: () => {
        void this.#db?.then((db) => db.close());
        this.#db = null;
      },
    });
    return this.#db;
  }

  /** Every stored record of the current version. */
  async all(): Promise<LocalPosterRecord[]> {
    const records = await (await this.#open()).getAll('posters');
    return records.filter((record) => record.version === LOCAL_POSTER_RECORD_VERSION);
  }

  /** Stores records in one transaction: all are stored, or none (a QuotaExceededError rejects). */
  async putAll(records: LocalPosterRecord[]): Promise<void> {
    const tx = (await this.#open()).transaction('posters', 'readwrite');
    await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
  }

  /** Deletes every local poster. */
  async clear(): Promise<void> {
    await (await this.#open()).clear('posters');
  }
}
