/**
 * IndexedDB through idb: datasets and models as metadata records plus chunked bytes (records.ts). Writes are
 * crash- and quota-safe: chunks go under a fresh id first, one transaction then writes the metadata, moves the
 * "last" pointer and removes what the new record replaces, so a failed save leaves earlier data exactly as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import {
  chunkKeys,
  isQuotaError,
  RECORD_VERSION,
  CHUNK_BYTES,
  chunkCount,
  type ChunkRange,
  type DatasetRecord,
  type LastOpened,
  type ModelRecord,
  type PartsLayout,
} from './records.ts';
import { releaseNow } from '../data/growable.ts';
import type { ContainerBytes } from './container.ts';
import { yieldToPage } from './slices.ts';

interface MarqueeDB extends DBSchema {
  datasets: { key: string; value: DatasetRecord };
  models: { key: string; value: ModelRecord; indexes: { byDataset: string } };
  chunks: { key: [string, number]; value: ArrayBuffer };
  state: { key: string; value: LastOpened };
}

/** The database's name and schema version. */
export const DB_NAME = 'marquee';
const DB_VERSION = 1;

/** Bytes written (or read) so far of a save (or an opening), for a progress bar. */
export type SaveProgress = (bytesWritten: number, bytesTotal: number) => void;

/** A save that failed in a way a person can act on. */
export class StorageError extends Error {
  override name = 'StorageError';
  /** True when the browser's storage quota for this site is full. */
  readonly quota: boolean;
  constructor(message: string, quota: boolean) {
    super(message);
    this.quota = quota;
  }
}

/** Opens (and creates or upgrades) the database; rejects where IndexedDB is unavailable. */
export async function openStore(): Promise<Store> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  const db = await openDB<MarqueeDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('datasets', { keyPath: 'id' });
      db.createObjectStore('models', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      db.createObjectStore('chunks');
      db.createObjectStore('state');
    },
  });
  return new Store(db);
}

/** Saved datasets and models. */
export class Store {
  #db: IDBPDatabase<MarqueeDB>;

  constructor(db: IDBPDatabase<MarqueeDB>) {
    this.#db = db;
  }

  /** Every saved dataset and model, newest first. */
  async list(): Promise<{ datasets: DatasetRecord[]; models: ModelRecord[] }> {
    const tx = this.#db.transaction(['datasets', 'models']);
    const [datasets, models] = await Promise.all([
      tx.objectStore('datasets').getAll(),
      tx.objectStore('models').getAll(),
    ]);
    const newest = (a: { createdAt: number }, b: { createdAt: number }) => b.createdAt - a.createdAt;
    return { datasets: datasets.sort(newest), models: models.sort(newest) };
  }

