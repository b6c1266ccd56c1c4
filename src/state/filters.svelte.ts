/**
 * The poster walls' filter: genres to include or exclude and a year range, shared by every wall. It becomes one
 * byte per item (non-zero = leave out) that the query worker applies inside its top-k, so a wall still fills up
 * to n films. The minimum number of ratings stays in selection.svelte.ts, which both walls read.
 */
import type { Dataset } from '../data/types.ts';

/** Genres, year range and whether the filter leaves anything out. */
export class FilterState {
  #getDataset: () => Dataset | null;
  #include = $state.raw<string[]>([]);
  #exclude = $state.raw<string[]>([]);
  #yearFrom = $state<number | null>(null);
  #yearTo = $state<number | null>(null);

  /** Every genre of the catalogue, alphabetical. */
  readonly genres: string[] = $derived.by(() => {
    const dataset = this.#getDataset();
    return dataset ? genresOf(dataset.catalog.genres) : [];
  });

  /** One byte per item of the current dataset, 1 = the filter leaves it out; null when the filter is off. */
  readonly exclude: Uint8Array | null = $derived.by(() => {
    const dataset = this.#getDataset();
    if (!dataset || !this.active) return null;
    const { genres, years } = dataset.catalog;
    // Local lookups for the loop below, never reactive.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const include = new Set(this.#include);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const exclude = new Set(this.#exclude);
    const from = this.#yearFrom;
    const to = this.#yearTo;
    const out = new Uint8Array(dataset.items);
    for (let i = 0; i < dataset.items; i++) {
      const own = genres[i] ?? [];
      const year = years[i] ?? 0;
      const left =
        (include.size > 0 && !own.some((genre) => include.has(genre))) ||
        own.some((genre) => exclude.has(genre)) ||
        // A film of unknown year cannot be shown to be in the range.
        ((from !== null || to !== null) && year === 0) ||
        (from !== null && year < from) ||
        (to !== null && year > to);
      out[i] = left ? 1 : 0;
    }
    return out;
  });

  /** @param getDataset reads the current dataset (reactively). */
  constructor(getDataset: () => Dataset | null) {
    this.#getDataset = getDataset;
  }

  /** Genres a film must have one of (empty: any). */
  get include(): string[] {
    return this.#include;
  }
  /** Genres a film must have none of. */
  get excluded(): string[] {
    return this.#exclude;
  }
  /** Earliest release year shown, or null. */
  get yearFrom(): number | null {
    return this.#yearFrom;
  }
  /** Latest release year shown, or null. */
  get yearTo(): number | null {
    return this.#yearTo;
  }
  /** True when the filter leaves anything out. */
  get active(): boolean {
    return this.#include.length + this.#exclude.length > 0 || this.#yearFrom !== null || this.#yearTo !== null;
  }
  /** What is wrong with the year range, in words for people, or null. */
  get problem(): string | null {
    const from = this.#yearFrom;
    const to = this.#yearTo;
    return from !== null && to !== null && from > to ? `The year range ${from}–${to} is empty: swap the years.` : null;
  }
  /** The filter in a few words, e.g. "Animation, Children · not Horror · 1990–1999". */
  get summary(): string {
    const parts: string[] = [];
    if (this.#include.length > 0) parts.push(this.#include.join(', '));
    if (this.#exclude.length > 0) parts.push(`not ${this.#exclude.join(', ')}`);
    if (this.#yearFrom !== null || this.#yearTo !== null) parts.push(`${this.#yearFrom ?? '…'}–${this.#yearTo ?? '…'}`);
    return parts.join(' · ');
  }

  /** Adds a genre to the included ones, or removes it (a genre is never both included and excluded). */
  toggleInclude(genre: string): void {
    this.#include = toggled(this.#include, genre);
    this.#exclude = this.#exclude.filter((g) => g !== genre);
  }

  /** Adds a genre to the excluded ones, or removes it. */
  toggleExclude(genre: string): void {
    this.#exclude = toggled(this.#exclude, genre);
    this.#include = this.#include.filter((g) => g !== genre);
  }

  /** Sets the earliest year (NaN or empty: no bound). */
  setYearFrom(value: number | null): void {
    this.#yearFrom = yearOrNull(value);
  }

  /** Sets the latest year (NaN or empty: no bound). */
  setYearTo(value: number | null): void {
    this.#yearTo = yearOrNull(value);
  }

  /** Turns the filter off. */
  clear(): void {
    this.#include = [];
    this.#exclude = [];
    this.#yearFrom = null;
    this.#yearTo = null;
  }
}

function toggled(list: string[], genre: string): string[] {
  return list.includes(genre) ? list.filter((g) => g !== genre) : [...list, genre].sort();
}

function yearOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value);
}

/** Each catalogue's genres, once per genre lists (a dataset replaced by one with the same catalogue keeps them). */
const genreLists = new WeakMap<string[][], string[]>();

/** Every genre of `lists`, alphabetical. */
function genresOf(lists: string[][]): string[] {
  let genres = genreLists.get(lists);
  if (!genres) {
    // A local set: only its sorted copy leaves.
    genres = [...new Set(lists.flat())].sort();
    genreLists.set(lists, genres);
  }
  return genres;
}
