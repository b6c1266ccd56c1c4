/**
 * "For you": the films a person likes (with optional stars), kept in localStorage per dataset, and the wall the
 * engine recommends from them without retraining (by the chosen method, see src/engine/personal.ts; one is implicit's
 * recommend(..., recalculate_user=True)), each film explained by the liked films that contributed most. Also
 * recommendations for any user of the dataset by MovieLens userId.
 */
import { indexOfIdsOrEmpty } from './id-index.ts';
import type { Dataset } from '../data/types.ts';
import { DEFAULT_FOR_YOU_METHOD, LIKE_RATING, type ForYouMethod } from '../engine/personal.ts';
import { readLikes, validStars, writeLikes, type Like } from './likes-store.ts';
import { Run } from './run.svelte.ts';
import type { LikesQuery, UserQuery } from './walls.svelte.ts';

export { LIKE_RATING };

/** How many liked films explain each recommendation (implicit's explain N). */
export const BECAUSE_COUNT = 3;

/** One recommended film: item index, score (dot product) and the liked films' item indices that explain it. */
export interface Recommendation {
  itemIndex: number;
  score: number;
  because: number[];
  /** For a dataset user's wall: they rated this film already. */
  rated?: boolean;
}

/** A dataset user's recommendations. */
export interface UserWall {
  userId: number;
  showRated: boolean;
  films: Recommendation[];
}

/** Likes, their recommendations and the per-user recommendations. */
export class ForYouState {
  #getDataset: () => Dataset | null;
  #storage: Storage | null;
  #datasetName: string | null = null;
  #likes = $state.raw<Like[]>([]);
  #storageProblem = $state<string | null>(null);
  #wall = $state.raw<Recommendation[]>([]);
  /** The likes' question in flight: a newer one replaces it. */
  readonly #run = new Run((text) => `Recommendations could not be made: ${text}.`);
  /** The dataset user asked for by the button, and why the typed id could not be asked, if so. */
  #asked = $state.raw<{ userId: number; userIndex: number } | null>(null);
  #userProblem = $state<string | null>(null);
  #userWall = $state.raw<UserWall | null>(null);
  readonly #userRun = new Run((text) => `Recommendations could not be made: ${text}.`);
  /** MovieLens userId typed by the person. */
  userId = $state<number | null>(null);
  /** Show the films the user already rated too. */
  showRated = $state(false);
  /** How many films the walls show. */
  wallSize = $state(10);
  /** How the likes' wall is scored (personal.ts); implicit's exact solve is one of the choices. */
  method = $state<ForYouMethod>(DEFAULT_FOR_YOU_METHOD);

  /** User index of each MovieLens userId. */
  readonly #userIndex = $derived.by(() => indexOfIdsOrEmpty(this.#getDataset()?.userIds));

  /** Item index of each movieId. */
  readonly #itemIndex = $derived.by(() => indexOfIdsOrEmpty(this.#getDataset()?.itemIds));

  /**
   * @param getDataset reads the current dataset (reactively).
   * @param storage where likes persist (localStorage in the browser; null keeps them in memory).
   */
  constructor(getDataset: () => Dataset | null, storage: Storage | null = globalThis.localStorage ?? null) {
    this.#getDataset = getDataset;
    this.#storage = storage;
  }

