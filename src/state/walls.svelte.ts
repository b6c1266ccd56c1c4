/**
 * What every wall shows, derived in one place. Each wall's question (the chosen film's similar films, the starter
 * wall, "Recommended for you", a dataset user's wall) is a value built here from what it depends on: the model, the
 * chosen film, the filters, the likes, the dataset and the method. A question is null when the wall has nothing to
 * ask (no model, no film, no likes). AppState asks again whenever a question changes, the latest answer winning, so
 * a setting that changes a wall is one more read where that wall's question is built, and nothing else.
 */
import type { Dataset } from '../data/types.ts';
import { personalFeedback } from '../data/weighting.ts';
import type { PersonalRanked, Ranked } from '../engine/api.ts';
import type { AppState } from './app.svelte.ts';
import { BECAUSE_COUNT } from './foryou.svelte.ts';

/**
 * The state the walls depend on (AppState's parts). TrainingState holds the current model's Recommender, whose three
 * questions (similarItems, recommendForLikes, recommendUser) are each asked in exactly one place below.
 */
export type WallSources = Pick<AppState, 'training' | 'data' | 'selection' | 'search' | 'filters' | 'foryou'>;

/** A similar-films wall's question: the film, and how to ask the engine with the wall's settings. */
export interface SimilarQuery {
  movieId: number;
  itemIndex: number;
  ask(): Promise<Ranked>;
}

/** "Recommended for you"'s question. */
export interface LikesQuery {
  ask(): Promise<PersonalRanked>;
}

/** A dataset user's wall's question. */
export interface UserQuery {
  userId: number;
  userIndex: number;
  showRated: boolean;
  dataset: Dataset;
  ask(): Promise<Ranked>;
}

/** "For you" when none of the person's marks is a like under the model's weighting. */
const NO_PERSONAL_RANKING: PersonalRanked = {
  ids: new Int32Array(0),
  scores: new Float32Array(0),
  because: new Int32Array(0),
  contributions: new Float32Array(0),
};

/**
 * Each wall's question, as a derived value: it changes exactly when what the wall shows may change, since it is
 * built from reactive reads of the sources. A setting that changes a wall is one more read in its builder.
 */
export class WallQueries {
  readonly #app: WallSources;

  /** The chosen film's similar films. */
  readonly similar: SimilarQuery | null = $derived.by(() => {
    // Choosing the film again after its wall failed asks again.
    void this.#app.selection.retries;
    return this.#similar(this.#app.selection.movieId);
  });
  /** The first wall, before any film is chosen: the most rated film's similar films, with the same settings. */
  readonly starter: SimilarQuery | null = $derived.by(() => {
    const top = this.#app.search.popular[0];
    return this.#similar(top === undefined ? null : (this.#app.data.dataset?.itemIds[top] ?? null));
  });
  /** "Recommended for you", from the likes. */
  readonly likes: LikesQuery | null = $derived.by(() => this.#likes());
  /** The asked dataset user's wall. */
  readonly user: UserQuery | null = $derived.by(() => this.#user());

  constructor(sources: WallSources) {
    this.#app = sources;
  }

  #similar(movieId: number | null): SimilarQuery | null {
    const { training, selection, filters } = this.#app;
    const recommender = training.recommender;
    const itemIndex = movieId === null ? null : selection.indexOf(movieId);
    if (!recommender || movieId === null || itemIndex === null) return null;
    const n = selection.wallSize;
    const minRatings = selection.minRatings;
    const exclude = filters.exclude;
    return { movieId, itemIndex, ask: () => recommender.similarItems(itemIndex, n, { minRatings, exclude }) };
  }

  #likes(): LikesQuery | null {
    const { training, data, selection, filters, foryou } = this.#app;
    const { model, recommender } = training;
    const dataset = data.dataset;
    const liked = foryou.likedItems;
    if (!model || !recommender || !dataset || liked.length === 0) return null;
    const n = foryou.wallSize;
    const method = foryou.method;
    const minRatings = selection.minRatings;
    const exclude = filters.exclude;
    // The person's stars as the model's ratings were weighted (liked-only: below the threshold is no like, and
    // such a film is only left out of the wall).
    const marked = Int32Array.from(liked, (like) => like.itemIndex);
    const stars = Float32Array.from(liked, (like) => like.rating);
    const personal = personalFeedback(model.settings, marked, stars);
    let leftOut = exclude;
    if (personal.notLiked.length > 0) {
      leftOut = exclude ? exclude.slice() : new Uint8Array(dataset.items);
      for (const item of personal.notLiked) leftOut[item] = 1;
    }
    if (personal.items.length === 0) return { ask: () => Promise.resolve(NO_PERSONAL_RANKING) };
    const options = { minRatings, exclude: leftOut, method, because: BECAUSE_COUNT };
    return { ask: () => recommender.recommendForLikes(personal.items, personal.ratings, n, options) };
  }

  #user(): UserQuery | null {
    const { training, data, selection, filters, foryou } = this.#app;
    const recommender = training.recommender;
    const dataset = data.dataset;
    const user = foryou.askedUser;
    // What the user rated is left out of their wall, from their factors: it waits for a Recommender given the
    // ratings (and the user factors) of a reopened dataset, read back after its head.
    if (!recommender || recommender.pattern.pendingRatings || !dataset || !user) return null;
    const { userId, userIndex } = user;
    const n = foryou.wallSize;
    const showRated = foryou.showRated;
    const options = { minRatings: selection.minRatings, exclude: filters.exclude, filterSeen: !showRated };
    return { userId, userIndex, showRated, dataset, ask: () => recommender.recommendUser(userIndex, n, options) };
  }
}
