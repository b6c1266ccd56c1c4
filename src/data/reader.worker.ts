/**
 * The reader worker: parsing and CSR building happen here, never on the main thread (see docs/ARCHITECTURE.md).
 * A thin comlink wrapper around Reader; datasets are transferred, not cloned, and the Reader keeps its own
 * parsed parts for the next merge (without shared memory, the ratings matrix among them is lent to the page between
 * loads: Reader.lendRatings). A new dataset is also kept ready for saving here: its container bytes are made chunk by
 * chunk, as they are written to IndexedDB from here when the page asks (writeSaved), from its own arrays (shared
 * memory) or from the copy of the ratings the reader keeps (private), so the page never copies, checksums or stores
 * them.
 */
import { expose, transfer } from 'comlink';
import { packCatalogStrings } from '../persistence/catalog-strings.ts';
import { type ContainerBytes } from '../persistence/container.ts';
import { datasetBytes, type DatasetParts } from '../persistence/dataset-codec.ts';
import { openStore, type Store } from '../persistence/store.ts';
import { datasetBuffers, ratingArrays } from './build.ts';
import { isShared, ownArray } from './csr.ts';
import { Reader } from './reader.ts';
import type { Dataset, LoadResult, ReaderApi } from './types.ts';

const reader = new Reader();

/**
 * The latest new dataset in its saved form, until it is written or replaced: its container bytes, made anew for each
 * attempt at writing them. `lendsRatings`: they are made from the reader's own copy of the ratings (private memory),
 * which is lent to the page only once they are written.
 */
let savedForm: { id: number; bytes: () => DatasetParts<ContainerBytes>; lendsRatings: boolean } | null = null;
let savedForms = 0;
let store: Promise<Store> | null = null;

/**
 * Hands a result back with the dataset's typed arrays transferred. For a batch that added data (the page shows and
 * saves its dataset), what its record will be made from is kept first, while the worker still owns the arrays.
 */
async function handOver(result: LoadResult): Promise<LoadResult> {
  if (!result.dataset) return result;
  if (result.accepted.length > 0 && !result.cancelled) {
    const { dataset } = result;
    // The small private arrays go to the page: they are copied for the record.
    const kept = ownPrivateArrays(dataset);
    if (ratingArrays(dataset).every(isShared)) {
      // Shared matrices stay here as they are: the record is made from them while it is written, never held whole
      // (ml-32m's is 520 MB).
      savedForm = { id: ++savedForms, bytes: () => datasetBytes(kept), lendsRatings: false };
    } else {
      // Private matrices are transferred to the page. The record (one direction, its ratings as half-stars where
      // they are) is made from the copy of the users x items matrix the reader keeps for the next rebuild, as it is
      // written, after the page has the dataset: copies or a whole packed record and its checksum made here held
      // the page's summary back by 0.5-1 s at ml-32m. That copy is lent to the page once the record is written.
      const userItems = reader.heldRatings();
      if (!userItems) throw new Error('the reader holds no ratings for the dataset it built');
      const held = { ...kept, userItems };
      savedForm = { id: ++savedForms, bytes: () => datasetBytes(held), lendsRatings: true };
    }
    result.savedFormId = savedForm.id;
  }
  // The catalogue's strings travel packed: as strings, their structured clone held the page for 90 ms at 84k films.
  const { catalog, packed, buffers } = packCatalogStrings(result.dataset.catalog);
  const sent: LoadResult = { ...result, dataset: { ...result.dataset, catalog }, catalogStrings: packed };
  // The page now owns the dataset: a private copy of its ratings kept for the next rebuild is let go of (the page
  // gives it back before the next load, see DatasetState.loadFiles), unless a record waiting to be written is made
  // from it (then it is let go of once written).
  if (!savedForm?.lendsRatings) reader.lendRatings();
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
    if (savedForm === form) {
      savedForm = null;
      // Written: the copy of the ratings it was made from (256 MB at ml-32m) is lent to the page now.
      if (form.lendsRatings) reader.lendRatings();
    }
    return layout;
  },
} satisfies ReaderApi;

expose(api);
