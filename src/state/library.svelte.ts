/**
 * Saved work: datasets and models kept in IndexedDB (src/persistence), the Library's lists, storage use, and the
 * messages about saving (unavailable, storage full, another tab writes). Saving runs in the background after a
 * load or a fit; failures are messages, never lost data.
 */
import type { Dataset } from '../data/types.ts';
import type { Model } from '../engine/api.ts';
import type { PackedModel } from '../persistence/model-codec.ts';
import { lazy } from '../lazy.ts';
import {
  partRanges,
  RECORD_VERSION,
  recordProblem,
  type ChunkRange,
  type PartsLayout,
  type DatasetRecord,
  type ModelRecord,
} from '../persistence/records.ts';
import { openStore, type Store } from '../persistence/store.ts';
import type { SavedApi } from '../persistence/saved.worker.ts';
import { WorkerBridge } from '../workers/bridge.ts';
import { proxy } from 'comlink';
import { releaseNow } from '../data/growable.ts';
import { WriterLock } from '../persistence/writer-lock.ts';
import { errorText } from '../errors.ts';
import { sameRatings } from './sameRatings.ts';

/** A dataset and (maybe) its model, read back from storage. */
export interface Opened {
  /** The dataset; its ratings may still be to come (`pendingRatings`: a record saved in two parts). */
  dataset: Dataset;
  model: Model | null;
  /** Why the model could not be opened (e.g. retrain needed), or null. */
  problem: string | null;
  /**
   * Reads the ratings of a dataset opened without them (null when it came whole): the dataset with them, or null
   * when they could not be read (`problem` says why). Called once what the wall needs is shown.
   */
  readRatings: (() => Promise<Dataset | null>) | null;
}

/** Bytes moved so far by a save ("Saving") or an opening ("Opening"). */
export interface TransferProgress {
  label: 'Saving' | 'Opening';
  bytesDone: number;
  bytesTotal: number;
}

/** Writes a dataset's bytes as the chunks of record `recordId`; resolves with their length, or null to skip. */
export type DatasetBytesWriter = (
  recordId: string,
  onProgress: (bytesWritten: number, bytesTotal: number) => void,
) => Promise<PartsLayout | null>;

/** Whether saving works here. */
export type LibraryStatus = 'opening' | 'ready' | 'unavailable';

/** The saved datasets and models, and the saving in the background. */
export class LibraryState {
  #store: Store | null = null;
  /** Reads saved work back (off the page's thread); keeps nothing, so it stops when idle. */
  readonly #saved = new WorkerBridge<SavedApi>(startSavedReader, { label: 'saved work reader', idleMs: 10_000 });
  #lock: WriterLock | null = null;
  #status = $state<LibraryStatus>('opening');
  #writer = $state(true);
  #datasets = $state.raw<DatasetRecord[]>([]);
  #models = $state.raw<ModelRecord[]>([]);
  #usage = $state.raw<{ usedBytes: number; quotaBytes: number } | null>(null);
  #persisted = $state<boolean | null>(null);
  #problem = $state<string | null>(null);
  #busy = $state<string | null>(null);
  #progress = $state.raw<TransferProgress | null>(null);
  /** Record id of each dataset object saved or opened here. */
  #ids = new WeakMap<Dataset, string>();
  /** Record id of each model object saved or opened here. */
  #modelIds = new WeakMap<Model, string>();
  /** Bumped whenever an id is recorded: the WeakMaps are not reactive, and a save ends after the view read them. */
  #idsChanged = $state(0);
  #lastSaved: Dataset | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  /** Resolves once the store is open (or known to be unavailable). */
  readonly ready: Promise<void>;

  constructor() {
    this.ready = this.#open();
  }

  /** Whether saving works here. */
  get status(): LibraryStatus {
    return this.#status;
  }
  /** False when another tab is the one that saves. */
  get writer(): boolean {
    return this.#writer;
  }
  /** Saved datasets, newest first. */
  get datasets(): DatasetRecord[] {
    return this.#datasets;
  }
  /** Saved models, newest first. */
  get models(): ModelRecord[] {
    return this.#models;
  }
  /** Bytes this site uses and may use (navigator.storage.estimate), or null where unknown. */
  get usage(): { usedBytes: number; quotaBytes: number } | null {
    return this.#usage;
  }
  /** The browser's answer to navigator.storage.persist(): true, false, or null before asking. */
  get persisted(): boolean | null {
    return this.#persisted;
  }
  /** The latest problem with saving or opening, in words for people. */
  get problem(): string | null {
    return this.#problem;
  }
  /** What is being saved or read right now, or null. */
  get busy(): string | null {
    return this.#busy;
  }
  /** Bytes moved by the save or opening in flight, or null (a progress bar when it spans several chunks). */
  get progress(): TransferProgress | null {
    return this.#progress;
  }
  /** Why nothing is saved in this tab (no storage, or another tab writes), or null when saving works. */
  get notSaving(): string | null {
    if (this.#status === 'unavailable') {
      return 'Saving is off: this browser window does not allow storage (a private window?). Everything works, but nothing is kept after a reload.';
    }
    if (!this.#writer) {
      return 'Marquee is open in another tab, which saves your work; this tab does not save. Close the other tab to save from here.';
    }
    return null;
  }