  /** The marked films, in the order they were marked. */
  get likes(): Like[] {
    return this.#likes;
  }
  /** The marked films that are in the current dataset, as item indices with the rating the solve uses. */
  get likedItems(): { itemIndex: number; movieId: number; rating: number; stars: number | null }[] {
    return this.#likes.flatMap((like) => {
      const itemIndex = this.#itemIndex.get(like.movieId);
      return itemIndex === undefined ? [] : [{ ...like, itemIndex, rating: like.stars ?? LIKE_RATING }];
    });
  }
  /** Why likes could not be saved, or null. */
  get storageProblem(): string | null {
    return this.#storageProblem;
  }
  /** "Recommended for you", best first. */
  get wall(): Recommendation[] {
    return this.#likes.length === 0 ? [] : this.#wall;
  }
  /** True while the engine ranks for the likes. */
  get pending(): boolean {
    return this.#run.running;
  }
  /** Why the likes' recommendations failed, in words for people. */
  get error(): string | null {
    return this.#run.error;
  }
  /** The last dataset user's recommendations. */
  get userWall(): UserWall | null {
    return this.#userWall;
  }
  /** True while the engine ranks for a dataset user. */
  get userPending(): boolean {
    return this.#userRun.running;
  }
  /** Why the user's recommendations could not be made, in words for people. */
  get userError(): string | null {
    return this.#userProblem ?? this.#userRun.error;
  }
  /** The dataset user whose wall is asked for (the last valid "Recommend for user"), or null. */
  get askedUser(): { userId: number; userIndex: number } | null {
    return this.#asked;
  }

  /** Switches to the likes saved for a dataset (by its name); call when the dataset changes. */
  useDataset(name: string | null): void {
    if (name === this.#datasetName) return;
    this.#datasetName = name;
    this.#likes = name === null ? [] : readLikes(this.#storage, name);
    this.forgetResults();
  }

  /**
   * Drops both walls and the answers still on their way: they hold the old ratings' item indices. Called when the
   * ratings change, even under the same dataset name (two ml-latest-small releases share it).
   */
  forgetResults(): void {
    this.#run.reset();
    this.#userRun.reset();
    this.#wall = [];
    this.#asked = null;
    this.#userWall = null;
    this.#userProblem = null;
  }

  /** True when the film is marked. */
  isLiked(movieId: number): boolean {
    return this.#likes.some((like) => like.movieId === movieId);
  }

  /** The stars given to a film, or null. */
  starsOf(movieId: number): number | null {
    return this.#likes.find((like) => like.movieId === movieId)?.stars ?? null;
  }

  /** Marks a film, or unmarks it when it is marked. */
  toggleLike(movieId: number): void {
    this.#save(
      this.isLiked(movieId)
        ? this.#likes.filter((like) => like.movieId !== movieId)
        : [...this.#likes, { movieId, stars: null }],
    );
  }

  /** Gives a film stars (0.5..5), marking it; null keeps it marked without stars. */
  setStars(movieId: number, stars: number | null): void {
    const value = stars !== null && validStars(stars) ? stars : null;
    const others = this.#likes.filter((like) => like.movieId !== movieId);
    const at = this.#likes.findIndex((like) => like.movieId === movieId);
    const updated = { movieId, stars: value };
    this.#save(at < 0 ? [...others, updated] : this.#likes.map((like, i) => (i === at ? updated : like)));
  }

  /** Forgets every like of this dataset. */
  clear(): void {
    this.#save([]);
  }

  #save(likes: Like[]): void {
    this.#likes = likes;
    if (this.#datasetName !== null) this.#storageProblem = writeLikes(this.#storage, this.#datasetName, likes);
  }

  /** Shows the answer to the likes' question (built in walls.svelte.ts; null: no model or no likes, no wall). */
  async showForLikes(query: LikesQuery | null): Promise<void> {
    if (query === null) {
      this.#run.reset();
      this.#wall = [];
      return;
    }
    await this.#run.start(
      async ({ check }) => {
        const ranked = await query.ask();
        check();
        this.#wall = Array.from(ranked.ids, (itemIndex, r) => ({
          itemIndex,
          score: ranked.scores[r],
          because: Array.from(ranked.because.subarray(r * BECAUSE_COUNT, (r + 1) * BECAUSE_COUNT)).filter(
            (i) => i >= 0,
          ),
        }));
      },
      { whileRunning: 'replace' },
    );
  }

  /** A message for people when the typed user id is not a user of the dataset, else null. */
  get userIdProblem(): string | null {
    const id = this.userId;
    if (id === null || !Number.isFinite(id)) return 'Type a user id.';
    if (!Number.isInteger(id)) return `User id ${id} is not a whole number.`;
    if (!this.#userIndex.has(id)) {
      const ids = this.#getDataset()?.userIds;
      const range = ids && ids.length > 0 ? ` (ids run from ${Math.min(...ids)} to ${Math.max(...ids)})` : '';
      return `There is no user ${id} in this dataset${range}.`;
    }
    return null;
  }

  /**
   * Asks for the typed MovieLens userId's wall ("Recommend for user"); the wall then follows the model, the filter
   * and "Show films they rated" (see walls.svelte.ts). A wrong id is said in words and asks nothing.
   */
  askForUser(trained: boolean): void {
    const problem = this.userIdProblem;
    if (problem || this.userId === null) {
      this.#userProblem = problem;
      return;
    }
    if (!trained) {
      this.#userWall = null;
      this.#userProblem = 'Train the model first.';
      return;
    }
    // A valid request takes the previous request's message away at once (it was about another id).
    this.#userProblem = null;
    // A new value even for the same user: asking again asks the engine again.
    this.#asked = { userId: this.userId, userIndex: this.#userIndex.get(this.userId)! };
  }

  /** Shows the answer to the dataset user's question (built in walls.svelte.ts; null: nothing asked or no model). */
  async showForUser(query: UserQuery | null): Promise<void> {
    if (query === null) {
      this.#userRun.reset();
      return;
    }
    const { userId, userIndex, showRated, dataset } = query;
    await this.#userRun.start(
      async ({ check }) => {
        const ranked = await query.ask();
        check();
        const { indptr, indices } = dataset.userItems;
        // A local lookup, never reactive.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        const rated = new Set(indices.subarray(indptr[userIndex], indptr[userIndex + 1]));
        const films = Array.from(ranked.ids, (itemIndex, r) => ({
          itemIndex,
          score: ranked.scores[r],
          because: [],
          rated: rated.has(itemIndex),
        }));
        this.#userWall = { userId, showRated, films };
      },
      { whileRunning: 'replace', failure: (text) => `Recommendations for user ${userId} could not be made: ${text}.` },
    );
  }
}
