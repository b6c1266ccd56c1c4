/**
 * The reader worker: parsing and CSR building happen here, never on the main thread (see docs/ARCHITECTURE.md).
 * A thin comlink wrapper around Reader; datasets are transferred, not cloned, and the Reader keeps its own
 * parsed parts for the next merge (without shared memory, the ratings matrix among them is lent to the page between
 * loads: Reader.lendRatings). A new dataset is also kept ready for saving here: its container bytes are made chunk by
 * chunk, as they are written to IndexedDB from here when the page asks (writeSaved), from its own arrays (shared
 * memory) or from copies of what the record holds (private), so the page never copies, checksums or stores them.
 */
import { expose, transfer } from 'comlink';
import { packCatalogStrings } from '../persistence/catalog-strings.ts';
import { type ContainerBytes } from '../persistence/container.ts';
import { datasetBytes, type DatasetParts } from '../persistence/dataset-codec.ts';
import { openStore, type Store } from '../persistence/store.ts';
import { datasetBuffers, ratingArrays } from './build.ts';
import { isShared, ownArray } from './csr.ts';
import { releaseNow } from './growable.ts';
import { halfStarsOf } from './half-stars.ts';
import { Reader } from './reader.ts';
import type { Dataset, LoadResult, ReaderApi } from './types.ts';

const reader = new Reader();

/**
 * The latest new dataset in its saved form, until it is written or replaced: its container bytes (made anew for
 * each attempt at writing them) and the copies they are made from, freed once written.
 */
let savedForm: {
  id: number;
  bytes: () => DatasetParts<ContainerBytes>;
  copies: ArrayBufferView[];
} | null = null;
let savedForms = 0;
const NONE = new Float32Array(0);
let store: Promise<Store> | null = null;

/**
 * Hands a result back with the dataset's typed arrays transferred. For a batch that added data (the page shows and
 * saves its dataset), what its record will be made from is kept first, while the worker still owns the arrays.
 */
async function handOver(result: LoadResult): Promise<LoadResult> {
  if (!result.dataset) return result;
  if (result.accepted.length > 0 && !result.cancelled) {
    const { dataset } = result;
    if (ratingArrays(dataset).every(isShared)) {
      // Shared matrices stay here as they are: the record is made from them while it is written, never held whole
      // (ml-32m's is 520 MB); the small private arrays, which go to the page, are copied for it.
      const kept = ownPrivateArrays(dataset);
      savedForm = { id: ++savedForms, bytes: () => datasetBytes(kept), copies: [] };
    } else {
      // Private matrices are transferred to the page: what the record holds of them (one direction, its ratings as
      // half-stars where they are: 5 bytes a rating) is copied now, while this worker still owns them. Its bytes
      // and checksum are made as it is written, after the page has the dataset (a whole packed record and its
      // checksum made here held the page's summary back by about a second at ml-32m).
      const { indptr, indices, values } = dataset.userItems;
      const halfStars = halfStarsOf(values);
      // (Only the users x items direction is saved; with half-stars its f32 ratings are not read.)
      const userItems = { indptr: indptr.slice(), indices: indices.slice(), values: halfStars ? NONE : values.slice() };
      const kept = { ...ownPrivateArrays(dataset), userItems };
      const bytes = () => datasetBytes(kept, halfStars);
      const copies = [userItems.indices, halfStars ?? userItems.values];
      savedForm = { id: ++savedForms, bytes, copies };
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
    itemCounts: ownArray(dataset.itemCounts),
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
    // Written: the copies it was made from (160 MB at ml-32m) are freed now, not whenever this worker's collector runs.
    for (const copy of form.copies) releaseNow(copy);
    return layout;
  },
} satisfies ReaderApi;

expose(api);
