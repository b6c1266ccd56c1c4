/**
 * The chosen film and its most similar films. The choice is kept by MovieLens movieId, which survives reloads of the
 * catalogue; browser history entries carry it so Back and Forward walk through earlier choices.
 */
import type { Dataset } from '../data/types.ts';
import type { Ranked } from '../engine/api.ts';
import { errorText } from '../errors.ts';

/** How many similar films the wall can show. */
export const WALL_SIZES = [10, 20] as const;

/** Asks the engine for the films most similar to one item. */
export type SimilarQuery = (itemIndex: number, n: number, minRatings: number) => Promise<Ranked>;

/** One film on the wall: its item index and cosine similarity to the chosen film. */
export interface SimilarFilm {
  itemIndex: number;
  score: number;
}

/** The chosen film, the wall's settings and the wall itself. */
export class SelectionState {
  #getDataset: () => Dataset | null;
  #movieId = $state<number | null>(null);
  #minRatings = $state(5);
  #wallSize = $state<number>(WALL_SIZES[0]);
  #similar = $state.raw<SimilarFilm[]>([]);
  #similarFor = $state<number | null>(null);
  #pending = $state(false);
  #error = $state<string | null>(null);
  #trail = $state.raw<number[]>([]);
  /** Answers to older requests are dropped: only the latest choice may fill the wall. */
  #requestSerial = 0;

  /** Item index of each movieId in the current dataset. */
  readonly #indexOfMovie = $derived.by(() => {
    const dataset = this.#getDataset();
    // Built once per dataset inside $derived and never mutated afterwards, so a plain Map is right here.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const map = new Map<number, number>();
    if (dataset) dataset.itemIds.forEach((movieId, itemIndex) => map.set(movieId, itemIndex));
    return map;
  });

  /** @param getDataset reads the current dataset (reactively). */
  constructor(getDataset: () => Dataset | null) {
    this.#getDataset = getDataset;
  }

  /** The chosen film's MovieLens movieId, or null. */
  get movieId(): number | null {
    return this.#movieId;
  }
  /** The chosen film's item index in the current dataset, or null when none is chosen or it is not in it. */
  get itemIndex(): number | null {
    return this.#movieId === null ? null : (this.#indexOfMovie.get(this.#movieId) ?? null);
  }
  /** Candidates with fewer ratings are not shown. */
  get minRatings(): number {
    return this.#minRatings;
  }
  /** How many similar films to show. */
  get wallSize(): number {
    return this.#wallSize;
  }
  /** The similar films for the chosen one, best first (empty until a model answers). */
  get similar(): SimilarFilm[] {
    return this.#similarFor === this.#movieId ? this.#similar : [];
  }
  /** True while the engine is ranking. */
  get pending(): boolean {
    return this.#pending;
  }
  /** Why ranking failed, in words for people. */
  get error(): string | null {
    return this.#error;
  }
  /** movieIds chosen before the current one, oldest first (the breadcrumb). */
  get trail(): number[] {
    return this.#trail;
  }

  /** Item index of a movieId in the current dataset, or null. */
  indexOf(movieId: number): number | null {
    return this.#indexOfMovie.get(movieId) ?? null;
  }

  /** Makes a film the query; remembers the previous one in the trail. */
  choose(movieId: number): void {
    if (movieId === this.#movieId) return;
    if (this.#movieId !== null) this.#trail = [...this.#trail.filter((id) => id !== movieId), this.#movieId].slice(-6);
    this.#movieId = movieId;
    this.#error = null;
  }

  /** Returns to a film from history (Back/Forward), or to none: the trail is cut at that film. */
  restore(movieId: number | null): void {
    const at = movieId === null ? 0 : this.#trail.indexOf(movieId);
    if (at >= 0) this.#trail = this.#trail.slice(0, at);
    this.#movieId = movieId;
    this.#error = null;
  }

  /** Forgets the choice (a new dataset without that film). */
  forget(): void {
    this.#movieId = null;
    this.#trail = [];
    this.#similar = [];
    this.#similarFor = null;
  }

  /** Sets the minimum ratings of candidates (whole number, at least 1). */
  setMinRatings(value: number): void {
    if (Number.isFinite(value)) this.#minRatings = Math.max(1, Math.round(value));
  }

  /** Sets how many similar films to show. */
  setWallSize(size: number): void {
    this.#wallSize = size;
  }

  /** Asks for the chosen film's similar films; call after the choice, the model or the wall settings change. */
  async refresh(query: SimilarQuery | null): Promise<void> {
    const movieId = this.#movieId;
    const itemIndex = this.itemIndex;
    const serial = ++this.#requestSerial;
    if (query === null || movieId === null || itemIndex === null) {
      this.#pending = false;
      return;
    }
    this.#pending = true;
    try {
      const ranked = await query(itemIndex, this.#wallSize, this.#minRatings);
      if (serial !== this.#requestSerial) return;
      this.#similar = toFilms(ranked, itemIndex);
      this.#similarFor = movieId;
      this.#error = null;
    } catch (error) {
      if (serial !== this.#requestSerial) return;
      this.#error = `Similar films could not be found: ${errorText(error)}.`;
    } finally {
      if (serial === this.#requestSerial) this.#pending = false;
    }
  }
}

/** Ranked ids and scores as wall entries; the query itself is dropped if the engine ever returned it. */
function toFilms(ranked: Ranked, queryIndex: number): SimilarFilm[] {
  const films: SimilarFilm[] = [];
  for (let i = 0; i < ranked.ids.length; i++) {
    if (ranked.ids[i] !== queryIndex && ranked.ids[i] >= 0)
      films.push({ itemIndex: ranked.ids[i], score: ranked.scores[i] });
  }
  return films;
}
