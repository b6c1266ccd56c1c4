/**
 * Types shared by the engine's main-thread clients (trainer.ts, recommender.ts), its workers (train.worker.ts,
 * query.worker.ts) and the UI. No DOM or Svelte imports: this file is read by workers and by Node benchmarks too.
 */

/** Rows of a sparse matrix (CSR): row r's columns are indices[indptr[r] .. indptr[r + 1]), with their values. */
export interface SparseRows {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** What a fit trains on: the users x items confidences in both directions (a Dataset is one). */
export interface RatingMatrix {
  users: number;
  items: number;
  nnz: number;
  userItems: SparseRows;
  itemUsers: SparseRows;
  /** A shared memory holding (some of) these arrays, which a fit may train in without copying them (arena.ts). */
  arena?: WebAssembly.Memory;
}

/**
 * What a Recommender needs of the ratings a model was trained on: which items each user rated (to leave them out)
 * and how often each item was rated (the minimum-ratings filter). A Dataset is one.
 */
export interface RatingPattern {
  users: number;
  items: number;
  itemCounts: Int32Array;
  userItems: Pick<SparseRows, 'indptr' | 'indices'>;
  /** True while the ratings are still being read back (a reopened dataset's head): `userItems` is empty. */
  pendingRatings?: true;
}

/**
 * How ratings became the confidences a model was fitted on (src/data/weighting.ts applies it before the fit, as
 * implicit's bm25_weight is applied before `fit`); the fit only records it with the model.
 */
export type FeedbackKind = 'rating' | 'liked' | 'bm25' | 'tfidf';

/** How a rating becomes a confidence: implicit's `alpha * r` (default) or Hu et al./Spark's `1 + alpha * r`. */
export type ConfidenceMode = 'alpha' | 'one-plus-alpha';

/** Hyperparameters of one fit, named as in implicit's AlternatingLeastSquares. */
export interface FitSettings {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
  confidence: ConfidenceMode;
  /** Seed of the uniform [0, 0.01) initialisation. */
  seed: number;
  /** Conjugate-gradient steps per row (implicit: 3). */
  cgSteps: number;
  /** Compute implicit's training loss after each iteration (costs about one extra pass over the ratings). */
  computeLoss: boolean;
  /** How ratings became feedback before the fit (applied by the caller): the rating itself by default. */
  feedback: FeedbackKind;
  /** "Liked only": ratings at or above this count as 1, the rest are dropped (implicit's MovieLens example: 4.0). */
  likedThreshold: number;
}

/** Defaults: factors 64, iterations 15, regularization 0.01, alpha 1.0 (implicit's reference benchmark settings). */
export const DEFAULT_SETTINGS: FitSettings = {
  factors: 64,
  iterations: 15,
  regularization: 0.01,
  alpha: 1,
  confidence: 'alpha',
  seed: 42,
  cgSteps: 3,
  computeLoss: true,
  feedback: 'rating',
  likedThreshold: 4,
};

/** The tutorial's settings (factors 10, iterations 20, regularization 0.1). */
export const TUTORIAL_SETTINGS: FitSettings = { ...DEFAULT_SETTINGS, factors: 10, iterations: 20, regularization: 0.1 };

/** The most training workers a Trainer starts by default (the hardware's threads, at most this many). */
export const MAX_DEFAULT_WORKERS = 8;

/** Called after each iteration. `loss` is null when computeLoss is off. */
export type FitProgress = (iteration: number, elapsedMs: number, loss: number | null) => void;

/**
 * Opt-in: called after each iteration with copies of both factor matrices (rows padded to `stride`), e.g. to score
 * held-out ratings per iteration. The fit waits for the copies, not for what the callback does with them.
 */
export type FactorSnapshot = (iteration: number, userFactors: Float32Array, itemFactors: Float32Array) => void;

/** A trained model: factor matrices row-major with rows padded to `stride` floats (a multiple of 8). */
export interface Model {
  users: number;
  items: number;
  factors: number;
  /** Floats per row in the factor matrices (factors rounded up to a multiple of 8; padding is zero). */
  stride: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  settings: FitSettings;
  /** Wall time of the fit itself, milliseconds. */
  trainMs: number;
  /** Where that time went, milliseconds (for the benchmark and the curious). */
  phaseMs: PhaseTimes;
  /** Loss after each iteration (empty when computeLoss was off). */
  lossHistory: number[];
  /** How the pool ran: number of workers, shared memory or copies, plain or relaxed SIMD. */
  run: RunInfo;
}

/** Milliseconds spent in each phase of a fit. */
export interface PhaseTimes {
  /** Planning, copying ratings into kernel memory, initial factors. */
  setup: number;
  gram: number;
  solveUsers: number;
  solveItems: number;
  loss: number;
}

/** How a fit was executed. */
export interface RunInfo {
  workers: number;
  memory: 'shared' | 'copy';
  simd: 'relaxed' | 'simd';
}

/** Ranked items: item indices and their scores, best first (implicit's `ids, scores`). */
export interface Ranked {
  ids: Int32Array;
  scores: Float32Array;
}

/** Options of similarItems. */
export interface SimilarOptions {
  /** Candidates with fewer ratings than this are not listed (default 5). */
  minRatings?: number;
  /** One byte per item, non-zero = leave out (the wall's genre and year filter). */
  exclude?: Uint8Array | null;
}

/** Options of recommend. */
export interface RecommendOptions {
  /** Leave out items the user already rated (implicit's filter_already_liked_items, default true). */
  filterSeen?: boolean;
}

/** Which items a wall may show (applied in the query worker, so the wall still fills up to n). */
export interface ItemFilter {
  /** Candidates with fewer ratings than this are not listed. */
  minRatings?: number;
  /** One byte per item, non-zero = leave out (genres, years), or null for none. */
  exclude?: Uint8Array | null;
}

/** Options of recommendForLikes. */
export interface LikedOptions extends ItemFilter {
  /** How many of the person's items to name as the reason for each recommendation (implicit's explain N). */
  because?: number;
  /** How the films are scored from the likes (personal.ts); DEFAULT_FOR_YOU_METHOD when absent. */
  method?: import('./personal').ForYouMethod;
}

/** Recommendations for a person's likes, each with the liked items that contributed most (implicit's explain). */
export interface PersonalRanked extends Ranked {
  /** `because` item indices per recommendation, largest contribution first, -1 padded. */
  because: Int32Array;
  /** Their contributions to the score (same layout). */
  contributions: Float32Array;
}

/** Which factor matrix: users (X) or items (Y). */
export type Side = 'users' | 'items';

/** What one worker needs to take part in a fit. */
export interface TrainSetup {
  /** The compiled kernel build (threads build for shared memory). */
  module: WebAssembly.Module;
  /** The shared memory every worker uses, or null: the worker makes its own of layout.pages (copy mode). */
  memory: WebAssembly.Memory | null;
  layout: import('./layout').Layout;
  /** This worker's scratch slot in the layout. */
  slot: number;
  factors: number;
  seed: number;
  cgSteps: number;
  alpha: number;
  /** Confidence = base + alpha * rating: 0 for implicit's convention, 1 for Hu et al.'s. */
  base: number;
  /** Copy mode, when every rating is a multiple of 0.5 up to 127.5: this worker holds them as u8 half-stars. */
  halfSteps: boolean;
  /** Rows of each factor matrix this worker fills with the initial values, [first, last). */
  initUsers: [number, number];
  initItems: [number, number];
  /**
   * Copy mode: the global user rows / item rows this worker holds; their ratings come after setup, by putRows.
   * Shared memory: all rows.
   */
  userRange: [number, number];
  itemRange: [number, number];
}

/** What putRows writes into: a part of a side's CSR, or that side's whole factor matrix. */
export type PutPart = 'indptr' | 'indices' | 'values' | 'factors';

/** What one worker's solve returns. */
export interface SolveResult {
  /** Copy mode: the rows this worker solved. */
  rows: Float32Array | null;
  /** Shared memory: the partial Gram matrix of the solved side over the rows asked for. */
  gram: Float64Array | null;
}

/** The factors a Recommender answers from: a fitted model, or a per-iteration snapshot of one. */
export type QueryModel = Pick<Model, 'users' | 'items' | 'factors' | 'stride' | 'userFactors' | 'itemFactors'> & {
  settings: Pick<FitSettings, 'regularization' | 'alpha' | 'confidence'>;
};

/** What a query worker needs from a fitted model. */
export interface QuerySetup {
  /** A private-memory kernel build. */
  module: WebAssembly.Module;
  stride: number;
  users: number;
  items: number;
  /**
   * The user factors and the users x items pattern the model was trained on (to leave out what a user rated), when
   * they are shared; otherwise empty, and each query about users brings their rows (UserRows).
   */
  userFactors: Float32Array;
  itemFactors: Float32Array;
  /** Ratings per item, for the minimum-ratings filter. */
  itemCounts: Int32Array;
  userItems: Pick<SparseRows, 'indptr' | 'indices'>;
  /** Factors per row (the rest of the stride is zero padding). */
  factors: number;
  /** The fit's regularization and confidence rule, for solving a new person's factors (personal.ts). */
  regularization: number;
  confidence: import('./personal').ConfidenceRule;
}

/** A training worker's interface (comlink), driven by fit.ts. */
export interface TrainApi {
  /** Instantiates the kernel for a fit and fills this worker's share of the initial factors. */
  setup(setup: TrainSetup): void;
  /**
   * Copy mode, after setup: copies `chunk` into this worker's memory at element `at` of `part` of `side` (its CSR,
   * indptr from 0, values as u8 half-stars with halfSteps; or the whole factor matrix), and hands back the chunk's
   * buffer for the caller to fill again.
   */
  putRows(side: Side, part: PutPart, at: number, chunk: Int32Array | Float32Array | Uint8Array): ArrayBuffer;
  /** Partial Gram matrix (float64) of rows [first, last) of `side`'s factors, summed over GRAM_BLOCK_ROWS blocks. */
  gram(side: Side, first: number, last: number): Float64Array;
  /**
   * Solves this worker's rows of `side` against the other side with gram = YtY + reg I. Copy mode returns the solved
   * rows, written into `into` when it is large enough (the caller's buffer from the last solve, handed back).
   * Shared memory: with `gramRows`, the worker then waits for every worker to finish (a barrier in shared memory)
   * and returns the partial Gram matrix of those rows of the freshly solved side, saving a round trip.
   */
  solve(
    side: Side,
    gram: Float32Array,
    chunk: number,
    gramRows: [number, number] | null,
    into: ArrayBuffer | null,
  ): SolveResult;
  /** implicit's loss terms over user rows [first, last): [sum of row terms, total confidence]. gram = YtY + reg I. */
  loss(first: number, last: number, gram: Float32Array): [number, number];
  /** A copy of rows [first, last) of a factor matrix. */
  readRows(side: Side, first: number, last: number): Float32Array;
  /**
   * Copies rows [first, last) of a factor matrix into the same rows of `into` (shared memory: a view of a
   * SharedArrayBuffer the page allocated), so the page's thread never touches the bytes.
   */
  copyRows(side: Side, first: number, last: number, into: Float32Array): void;
  /**
   * Frees the training memory. `leftovers`: buffers of the page that the fit is done with (copy mode), moved here so
   * their bytes end with this worker instead of waiting for the page's collector (see fit.ts).
   */
  release(leftovers: ArrayBuffer[]): void;
}

/**
 * Some users' factor rows and rated items, sent with a query when the page's arrays are not shared (without
 * cross-origin isolation), so a query worker keeps no copy of every user's (179 MB at ml-32m).
 */
export interface UserRows {
  /** One stride-float row per user, in the query's order. */
  factors: Float32Array;
  /** The j-th user's rated items are indices[indptr[j]..indptr[j + 1]). */
  indptr: Int32Array;
  indices: Int32Array;
}

/** The query worker's interface (comlink), driven by recommender.ts. */
export interface QueryApi {
  /** Loads a fitted model for queries (its own private memory). */
  loadModel(setup: QuerySetup): void;
  /** implicit's similar_items: cosine of item factors, query left out, candidates under minRatings left out. */
  similarItems(item: number, n: number, minRatings: number, exclude?: Uint8Array | null): Ranked;
  /**
   * implicit's recommend for several users: n best items each, by dot product; ids are -1 padded to n per user.
   * `rows`: those users' factors and rated items when the setup has none (see QuerySetup).
   */
  recommend(users: Int32Array, n: number, filterSeen: boolean, rows: UserRows | null): Ranked;
  /** One user's n best items under a filter (rated items left out unless filterSeen is false); `rows` as recommend. */
  recommendUser(
    user: number,
    n: number,
    filterSeen: boolean,
    minRatings: number,
    exclude: Uint8Array | null,
    rows: UserRows | null,
  ): Ranked;
  /**
   * The n best films for liked items and their ratings by a For you method ('implicit': implicit's
   * recommend(..., recalculate_user=True), the person's factors solved exactly), the liked items left out, and each
   * answer explained by its `because` largest contributions.
   */
  recommendForLikes(
    items: Int32Array,
    ratings: Float32Array,
    n: number,
    minRatings: number,
    exclude: Uint8Array | null,
    because: number,
    method: import('./personal').ForYouMethod,
  ): PersonalRanked;
}