  /** The pointer to what was open last, or null. */
  async last(): Promise<LastOpened | null> {
    return (await this.#db.get('state', 'last')) ?? null;
  }

  /** Points "last opened" at a dataset (and model). */
  async setLast(datasetId: string, modelId: string | null): Promise<void> {
    await this.#db.put('state', { version: RECORD_VERSION, datasetId, modelId }, 'last');
  }

  /** A dataset record, or undefined. */
  dataset(id: string): Promise<DatasetRecord | undefined> {
    return this.#db.get('datasets', id);
  }
  /** A model record, or undefined. */
  model(id: string): Promise<ModelRecord | undefined> {
    return this.#db.get('models', id);
  }

  /**
   * The bytes of a record, joined from its chunks; throws when a chunk is missing. IndexedDB hands 8 MB of chunks to
   * the thread that reads them in about 60 ms: call this in a worker (persistence/saved.worker.ts), never on the
   * page. Each chunk is released once copied.
   */
  async bytes(record: ChunkRange, onProgress?: SaveProgress): Promise<ArrayBuffer> {
    const tx = this.#db.transaction('chunks');
    const chunks = await Promise.all(chunkKeys(record.id, record.chunks, record.first).map((key) => tx.store.get(key)));
    if (chunks.some((chunk) => !(chunk instanceof ArrayBuffer))) throw new Error('Part of the saved data is missing.');
    const parts = chunks as ArrayBuffer[];
    const out = new Uint8Array(parts.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let at = 0;
    for (const chunk of parts) {
      out.set(new Uint8Array(chunk), at);
      at += chunk.byteLength;
      releaseNow(new Uint8Array(chunk));
      onProgress?.(Math.min(at, record.bytes), record.bytes);
    }
    return out.buffer;
  }

  /**
   * Records a dataset whose bytes `writeParts` wrote under `record.id` (the reader worker writes them, so the page
   * never copies a dataset's bytes). When it `replaces` an earlier one (same ratings, newer catalogue), that one's
   * models are moved to the new record and the old record is removed in the same transaction.
   */
  async commitDataset(record: DatasetRecord, replaces: string | null): Promise<void> {
    await this.#commit(record.id, async (tx) => {
      await tx.objectStore('datasets').put(record);
      if (replaces && replaces !== record.id) {
        const models = tx.objectStore('models');
        for (const model of await models.index('byDataset').getAll(replaces)) {
          await models.put({ ...model, datasetId: record.id, datasetName: record.name });
        }
        const old = await tx.objectStore('datasets').get(replaces);
        if (old) await this.#deleteIn(tx, 'datasets', old);
      }
      const last = await tx.objectStore('state').get('last');
      const modelId = last && (last.datasetId === replaces || last.datasetId === record.id) ? last.modelId : null;
      await tx.objectStore('state').put({ version: RECORD_VERSION, datasetId: record.id, modelId }, 'last');
    });
  }

  /** Gives a saved dataset (and the models that name it) another name; its bytes stay as they are. */
  async renameDataset(id: string, name: string): Promise<void> {
    const tx = this.#db.transaction(['datasets', 'models'], 'readwrite');
    try {
      const record = await tx.objectStore('datasets').get(id);
      if (record) await tx.objectStore('datasets').put({ ...record, name });
      const models = tx.objectStore('models');
      for (const model of await models.index('byDataset').getAll(id)) await models.put({ ...model, datasetName: name });
      await tx.done;
    } catch (error) {
      throw storageError(error);
    }
  }

