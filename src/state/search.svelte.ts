/**
 * The search box's state: the typed query, its suggestions (from src/search's title index) and the highlighted one.
 * Keyboard behaviour follows the WAI-ARIA APG combobox pattern (list autocomplete, manual selection).
 * The index is built in a worker (a 60,000-title catalogue takes up to a second); each keystroke searches here.
 */
import { transfer } from 'comlink';
import { untrack } from 'svelte';
import type { Dataset } from '../data/types.ts';
import { yieldToPage } from '../persistence/slices.ts';
import { packedCopyOf } from '../persistence/strings.ts';
import type { TitleIndexWorkerApi } from '../search/api.ts';
import { titleIndexFromData, type TitleIndex, type TitleIndexData } from '../search/title-index.ts';
import { errorText } from '../errors.ts';
import { WorkerBridge } from '../workers/bridge.ts';
import { topByCount } from './topByCount.ts';

/** How many suggestions the list shows at most. */
export const SUGGESTION_LIMIT = 8;

/** Builds a catalogue's title index data; by default in src/search/title-index.worker.ts. */
export type TitleIndexBuilder = (titles: string[], popularity: Int32Array) => Promise<TitleIndexData>;

/** The title-index worker keeps nothing between builds: it stops after this long without one. */
const INDEX_WORKER_IDLE_MS = 10_000;

/** A finished index and the dataset it was built for. */
interface BuiltIndex {
  dataset: Dataset;
  index: TitleIndex;
}

