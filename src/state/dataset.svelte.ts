/**
 * What has been loaded: the reader worker's client, the current Dataset, the last batch's report and read progress.
 * Parsing happens in src/data/reader.worker.ts; this class only forwards files and keeps the answers.
 */
import { proxy, transfer, type Remote } from 'comlink';
import type { Dataset, LoadResult, ReaderApi, ReadProgress } from '../data/types.ts';
import { isShared } from '../data/csr.ts';
import { memoryBudget } from '../data/memory.ts';
import type { PartsLayout } from '../persistence/records.ts';
import { unpackCatalogStrings } from '../persistence/catalog-strings.ts';
import { yieldToPage } from '../persistence/slices.ts';
import { errorText } from '../errors.ts';
import { formatCompact } from './format.ts';
import { sameRatings } from './sameRatings.ts';
import { WorkerBridge } from '../workers/bridge.ts';

/** Progress of the read in flight, for the "Loading" progress bar. */
export interface LoadingProgress {
  /** What is being read: a file name, or "Sample catalogue", with rows and rows per second once counted. */
  label: string;
  /** The file's name alone: steady for the status line, a live region that must not change every 50 ms. */
  file?: string;
  bytesRead: number;
  bytesTotal: number;
  /** Lines the ratings parser has read in the current file (0 when not counted). */
  rowsRead?: number;
  /** Lines per second over the current file so far (0 when not counted). */
  rowsPerSecond?: number;
}

/** "ratings.csv (12.4M rows, 6.1M rows/s)": how far the ratings parser is, for the progress caption. */
export function progressLabel(fileName: string, rowsRead: number, rowsPerSecond: number): string {
  if (rowsRead <= 0) return fileName;
  return `${fileName} (${formatCompact(rowsRead)} rows, ${formatCompact(Math.round(rowsPerSecond))} rows/s)`;
}

/** What a load that read nothing answers (one cancelled before the reader began). */
const NOTHING_READ: LoadResult = { dataset: null, accepted: [], problems: [], skipped: [], ignored: [], notes: [] };

/** Entries of the ratings given back to the reader a message: 1 MB of indices and values, copied in one task. */
const GIVE_BACK_ENTRIES = 1 << 17;

/**
 * `dataset` as sent to the reader to hold (ReaderApi.seed): private users x items entries are left out, given back
 * afterwards by `giveBackRatings` a slice at a time (one clone of them held the page for hundreds of ms at 32M).
 */
function forReader(dataset: Dataset): Dataset {
  if (isShared(dataset.userItems.indices)) return dataset;
  const none = { indptr: new Int32Array(0), indices: new Int32Array(0), values: new Float32Array(0) };
  return { ...dataset, userItems: { ...none, indptr: dataset.userItems.indptr }, itemUsers: none };
}

/**
 * Gives the reader back the users x items entries it let go of (ReaderApi.lentRatings), from `dataset`, whose ratings
 * it built: a slice a message, so no task of the page copies more than 1 MB. Stops early when `cancelled()` says so.
 */
async function giveBackRatings(reader: Remote<ReaderApi>, dataset: Dataset, cancelled: () => boolean): Promise<void> {
  const lent = await reader.lentRatings();
  if (!lent) return;
  if (lent.users !== dataset.users || lent.nnz !== dataset.nnz) {
    throw new Error(
      `the reader holds other ratings (${lent.nnz} by ${lent.users} users) than the page (${dataset.nnz})`,
    );
  }
  const { indices, values } = dataset.userItems;
  for (let at = lent.received; at < lent.nnz && !cancelled(); at += GIVE_BACK_ENTRIES) {
    const end = Math.min(lent.nnz, at + GIVE_BACK_ENTRIES);
    const slice = { at, indices: indices.slice(at, end), values: values.slice(at, end) };
    await reader.putRatings(transfer(slice, [slice.indices.buffer, slice.values.buffer]));
  }
}

/** The loaded dataset and the reader that builds it. */
export class DatasetState {
  /** The reader worker; it keeps the parsed parts for the next merge, so a fresh one is seeded first. */
  readonly #reader = new WorkerBridge<ReaderApi>(startReader, { label: 'file reader' });
  #dataset = $state.raw<Dataset | null>(null);
  #lastResult = $state.raw<LoadResult | null>(null);
  #loading = $state.raw<LoadingProgress | null>(null);
  #failure = $state<string | null>(null);
  /** A restored dataset the reader has not been given yet (a fresh reader is given the dataset shown). */
  #seed: Dataset | null = null;
  /** Settles when the ratings of a dataset shown without them (`pendingRatings`) have arrived or failed to. */
  #ratingsRead: Promise<unknown> = Promise.resolve();
  /** The dataset shown without its ratings whose ratings could not be read back (they will not come). */
  #ratingsLost = $state.raw<Dataset | null>(null);
  /** The reader's saved form of each dataset it built here (see ReaderApi.writeSaved), and which reader holds it. */
  #savedForms = new WeakMap<Dataset, { id: number; reader: number }>();
  /** Whether the person cancelled the load under way (asked of the reader too, which ends its own part). */
  #cancelAsked = false;
  /** Loads run one after another so files dropped in quick succession merge in order. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Told synchronously when the dataset is replaced (see the constructor). */
  readonly #onReplaced: (dataset: Dataset) => void;

