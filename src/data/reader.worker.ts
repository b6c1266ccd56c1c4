/**
 * The reader worker: parsing and CSR building happen here, never on the main thread (see docs/ARCHITECTURE.md).
 * A thin comlink wrapper around Reader; datasets are transferred, not cloned, and the Reader keeps its own
 * parsed parts for the next merge. A new dataset is also packed here for saving, and its bytes are written to
 * IndexedDB from here when the page asks (writeSaved), so the page never copies, checksums or stores them.
 */
import { expose, transfer } from 'comlink';
import { packDataset } from '../persistence/dataset-codec.ts';
import { openStore, type Store } from '../persistence/store.ts';
import { datasetBuffers } from './build.ts';
import { releaseNow } from './growable.ts';
import { Reader } from './reader.ts';
import type { LoadResult, ReaderApi } from './types.ts';

const reader = new Reader();

/** The latest new dataset in its saved form, until it is written or replaced. */
let savedForm: { id: number; bytes: ArrayBuffer } | null = null;
let savedForms = 0;
let store: Promise<Store> | null = null;

/**
 * Hands a result back with the dataset's typed arrays transferred. A batch that added data (the page shows and
 * saves its dataset) is packed first, while the worker still owns the arrays.
 */
async function handOver(result: LoadResult): Promise<LoadResult> {
  if (!result.dataset) return result;
  if (result.accepted.length > 0 && !result.cancelled) {
    savedForm = { id: ++savedForms, bytes: await packDataset(result.dataset) };
    result.savedFormId = savedForm.id;
  }
  return transfer(result, datasetBuffers(result.dataset));
}

const api = {
  async load(files, onProgress, memoryBytes) {
    return handOver(await reader.load(files, onProgress, memoryBytes));
  },
  async loadSample(seed) {
    return handOver(await reader.loadSample(seed));
  },
  async reset() {
    reader.reset();
    savedForm = null;
  },
  async seed(dataset) {
    reader.seed(dataset);
  },
  cancel() {
    reader.cancel();
  },
  async writeSaved(savedFormId, recordId, onProgress) {
    const form = savedForm;
    if (form?.id !== savedFormId) return null;
    store ??= openStore().catch((error: unknown) => {
      store = null; // try again at the next save
      throw error;
    });
    await (await store).writeChunks(recordId, form.bytes, onProgress);
    const written = form.bytes.byteLength;
    if (savedForm === form) savedForm = null;
    // Written: the packed copy (as big as the dataset) is freed now, not whenever this worker's collector runs.
    releaseNow(new Uint8Array(form.bytes));
    return written;
  },
} satisfies ReaderApi;

expose(api);
