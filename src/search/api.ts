/**
 * The title-index worker's interface, shared by the worker (title-index.worker.ts) and its main-thread client
 * (src/state/search.svelte.ts). Types only, no DOM or Svelte imports.
 */
import type { PackedStrings } from '../persistence/strings.ts';
import type { TitleIndexData } from './title-index.ts';

/** What src/search/title-index.worker.ts exposes through comlink. */
export interface TitleIndexWorkerApi {
  /** Builds the index data for a catalogue's titles (packed, transferred); the typed arrays come back transferred. */
  build(titles: PackedStrings, popularity: Int32Array): TitleIndexData;
}