  /**
   * `onReplaced` runs in the same task as the replacement, before Svelte renders: what depends on the old dataset
   * (model, chosen film, walls) is reconciled there, so no render ever pairs the new films with old results.
   */
  constructor(onReplaced: (dataset: Dataset) => void = () => {}) {
    this.#onReplaced = onReplaced;
  }

  /** The dataset built from everything accepted so far, or null. */
  get dataset(): Dataset | null {
    return this.#dataset;
  }
  /** The reader's report on the most recent batch (accepted files, problems, skipped rows, notes). */
  get lastResult(): LoadResult | null {
    return this.#lastResult;
  }
  /** The read in flight, or null when idle. */
  get loading(): LoadingProgress | null {
    return this.#loading;
  }
  /** True when the dataset shown waits for ratings that could not be read back: its files must be loaded again. */
  get ratingsLost(): boolean {
    return this.#ratingsLost !== null && this.#ratingsLost === this.#dataset;
  }
  /** A problem the reader could not report as a value (e.g. the worker crashed), in words for people. */
  get failure(): string | null {
    return this.#failure;
  }

  /** Sends files to the reader; the dataset is replaced only when the reader built one. */
  loadFiles(files: File[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
    const label = files.length === 1 ? files[0].name : `${files.length} files`;
    return this.#enqueue({ label, bytesRead: 0, bytesTotal: totalBytes }, async (reader, fresh) => {
      // Bytes read per file (plain bookkeeping; only #loading is reactive).
      const readPerFile: Record<string, number> = {};
      const startedPerFile: Record<string, number> = {};
      const report: ReadProgress = (fileName, bytesRead, bytesTotal, rowsRead = 0) => {
        readPerFile[fileName] = Math.min(bytesRead, bytesTotal);
        startedPerFile[fileName] ??= performance.now();
        let read = 0;
        for (const bytes of Object.values(readPerFile)) read += bytes;
        const seconds = (performance.now() - startedPerFile[fileName]) / 1000;
        const rowsPerSecond = seconds > 0.2 ? rowsRead / seconds : 0;
        this.#loading = {
          label: progressLabel(fileName, rowsPerSecond > 0 ? rowsRead : 0, rowsPerSecond),
          file: fileName,
          bytesRead: read,
          bytesTotal: Math.max(totalBytes, read),
          rowsRead,
          rowsPerSecond,
        };
      };
      // A fresh reader holds nothing (first use, or after one stopped): give it the dataset shown, once its ratings
      // are there (a dataset whose ratings could not be read is not given: the files replace it).
      await this.#ratingsRead;
      const seed = this.#seed ?? (fresh ? this.#dataset : null);
      if (seed && !seed.pendingRatings) await reader.seed(forReader(seed));
      this.#seed = null;
      // Without shared memory the reader lends the page its copy of the ratings between loads: they go back first.
      const held = seed && !seed.pendingRatings ? seed : this.#dataset;
      if (held && !held.pendingRatings) await giveBackRatings(reader, held, () => this.#cancelAsked);
      if (this.#cancelAsked) return { ...NOTHING_READ, cancelled: true };
      // The proxy stays referenced by this frame until the call settles, as comlink requires.
      const onProgress = proxy(report);
      return await reader.load(files, onProgress, memoryBudget());
    });
  }