/** Query, suggestions and keyboard highlight of the title search. */
export class SearchState {
  #getDataset: () => Dataset | null;
  #buildIndexData: TitleIndexBuilder;
  /** The title-index worker, started for a build and stopped when idle. */
  readonly #indexer = new WorkerBridge<TitleIndexWorkerApi>(startTitleIndexWorker, {
    label: 'search index',
    idleMs: INDEX_WORKER_IDLE_MS,
  });
  #query = $state('');
  #open = $state(false);
  #active = $state(-1);
  /** The latest finished index; tagged with its dataset so an index never answers for another catalogue. */
  #built = $state.raw<BuiltIndex | null>(null);
  #indexProblem = $state<string | null>(null);
  /** The dataset whose index was asked for last (plain bookkeeping): builds for any other are stale. */
  #wanted: Dataset | null = null;
  #pending: Promise<void> = Promise.resolve();

  /** The title index of the current catalogue, or null while it builds. */
  readonly #index = $derived.by(() => {
    const built = this.#built;
    return built && built.dataset === this.#getDataset() ? built.index : null;
  });

  /** Item indices matching the query, best first. */
  readonly suggestions: number[] = $derived.by(() => {
    const query = this.#query.trim();
    if (!this.#index || query === '') return [];
    return this.#index.search(query, SUGGESTION_LIMIT);
  });

  /** The most rated films, offered as starting points before anything is typed. */
  readonly popular: number[] = $derived.by(() => {
    const dataset = this.#getDataset();
    return dataset ? topByCount(dataset.itemCounts, 8) : [];
  });

  /**
   * @param getDataset reads the current dataset (reactively).
   * @param buildIndexData builds index data off the main thread; the default starts the title-index worker.
   */
  constructor(getDataset: () => Dataset | null, buildIndexData?: TitleIndexBuilder) {
    this.#getDataset = getDataset;
    this.#buildIndexData = buildIndexData ?? ((titles, popularity) => this.#buildInWorker(titles, popularity));
    // Construct inside a component (App.svelte) so this effect has an owner. Compiled for the server (vitest
    // in Node), effects never run: tests call indexTitles themselves.
    // The build starts in a task of its own: copying the titles and starting the worker joined the flush that
    // shows a new dataset, one task of 66 ms at 84k films.
    $effect(() => {
      const dataset = getDataset();
      untrack(() => void yieldToPage().then(() => this.indexTitles(dataset)));
    });
  }

  /** Whether the current catalogue's index is still being built (suggestions stay empty until it is). */
  get indexing(): boolean {
    return this.#getDataset() !== null && this.#index === null && this.#indexProblem === null;
  }
  /** Why titles could not be indexed, in words for people; null when they could. */
  get indexProblem(): string | null {
    return this.#indexProblem;
  }

  /** Builds the index for a dataset unless already asked; resolves when it is ready (or superseded, or failed). */
  indexTitles(dataset: Dataset | null): Promise<void> {
    if (dataset === this.#wanted) return this.#pending;
    this.#wanted = dataset;
    this.#indexProblem = null;
    if (!dataset) return (this.#pending = Promise.resolve());
    // The same titles and popularity (a reopened dataset whose ratings arrived after its head) keep their index.
    const built = this.#built;
    if (built && sameIndexInput(built.dataset, dataset)) {
      this.#built = { dataset, index: built.index };
      return (this.#pending = Promise.resolve());
    }
    this.#pending = this.#buildIndexData(dataset.catalog.titles, dataset.itemCounts).then(
      (data) => {
        if (dataset === this.#wanted) this.#built = { dataset, index: titleIndexFromData(data) };
      },
      (error: unknown) => {
        if (dataset === this.#wanted) {
          this.#indexProblem = `Titles could not be indexed for search (${errorText(error)}). Loading the files again retries.`;
        }
      },
    );
    return this.#pending;
  }

  /** What the person typed. */
  get query(): string {
    return this.#query;
  }
  /** Whether the suggestion list is shown. */
  get expanded(): boolean {
    return this.#open && this.suggestions.length > 0;
  }
  /** Position of the highlighted suggestion, -1 when none. */
  get active(): number {
    return this.#active < this.suggestions.length ? this.#active : -1;
  }

  /** Takes a new query from the input and opens the list. */
  type(query: string): void {
    this.#query = query;
    this.#active = -1;
    this.#open = true;
  }

  /** Moves the highlight by delta, wrapping around; opens the list if it was closed. */
  move(delta: number): void {
    const count = this.suggestions.length;
    if (count === 0) return;
    if (!this.#open) {
      this.#open = true;
      this.#active = delta > 0 ? 0 : count - 1;
      return;
    }
    const from = this.active === -1 ? (delta > 0 ? -1 : count) : this.active;
    this.#active = (from + delta + count) % count;
  }

  /** Highlights a suggestion by position (mouse hover). */
  highlight(position: number): void {
    this.#active = position;
  }

  /** The highlighted suggestion's item index, or the best one when none is highlighted; null when none. */
  chosen(): number | null {
    const list = this.suggestions;
    if (list.length === 0) return null;
    return list[this.active === -1 ? 0 : this.active];
  }

  /** Closes the list, keeping the query (Escape, blur, after choosing). */
  close(): void {
    this.#open = false;
    this.#active = -1;
  }

  /** Shows the chosen film's title in the box and closes the list. */
  settle(title: string): void {
    this.#query = title;
    this.close();
  }

  /** Empties the box (second Escape). */
  clear(): void {
    this.#query = '';
    this.close();
  }

  /** Builds in the title-index worker; one that stops rejects with a named error and the next build starts afresh. */
  #buildInWorker(titles: string[], popularity: Int32Array): Promise<TitleIndexData> {
    return this.#indexer.call((api) => {
      const packed = packedCopyOf(titles);
      return api.build(transfer(packed, [packed.text.buffer, packed.offsets.buffer]), popularity);
    });
  }
}

/** Starts src/search/title-index.worker.ts. */
function startTitleIndexWorker(): Worker {
  return new Worker(new URL('../search/title-index.worker.ts', import.meta.url), {
    type: 'module',
    name: 'title-index',
  });
}

/** True when two datasets' title indexes are the same: the very same titles, and equal rating counts. */
function sameIndexInput(a: Dataset, b: Dataset): boolean {
  if (a.catalog.titles !== b.catalog.titles || a.itemCounts.length !== b.itemCounts.length) return false;
  for (let i = 0; i < a.itemCounts.length; i++) if (a.itemCounts[i] !== b.itemCounts[i]) return false;
  return true;
}