  /** Saves a model of a saved dataset, its head and user factors (model-codec.ts), and makes the pair "last opened". */
  async saveModel(
    fields: Omit<ModelRecord, keyof PartsLayout>,
    parts: { head: ContainerBytes; rest: ContainerBytes },
    onProgress?: SaveProgress,
  ): Promise<ModelRecord> {
    const layout = await this.writeParts(fields.id, parts.head, parts.rest, onProgress);
    const record: ModelRecord = { ...fields, ...layout };
    await this.#commit(record.id, async (tx) => {
      if (!(await tx.objectStore('datasets').get(record.datasetId))) throw new Error('Its dataset was deleted.');
      await tx.objectStore('models').put(record);
      await tx
        .objectStore('state')
        .put({ version: RECORD_VERSION, datasetId: record.datasetId, modelId: record.id }, 'last');
    });
    return record;
  }

  /** Deletes a dataset (with its models) or a model; "last opened" forgets it. */
  async delete(kind: 'dataset' | 'model', id: string): Promise<void> {
    const tx = this.#db.transaction(['datasets', 'models', 'chunks', 'state'], 'readwrite');
    if (kind === 'dataset') {
      const record = await tx.objectStore('datasets').get(id);
      if (record) await this.#deleteIn(tx, 'datasets', record);
      for (const model of await tx.objectStore('models').index('byDataset').getAll(id)) {
        await this.#deleteIn(tx, 'models', model);
      }
    } else {
      const record = await tx.objectStore('models').get(id);
      if (record) await this.#deleteIn(tx, 'models', record);
    }
    const last = await tx.objectStore('state').get('last');
    if (last?.datasetId === id) await tx.objectStore('state').delete('last');
    else if (last?.modelId === id) await tx.objectStore('state').put({ ...last, modelId: null }, 'last');
    await tx.done;
  }

  /** Closes the connection (tests, and a newer tab upgrading the schema). */
  close(): void {
    this.#db.close();
  }

  /**
   * Writes a record in two parts (a head that is read first, then the rest: PartsLayout) as the chunks of `id`,
   * one transaction per chunk with a yield between; nothing points at them until the record is committed. On
   * failure the chunks written are removed and a StorageError is thrown. Resolves with where each part lies.
   */
  async writeParts(
    id: string,
    head: ContainerBytes,
    rest: ContainerBytes,
    onProgress?: SaveProgress,
  ): Promise<Required<PartsLayout>> {
    const headBytes = head.byteLength;
    const bytes = headBytes + rest.byteLength;
    const headChunks = await this.#writeFrom(id, 0, head, (done) => onProgress?.(done, bytes));
    const restChunks = await this.#writeFrom(id, headChunks, rest, (done) => onProgress?.(headBytes + done, bytes));
    return { bytes, chunks: headChunks + restChunks, headBytes, headChunks };
  }

  /** Writes `bytes` as chunks `first`, `first + 1`, ... of `id`; resolves with how many. */
  async #writeFrom(id: string, first: number, bytes: ContainerBytes, onProgress?: SaveProgress): Promise<number> {
    const total = bytes.byteLength;
    const count = chunkCount(total);
    // Each chunk is made just before its put, in one buffer used again for the next: put() copies its value when
    // called. Fresh chunks stayed in the thread's memory until its collector ran (an idle thread's ran seconds
    // later: a model's 72 MB at ml-32m, a dataset's 520 MB in the reader).
    const reused = new Uint8Array(Math.min(CHUNK_BYTES, total));
    try {
      for (let index = 0; index < count; index++) {
        const size = Math.min(CHUNK_BYTES, total - index * CHUNK_BYTES);
        const chunk = size === reused.length ? reused : new Uint8Array(size);
        bytes.fill(chunk);
        const tx = this.#db.transaction('chunks', 'readwrite');
        await Promise.all([tx.store.put(chunk.buffer, [id, first + index]), tx.done]);
        onProgress?.(Math.min(total, (index + 1) * CHUNK_BYTES), total);
        if (count > 1) await yieldToPage();
      }
      releaseNow(reused);
      return count;
    } catch (error) {
      await this.#forgetChunks(id);
      throw storageError(error);
    }
  }

  async #commit(id: string, write: (tx: CommitTx) => Promise<void>): Promise<void> {
    const tx = this.#db.transaction(['datasets', 'models', 'chunks', 'state'], 'readwrite');
    try {
      await Promise.all([write(tx), tx.done]);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      await this.#forgetChunks(id);
      throw storageError(error);
    }
  }

  async #deleteIn(tx: CommitTx, store: 'datasets' | 'models', record: { id: string; chunks: number }): Promise<void> {
    await tx.objectStore(store).delete(record.id);
    await tx.objectStore('chunks').delete(IDBKeyRange.bound([record.id, 0], [record.id, Infinity]));
  }

  /** Removes the chunks of a save that did not complete (best effort: nothing points at them). */
  async #forgetChunks(id: string): Promise<void> {
    try {
      await this.#db.delete('chunks', IDBKeyRange.bound([id, 0], [id, Infinity]));
    } catch {
      // Left-over chunks are unreachable and harmless; the next successful delete of that id removes them.
    }
  }
}

type CommitTx = IDBPTransaction<MarqueeDB, ('datasets' | 'models' | 'chunks' | 'state')[], 'readwrite'>;

function storageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(
      'Not saved: this site’s storage is full. Delete saved datasets or models in the Library; what was saved before is intact.',
      true,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(`Not saved: ${reason}. What was saved before is intact.`, false);
}
