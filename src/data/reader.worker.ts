/**
 * The reader worker: parsing and CSR building happen here, never on the main thread (see docs/ARCHITECTURE.md).
 * A thin comlink wrapper around Reader; datasets are transferred, not cloned, and the Reader keeps its own
 * parsed parts for the next merge.
 */
import { expose, transfer } from 'comlink';
import { datasetBuffers } from './build.ts';
import { Reader } from './reader.ts';
import type { LoadResult, ReaderApi } from './types.ts';

const reader = new Reader();

/** Hands a result back with the dataset's typed arrays transferred. */
function transferred(result: LoadResult): LoadResult {
  return result.dataset ? transfer(result, datasetBuffers(result.dataset)) : result;
}

const api = {
  async load(files, onProgress, memoryBytes) {
    return transferred(await reader.load(files, onProgress, memoryBytes));
  },
  async loadSample(seed) {
    return transferred(await reader.loadSample(seed));
  },
  async reset() {
    reader.reset();
  },
  async seed(dataset) {
    reader.seed(dataset);
  },
  cancel() {
    reader.cancel();
  },
} satisfies ReaderApi;

expose(api);
