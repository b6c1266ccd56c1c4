/**
 * The reader worker: parsing and CSR building happen here, never on the main thread (see docs/ARCHITECTURE.md).
 * A thin comlink wrapper around Reader; datasets are transferred, not cloned, and the Reader keeps its own
 * parsed parts for the next merge (without shared memory, the ratings matrix among them is lent to the page between
 * loads: Reader.lendRatings). A new dataset is also made ready for saving here (packed, or with shared memory
 * made chunk by chunk from its own arrays as it is written), and its bytes are written to
 * IndexedDB from here when the page asks (writeSaved), so the page never copies, checksums or stores them.
 */
import { expose, transfer } from 'comlink';
import { packCatalogStrings } from '../persistence/catalog-strings.ts';
import { bufferBytes, type ContainerBytes } from '../persistence/container.ts';
import { datasetBytes, packDataset, type DatasetParts } from '../persistence/dataset-codec.ts';
import { openStore, type Store } from '../persistence/store.ts';
import { datasetBuffers, ratingArrays } from './build.ts';
import { isShared, ownArray } from './csr.ts';
import { releaseNow } from './growable.ts';
import { Reader } from './reader.ts';
import type { Dataset, LoadResult, ReaderApi } from './types.ts';

const reader = new Reader();

/**
 * The latest new dataset in its saved form, until it is written or replaced: its container bytes (made anew for
 * each attempt at writing them) and, when packed ahead, the buffer that holds them.
 */
let savedForm: {
  id: number;
  bytes: () => DatasetParts<ContainerBytes>;
  packed: DatasetParts<ArrayBuffer> | null;
} | null = null;
let savedForms = 0;
let store: Promise<Store> | null = null;

/**
 * Hands a result back with the dataset's typed arrays transferred. A batch that added data (the page shows and
 * saves its dataset) is packed first, while the worker still owns the arrays.
 */
async function handOver(result: LoadResult): Promise<LoadResult> {
  if (!result.dataset) return result;
  if (result.accepted.length > 0 && !result.cancelled) {
    const { dataset } = result;
    if (ratingArrays(dataset).every(isShared)) {
      // Shared matrices stay here as they are: the record is made from them while it is written, never held whole
      // (ml-32m's is 520 MB); the small private arrays, which go to the page, are copied for it.
      const kept = ownPrivateArrays(dataset);
      savedForm = { id: ++savedForms, bytes: () => datasetBytes(kept), packed: null };
    } else {
      // Private matrices are transferred to the page: packed now, while this worker still owns them.
      const packed = await packDataset(dataset);
      const bytes = () => ({ head: bufferBytes(packed.head), ratings: bufferBytes(packed.ratings) });
      savedForm = { id: ++savedForms, bytes, packed };
    }
    result.savedFormId = savedForm.id;
  }
  // The catalogue's strings travel packed: as strings, their structured clone held the page for 90 ms at 84k films.
  const { catalog, packed, buffers } = packCatalogStrings(result.dataset.catalog);
  const sent: LoadResult = { ...result, dataset: { ...result.dataset, catalog }, catalogStrings: packed };
  // The page now owns the dataset: a private copy of its ratings kept for the next rebuild is let go of (the page
  // gives it back before the next load, see DatasetState.loadFiles).
  reader.lendRatings();
  return transfer(sent, [...datasetBuffers(sent.dataset!), ...buffers]);
}

/** A dataset whose private typed arrays are copies (the originals are transferred away); shared ones as they are. */
function ownPrivateArrays(dataset: Dataset): Dataset {
  const { catalog } = dataset;
  return {
    ...dataset,
    userIds: ownArray(dataset.userIds),
    itemIds: ownArray(dataset.itemIds),
    catalog: {
      ...catalog,
      years: ownArray(catalog.years),
      imdbIds: ownArray(catalog.imdbIds),
      tmdbIds: ownArray(catalog.tmdbIds),
    },
  };
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
  async lentRatings() {
    return reader.lentRatings();
  },
  async putRatings({ at, indices, values }) {
    reader.putRatings(at, indices, values);
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
    const { head, ratings } = form.bytes();
    const layout = await (await store).writeParts(recordId, head, ratings, onProgress);
    if (savedForm === form) savedForm = null;
    // Written: a packed copy (as big as the dataset) is freed now, not whenever this worker's collector runs.
    if (form.packed) for (const part of [form.packed.head, form.packed.ratings]) releaseNow(new Uint8Array(part));
    return layout;
  },
} satisfies ReaderApi;

expose(api);