  /** Replaces everything with the seeded synthetic sample catalogue. */
  loadSample(seed?: number): Promise<void> {
    this.#seed = null; // the sample replaces everything
    return this.#enqueue({ label: 'Sample catalogue', bytesRead: 0, bytesTotal: 1 }, (reader) =>
      reader.loadSample(seed),
    );
  }

  /**
   * Shows a dataset read back from storage. The reader is seeded with it at the next drop (a copy goes to the worker
   * only then), so a poster table or links.csv dropped after a reload merges with the restored ratings.
   */
  adopt(dataset: Dataset): void {
    this.#dataset = dataset;
    this.#onReplaced(dataset);
    this.#lastResult = null;
    this.#failure = null;
    this.#seed = dataset;
  }

  /**
   * Completes a dataset shown without its ratings (`pendingRatings`): `read` resolves with the same dataset with
   * them (or null when they cannot be read), which then replaces the dataset shown if that still waits for the same
   * ratings (it may have been renamed meanwhile). Files dropped meanwhile wait for it, so they merge with the
   * ratings. Resolves with the dataset it replaced and the completed one, or null.
   */
  async completeRatings(read: () => Promise<Dataset | null>): Promise<{ shown: Dataset; completed: Dataset } | null> {
    const reading = read();
    this.#ratingsRead = reading.catch(() => null);
    const full = await reading;
    const shown = this.#dataset;
    if (!full && shown?.pendingRatings) this.#ratingsLost = shown;
    if (!full || !shown?.pendingRatings || !sameRatings(shown, full)) return null;
    const { pendingRatings: _, ...rest } = shown;
    const { userItems, itemUsers, itemCounts, arena } = full;
    const completed: Dataset = { ...rest, userItems, itemUsers, itemCounts, ...(arena ? { arena } : {}) };
    this.#dataset = completed;
    this.#onReplaced(completed);
    if (this.#seed === shown) this.#seed = completed;
    return { shown, completed };
  }

  /**
   * Writes `dataset`'s bytes to IndexedDB as the chunks of record `recordId`, from the reader worker that packed it
   * (the page never touches them). Resolves with their byte length, or null when the reader no longer holds them
   * (a newer dataset replaced it, which is saved in turn).
   */
  async writeSaved(
    dataset: Dataset,
    recordId: string,
    onProgress: (bytesWritten: number, bytesTotal: number) => void,
  ): Promise<PartsLayout | null> {
    const savedForm = this.#savedForms.get(dataset);
    // Only the reader that packed the dataset holds its saved form (a reader started since holds nothing).
    if (savedForm === undefined || !this.#reader.running || savedForm.reader !== this.#reader.starts) return null;
    // The proxy stays referenced by this frame until the call settles, as comlink requires.
    const progress = proxy(onProgress);
    return await this.#reader.call((reader) => reader.writeSaved(savedForm.id, recordId, progress));
  }

  /** Asks the reader to stop the load in flight; it answers with the earlier dataset and `cancelled: true`. */
  cancelLoading(): void {
    if (this.#loading) this.#cancelAsked = true;
    // Cancelling is a message to the worker, handled between its slice reads; the load's own promise settles it.
    if (this.#loading && this.#reader.running) this.#reader.call((reader) => reader.cancel()).catch(() => undefined);
  }

  /** Hides the last batch's problems (the person has read them). */
  dismissProblems(): void {
    if (this.#lastResult) this.#lastResult = { ...this.#lastResult, problems: [], skipped: [] };
    this.#failure = null;
  }

  #enqueue(
    start: LoadingProgress,
    run: (reader: Remote<ReaderApi>, fresh: boolean) => Promise<LoadResult>,
  ): Promise<void> {
    const next = this.#queue.then(async () => {
      this.#loading = start;
      this.#cancelAsked = false;
      this.#failure = null;
      const startedAt = performance.now();
      try {
        // A reader that stops ends the call with a WorkerStoppedError naming it; the next load starts a fresh one.
        const result = await this.#reader.call((reader, { fresh }) => run(reader, fresh));
        if (result.dataset && result.catalogStrings) {
          const catalog = await unpackCatalogStrings(result.dataset.catalog, result.catalogStrings);
          result.dataset = { ...result.dataset, catalog };
          delete result.catalogStrings;
        }
        const readerStart = this.#reader.starts;
        // Visible in the browser's performance panel (and read by tests/e2e/ingest.spec.ts).
        performance.measure('marquee:load', { start: startedAt, end: performance.now() });
        // Receiving the result (its message is read) is one task, showing it (Svelte renders) the next: neither
        // holds the page for the sum of both.
        await yieldToPage();
        this.#lastResult = result;
        // The reader keeps the earlier dataset when a batch is rejected; null only means "no ratings yet".
        // The reader rebuilds even for a batch that added nothing (rejected, repeated, cancelled): keep the dataset
        // then, or the page would treat a copy as new data (and save all of it again).
        const added = result.accepted.length > 0 && !result.cancelled;
        if (result.dataset && result.dataset !== this.#dataset && added) {
          this.#dataset = result.dataset;
          if (result.savedFormId !== undefined) {
            this.#savedForms.set(result.dataset, { id: result.savedFormId, reader: readerStart });
          }
          this.#onReplaced(result.dataset);
        }
      } catch (error) {
        this.#failure = `The files could not be read (${errorText(error)}). The data loaded before is still here; try again or reload the page.`;
        // Start a fresh reader next time (seeded with the dataset shown): this one may hold a half-built state.
        this.#reader.stop();
      } finally {
        this.#loading = null;
      }
    });
    this.#queue = next;
    return next;
  }
}

/** Starts src/data/reader.worker.ts. */
function startReader(): Worker {
  return new Worker(new URL('../data/reader.worker.ts', import.meta.url), { type: 'module', name: 'reader' });
}
