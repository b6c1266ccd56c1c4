/**
 * The chosen film and its most similar films. The choice is kept by MovieLens movieId, which survives reloads of the
 * catalogue; browser history entries carry it so Back and Forward walk through earlier choices.
 */
import { indexOfIdsOrEmpty } from './id-index.ts';
import type { Dataset } from '../data/types.ts';
import type { Ranked } from '../engine/api.ts';
import { Run } from './run.svelte.ts';
import type { SimilarQuery } from './walls.svelte.ts';

/** How many similar films the wall can show. */
export const WALL_SIZES = [10, 20] as const;

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
  #trail = $state.raw<number[]>([]);
  /** Counts the times the chosen film was chosen again after its wall failed: each asks again. */
  #retries = $state(0);
  /** The wall's question in flight: a newer one replaces it, so only the latest choice fills the wall. */
  readonly #run = new Run((text) => `Similar films could not be found: ${text}.`);

  /** Item index of each movieId in the current dataset. */
  readonly #indexOfMovie = $derived.by(() => indexOfIdsOrEmpty(this.#getDataset()?.itemIds));

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
    return this.#run.running;
  }
  /** Why ranking failed, in words for people. */
  get error(): string | null {
    return this.#run.error;
  }
  /** Changes when the chosen film is chosen again after its wall failed (walls.svelte.ts reads it to ask again). */
  get retries(): number {
    return this.#retries;
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
    if (movieId === this.#movieId) {
      // The same film again: nothing to do, unless its wall failed (e.g. the query worker stopped), which retries.
      if (this.#run.error !== null) this.#retries++;
      return;
    }
    if (this.#movieId !== null) this.#trail = [...this.#trail.filter((id) => id !== movieId), this.#movieId].slice(-6);
    this.#movieId = movieId;
  }

  /** Follows a film chosen elsewhere (the starter wall's most rated film), without a trail; null forgets. */
  follow(movieId: number | null): void {
    if (movieId === this.#movieId) return;
    this.forget();
    this.#movieId = movieId;
  }

  /** Returns to a film from history (Back/Forward), or to none: the trail is cut at that film. */
  restore(movieId: number | null): void {
    const at = movieId === null ? 0 : this.#trail.indexOf(movieId);
    if (at >= 0) this.#trail = this.#trail.slice(0, at);
    this.#movieId = movieId;
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

  /**
   * Shows the answer to the wall's question (built in walls.svelte.ts; null: nothing to ask, e.g. no model). A newer
   * question replaces one in flight; until it is answered the previous films stay on screen (dimmed while pending).
   */
  async show(query: SimilarQuery | null): Promise<void> {
    if (query === null) {
      this.#run.reset();
      return;
    }
    await this.#run.start(
      async ({ check }) => {
        const ranked = await query.ask();
        check();
        this.#similar = toFilms(ranked, query.itemIndex);
        this.#similarFor = query.movieId;
      },
      { whileRunning: 'replace' },
    );
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
