/**
 * Reads saved work's bytes back from IndexedDB off the page's thread: IndexedDB hands 8 MB of chunks to the thread
 * that reads them in about 60 ms (a trace of reopening ml-32m: tasks of up to 1.5 s on the page). The joined bytes
 * are transferred to the page, which unpacks them in slices (container.ts). Unpacking here too would move that work
 * off the page as well, but the catalogue's strings then come back as a structured clone, which took the page
 * 134 ms in one task for 84,432 films. The Library starts this worker to open or export saved work; it keeps
 * nothing, and stops when idle.
 */
import { expose, transfer } from 'comlink';
import { openStore, type SaveProgress, type Store } from './store.ts';

let store: Promise<Store> | null = null;

/** What the page asks of this worker. */
export interface SavedApi {
  /** A record's bytes as stored: the container its codec unpacks, and the export format. */
  bytes(record: { id: string; chunks: number; bytes: number }, onProgress?: SaveProgress): Promise<ArrayBuffer>;
}

const api: SavedApi = {
  async bytes(record, onProgress) {
    store ??= openStore().catch((error: unknown) => {
      store = null; // try again at the next call
      throw error;
    });
    const bytes = await (await store).bytes(record, onProgress);
    return transfer(bytes, [bytes]);
  },
};

expose(api);