  /**
   * Saves a freshly loaded dataset (in the background); a catalogue update of the last one replaces it. `write`
   * stores its bytes as the chunks of a record id (the reader worker does: DatasetState.writeSaved) and answers
   * their length, or null when a newer dataset replaced this one before its turn (that one is saved instead).
   */
  saveDataset(dataset: Dataset, write: DatasetBytesWriter): Promise<void> {
    return this.#enqueue(`Saving ${dataset.name}…`, async (store) => {
      const replaces = this.#lastSaved && sameRatings(this.#lastSaved, dataset) ? this.#ids.get(this.#lastSaved) : null;
      const id = crypto.randomUUID();
      const layout = await write(id, this.#onProgress);
      if (layout === null) return;
      const record: DatasetRecord = {
        version: RECORD_VERSION,
        id,
        name: dataset.name,
        createdAt: Date.now(),
        ...layout,
        users: dataset.users,
        items: dataset.items,
        nnz: dataset.nnz,
      };
      await store.commitDataset(record, replaces ?? null);
      this.#ids.set(dataset, record.id);
      this.#idsChanged++;
      this.#lastSaved = dataset;
    });
  }

  /** Carries a saved dataset over to its renamed copy (same ratings, another name): the record is renamed in place. */
  renameDataset(from: Dataset, to: Dataset): Promise<void> {
    return this.#enqueue(null, async (store) => {
      this.follow(from, to);
      const id = this.#ids.get(to);
      if (!id) return;
      await store.renameDataset(id, to.name);
    });
  }

  /** Saves a model of a dataset saved before (the dataset's save is queued ahead of it). */
  saveModel(model: Model, dataset: Dataset, source: ModelRecord['source']): Promise<void> {
    return this.#enqueue('Saving the model…', async (store) => {
      // The latest save of the same ratings: a catalogue dropped during the fit replaced the record it started on.
      const datasetId =
        (this.#lastSaved && sameRatings(this.#lastSaved, dataset) ? this.#ids.get(this.#lastSaved) : undefined) ??
        this.#ids.get(dataset);
      if (!datasetId) throw new Error('its dataset could not be saved');
      const parts = (await lazy.codecs()).modelPartsBytes(model, dataset);
      const fields = {
        version: RECORD_VERSION,
        id: crypto.randomUUID(),
        datasetId,
        datasetName: dataset.name,
        createdAt: Date.now(),
        factors: model.factors,
        iterations: model.settings.iterations,
        trainMs: model.trainMs,
        source,
      };
      const record = await store.saveModel(fields, parts, this.#onProgress);
      this.#modelIds.set(model, record.id);
      this.#idsChanged++;
    });
  }

  /** True when there is saved work to reopen. */
  async hasSaved(): Promise<boolean> {
    await this.ready;
    return (await this.#store?.last().catch(() => null)) != null;
  }

  /** The dataset and model open when the page was last used, or null (nothing saved, or storage unavailable). */
  async restoreLast(): Promise<Opened | null> {
    await this.ready;
    const last = await this.#store?.last().catch(() => null);
    if (!last) return null;
    return this.open(last.datasetId, last.modelId);
  }

  /** Reads a saved dataset and, when given, one of its models; null when it cannot be read (see `problem`). */
  async open(datasetId: string, modelId: string | null): Promise<Opened | null> {
    const store = this.#store;
    if (!store) return null;
    this.#busy = 'Opening saved work…';
    try {
      const record = await store.dataset(datasetId);
      if (!record) throw new Error('the saved dataset is gone');
      const datasetProblem = recordProblem(record, 'dataset');
      if (datasetProblem) throw new Error(datasetProblem);
      const { unpackDataset, unpackDatasetHead, modelForDataset, unpackModel } = await lazy.codecs();
      const modelRecord = modelId ? await store.model(modelId) : undefined;
      let problem = modelRecord ? recordProblem(modelRecord, 'model') : null;
      // The bytes are read in a worker (persistence/saved.worker.ts) and unpacked here in slices; the model's are
      // read while the dataset's are unpacked. Records saved in two parts give what the wall needs first (the
      // dataset's ids, counts and catalogue; the model without its user factors): the rest follows once the wall
      // shows. A dataset saved whole comes whole, with its model. The record's name wins over the one packed with
      // the bytes: a rename changes only the record.
      const datasetParts = partRanges(record);
      const modelParts = datasetParts && modelRecord ? partRanges(modelRecord) : null;
      const reads = [
        datasetParts?.head ?? record,
        ...(modelRecord && !problem ? [modelParts?.head ?? modelRecord] : []),
      ];
      const [datasetRead, modelRead] = this.#readAtOnce(reads);
      const bytes = await datasetRead;
      const dataset = { ...(await (datasetParts ? unpackDatasetHead : unpackDataset)(bytes)), name: record.name };
      // Unpacked into arrays of their own: the container goes now, not at the next garbage collection.
      releaseNow(new Uint8Array(bytes));
      this.#ids.set(dataset, record.id);
      this.#idsChanged++;
      this.#lastSaved = dataset;
      let model: Model | null = null;
      let packedModel: PackedModel | null = null;
      if (modelRecord && modelRead) {
        try {
          const bytes = await modelRead;
          packedModel = await unpackModel(bytes, 'The saved model');
          model = modelForDataset(packedModel, dataset);
          releaseNow(new Uint8Array(bytes));
          this.#modelIds.set(model, modelRecord.id);
          this.#idsChanged++;
        } catch (error) {
          problem = errorText(error);
        }
      }
      this.#problem = problem;
      if (this.#writer && this.#status === 'ready')
        await store.setLast(record.id, model ? (modelRecord?.id ?? null) : null);
      const userFactors = model && packedModel && modelParts ? { model, packedModel, range: modelParts.rest } : null;
      const readRatings = datasetParts ? () => this.#readRest(dataset, datasetParts.rest, userFactors) : null;
      return { dataset, model, problem, readRatings };
    } catch (error) {
      this.#problem = `The saved work could not be opened: ${clause(error)}.`;
      return null;
    } finally {
      this.#busy = null;
      this.#progress = null;
    }
  }

  /**
   * Reads what a reopening left for after the wall: the ratings of `head` and, when its model's user factors were
   * kept apart, those (filled into the model in place: the only field of a Model that ever changes, before the
   * dataset with its ratings is shown). A progress bar shows; null when they cannot be read.
   */
  async #readRest(
    head: Dataset,
    ratings: ChunkRange,
    users: { model: Model; packedModel: PackedModel; range: ChunkRange } | null,
  ): Promise<Dataset | null> {
    this.#busy = 'Reading the ratings back…';
    try {
      const { withRatings, userFactorsOf } = await lazy.codecs();
      const [ratingsRead, usersRead] = this.#readAtOnce([ratings, ...(users ? [users.range] : [])]);
      const bytes = await ratingsRead;
      const dataset = await withRatings(head, bytes);
      releaseNow(new Uint8Array(bytes));
      if (users && usersRead) {
        const bytes = await usersRead;
        users.model.userFactors = await userFactorsOf(users.packedModel, bytes, dataset);
        releaseNow(new Uint8Array(bytes));
      }
      return dataset;
    } catch (error) {
      this.#problem = `The saved ratings could not be read (${clause(error)}): the model still answers, but training and evaluating need the files loaded again.`;
      return null;
    } finally {
      this.#busy = null;
      this.#progress = null;
    }
  }

  /**
   * Reads records' chunks at once in the reading worker, with one "Opening" progress bar over all of them. A read
   * that fails is met where it is awaited (none is left unhandled when an earlier one fails first).
   */
  #readAtOnce(ranges: ChunkRange[]): Promise<ArrayBuffer>[] {
    const done = ranges.map(() => 0);
    const total = ranges.reduce((sum, range) => sum + range.bytes, 0);
    return ranges.map((range, i) => {
      const reading = (bytesDone: number): void => {
        done[i] = bytesDone;
        this.#progress = { label: 'Opening', bytesDone: done.reduce((a, b) => a + b, 0), bytesTotal: total };
      };
      const read = this.#saved.call((api) => api.bytes(range, proxy(reading)));
      read.catch(() => undefined);
      return read;
    });
  }

  /** Carries what the Library knows of a dataset over to its copy with the same ratings (completed, renamed). */
  follow(from: Dataset, to: Dataset): void {
    const id = this.#ids.get(from);
    if (this.#lastSaved === from) this.#lastSaved = to;
    if (!id) return;
    this.#ids.set(to, id);
    this.#idsChanged++;
  }

  /** The record id of a dataset or model saved or opened in this tab, or null. */
  idOf(thing: Dataset | Model | null): string | null {
    if (!thing) return null;
    void this.#idsChanged;
    return ('catalog' in thing ? this.#ids.get(thing) : this.#modelIds.get(thing)) ?? null;
  }

  /** Deletes a saved dataset (with its models) or model. */
  async remove(kind: 'dataset' | 'model', id: string): Promise<void> {
    await this.#enqueue(null, (store) => store.delete(kind, id));
  }

  /** The bytes of a saved model as a file to download (the export format is the stored format). */
  async exportSaved(record: ModelRecord): Promise<File> {
    const { modelFileName, unpackModel, userFactorsOf, packModel } = await lazy.codecs();
    const parts = partRanges(record);
    let bytes = await this.#saved.call((api) => api.bytes(parts?.head ?? record));
    if (parts) {
      // Saved in two parts: joined into the one container a file is.
      const packed = await unpackModel(bytes, 'The saved model');
      const rest = await this.#saved.call((api) => api.bytes(parts.rest));
      const model = { ...packed.model, userFactors: await userFactorsOf(packed, rest, packed) };
      bytes = await packModel(model, { ...packed, name: packed.datasetName });
    }
    return new File([bytes], modelFileName(record.datasetName, record.createdAt), { type: 'application/octet-stream' });
  }

  /** The current model as a file to download. */
  async exportModel(model: Model, dataset: Dataset): Promise<File> {
    const { packModel, modelFileName } = await lazy.codecs();
    const bytes = await packModel(model, dataset);
    return new File([bytes], modelFileName(dataset.name, Date.now()), { type: 'application/octet-stream' });
  }

  /** Reads a model file for the loaded dataset; throws with a message for people. */
  async importFile(file: File, dataset: Dataset): Promise<Model> {
    return (await lazy.codecs()).importModel(await file.arrayBuffer(), file.name, dataset);
  }

  /** Re-reads the lists and the storage estimate. */
  async refresh(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    const { datasets, models } = await store.list();
    this.#datasets = datasets;
    this.#models = models;
    const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
    if (estimate) this.#usage = { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0 };
    this.#writer = this.#lock?.writer ?? true;
  }

  /** Shows a problem with saved work (e.g. a restored model the engine refused) where saving problems show. */
  report(message: string): void {
    this.#problem = message;
  }

  /** Forgets the last problem (the person read it). */
  dismiss(): void {
    this.#problem = null;
  }

  async #open(): Promise<void> {
    try {
      this.#store = await openStore();
    } catch {
      this.#status = 'unavailable';
      return;
    }
    this.#lock = new WriterLock(() => void this.refresh());
    await this.#lock.ready;
    this.#status = 'ready';
    // The lists and the estimate are for the Library view: a restore need not wait for them.
    void this.refresh().then(() => (this.#datasets.length > 0 ? this.#askPersistence() : undefined));
  }

  #onProgress = (bytesDone: number, bytesTotal: number): void => {
    this.#progress = { label: 'Saving', bytesDone, bytesTotal };
  };

  #enqueue(label: string | null, write: (store: Store) => Promise<void>): Promise<void> {
    const next = this.#queue.then(async () => {
      await this.ready;
      const store = this.#store;
      if (!store || !this.#lock?.writer) return;
      this.#busy = label;
      const startedAt = performance.now();
      try {
        await write(store);
        // Visible in the browser's performance panel (and read by tests/e2e/persistence.spec.ts).
        performance.measure('marquee:save', { start: startedAt, end: performance.now() });
        this.#problem = null;
        this.#lock.announce();
        await this.#askPersistence();
      } catch (error) {
        this.#problem =
          error instanceof Error && error.name === 'StorageError' ? error.message : `Not saved: ${clause(error)}.`;
      } finally {
        this.#busy = null;
        this.#progress = null;
        await this.refresh().catch(() => undefined);
      }
    });
    this.#queue = next;
    return next;
  }

  /** Asks once that the browser keep this site's data under storage pressure; its answer is shown in the Library. */
  async #askPersistence(): Promise<void> {
    if (this.#persisted !== null) return;
    const storage = globalThis.navigator?.storage;
    if (!storage?.persist) return;
    this.#persisted = (await storage.persisted()) || (await storage.persist().catch(() => false));
  }
}

/** An error's text without its final full stop, to end a sentence of ours. */
function clause(error: unknown): string {
  return errorText(error).replace(/\.$/, '');
}

/** Starts src/persistence/saved.worker.ts. */
function startSavedReader(): Worker {
  return new Worker(new URL('../persistence/saved.worker.ts', import.meta.url), { type: 'module', name: 'saved' });
}
