/**
 * The search box's state: the typed query, its suggestions (from src/search's title index) and the highlighted one.
 * Keyboard behaviour follows the WAI-ARIA APG combobox pattern (list autocomplete, manual selection).
 */
import type { Dataset } from '../data/types.ts';
import { createTitleIndex } from '../search/title-index.ts';
import { topByCount } from './topByCount.ts';

/** How many suggestions the list shows at most. */
export const SUGGESTION_LIMIT = 8;

/** Query, suggestions and keyboard highlight of the title search. */
export class SearchState {
  #getDataset: () => Dataset | null;
  #query = $state('');
  #open = $state(false);
  #active = $state(-1);

  /** The title index of the current catalogue; rebuilt only when the dataset object changes. */
  readonly #index = $derived.by(() => {
    const dataset = this.#getDataset();
    return dataset ? createTitleIndex(dataset.catalog.titles, dataset.itemCounts) : null;
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

  /** @param getDataset reads the current dataset (reactively). */
  constructor(getDataset: () => Dataset | null) {
    this.#getDataset = getDataset;
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
}
