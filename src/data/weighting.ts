/**
 * Turning ratings into implicit feedback before a fit: the rating as it is (default), "liked only" (ratings
 * at or above a threshold become 1, the rest are dropped: implicit's examples/movielens.py with min_rating 4.0), and
 * implicit's `bm25_weight` / `tfidf_weight` (implicit/nearest_neighbours.py):
 *
 *     def bm25_weight(X, K1=100, B=0.8):
 *         X = coo_matrix(X)
 *         N = float(X.shape[0])
 *         idf = np.log(N) - np.log1p(np.bincount(X.col))          # per column ("term")
 *         row_sums = np.ravel(X.sum(axis=1))
 *         average_length = row_sums.mean()
 *         length_norm = (1.0 - B) + B * row_sums / average_length # per row ("document")
 *         X.data = X.data * (K1 + 1.0) / (K1 * length_norm[X.row] + X.data) * idf[X.col]
 *
 *     def tfidf_weight(X):
 *         X = coo_matrix(X)
 *         N = float(X.shape[0])
 *         idf = np.log(N) - np.log1p(np.bincount(X.col))
 *         X.data = np.sqrt(X.data) * idf[X.col]
 *
 * Orientation: implicit's examples (lastfm.py, movielens.py) weight the items x users matrix, so rows (documents) are
 * items and columns (terms) are users: N is the number of items, idf is per user (log N - log(1 + films the user
 * rated)) and the length normalisation is per item (its sum of ratings over the mean item sum). We apply exactly
 * that to our items x users CSR (Dataset.itemUsers) and give the users x items CSR the same value for each
 * (user, item) pair; both are computed from per-item and per-user vectors, so no transpose is needed and the two
 * orientations agree entry for entry. The arithmetic is float64, stored as float32 like the ratings.
 *
 * Runs on the thread that drives the fit (the engine's setup), in slices with a yield between them, so a big
 * matrix never blocks the page: posting the CSR to a worker would cost the main thread a structured clone of the
 * whole matrix, more than this one multiply per rating.
 */
import type { Csr, Dataset } from './types';
import type { FeedbackKind } from '../engine/api';

/** How ratings become the values ALS trains on (recorded in a model's settings, so its type lives there). */
export type { FeedbackKind };

/** The feedback options a person can choose, with their labels. */
export const FEEDBACK_KINDS: { kind: FeedbackKind; label: string; detail: string }[] = [
  { kind: 'rating', label: 'The rating', detail: 'the star rating is the value, as in the tutorial' },
  { kind: 'liked', label: 'Liked only', detail: 'ratings at or above the threshold count as 1, the rest are dropped' },
  { kind: 'bm25', label: 'BM25', detail: "implicit's bm25_weight, K1 = 100, B = 0.8" },
  { kind: 'tfidf', label: 'TF-IDF', detail: "implicit's tfidf_weight" },
];

/** implicit's bm25_weight defaults. */
export const BM25_K1 = 100;
/** implicit's bm25_weight defaults. */
export const BM25_B = 0.8;

/** What weighting needs to know. */
export interface FeedbackSettings {
  feedback: FeedbackKind;
  /** "Liked only": the lowest rating that counts as liked (implicit's MovieLens example: 4.0). */
  likedThreshold: number;
}

/** A person's marks as the fit saw ratings (see personalFeedback). */
export interface PersonalFeedback {
  /** Films that count as likes, and their values. */
  items: Int32Array;
  ratings: Float32Array;
  /** Films the person marked that are not likes under this weighting: only left out of their wall. */
  notLiked: Int32Array;
}

/**
 * A person's stars turned into feedback the way the model's training ratings were, so "For you" asks the model the
 * question it was trained on: under "liked only" a film at or above the threshold counts 1 and one below is no like
 * at all (a confidence of 0 would put a negative term into implicit's user solve). BM25 and TF-IDF weights depend on
 * the whole matrix (every user's row and every film's column), so there the stars pass as they are.
 */
export function personalFeedback(
  settings: FeedbackSettings,
  items: Int32Array,
  ratings: Float32Array,
): PersonalFeedback {
  if (settings.feedback !== 'liked') return { items, ratings, notLiked: new Int32Array(0) };
  const liked: number[] = [];
  const notLiked: number[] = [];
  for (let i = 0; i < items.length; i++) (ratings[i] >= settings.likedThreshold ? liked : notLiked).push(items[i]);
  return {
    items: Int32Array.from(liked),
    ratings: new Float32Array(liked.length).fill(1),
    notLiked: Int32Array.from(notLiked),
  };
}

/** Ratings handled between two yields. */
const SLICE = 1 << 20;

/** Lets the page breathe between slices (and checks for a cancel). */
type Pause = () => Promise<void>;

const noPause: Pause = async () => undefined;

/**
 * The dataset a fit trains on under these settings: the same object for 'rating', otherwise a shallow copy whose
 * userItems / itemUsers / nnz hold the weighted values (ids, catalogue and itemCounts are the original ones, so
 * "minimum ratings" and "already rated" still count real ratings).
 */
export async function weightedDataset(
  data: Dataset,
  settings: FeedbackSettings,
  pause: Pause = noPause,
): Promise<Dataset> {
  // Anything but the three weightings (including settings saved before this option existed) keeps the rating.
  if (settings.feedback !== 'liked' && settings.feedback !== 'bm25' && settings.feedback !== 'tfidf') return data;
  if (settings.feedback === 'liked') {
    const userItems = await keepLiked(data.userItems, settings.likedThreshold, pause);
    if (userItems.indices.length === 0) {
      throw new Error(`no rating is at or above the liked threshold ${settings.likedThreshold}: lower it`);
    }
    const itemUsers = await keepLiked(data.itemUsers, settings.likedThreshold, pause);
    return { ...data, userItems, itemUsers, nnz: userItems.indices.length };
  }
  const { itemWeight, userIdf } = weightVectors(data, settings.feedback);
  const bm25 = settings.feedback === 'bm25';
  // value -> weight for one (item, user) pair: bm25 uses the item's length normalisation, tf-idf only the user's idf.
  const weigh = (value: number, item: number, user: number): number =>
    bm25
      ? ((value * (BM25_K1 + 1)) / (BM25_K1 * itemWeight[item] + value)) * userIdf[user]
      : Math.sqrt(value) * userIdf[user];
  const itemUsers = await mapValues(data.itemUsers, (value, item, user) => weigh(value, item, user), pause);
  const userItems = await mapValues(data.userItems, (value, user, item) => weigh(value, item, user), pause);
  return { ...data, userItems, itemUsers };
}

/** Per-user idf (log N_items - log(1 + ratings of the user)) and per-item BM25 length normalisation. */
function weightVectors(data: Dataset, kind: 'bm25' | 'tfidf'): { itemWeight: Float64Array; userIdf: Float64Array } {
  const n = data.items;
  const userIdf = new Float64Array(data.users);
  const { indptr } = data.userItems;
  // bincount(X.col) of the items x users matrix: stored entries per user, i.e. users x items row lengths.
  for (let user = 0; user < data.users; user++)
    userIdf[user] = Math.log(n) - Math.log1p(indptr[user + 1] - indptr[user]);
  const itemWeight = new Float64Array(data.items);
  if (kind === 'bm25') {
    const { indptr: itemPtr, values } = data.itemUsers;
    let total = 0;
    for (let item = 0; item < n; item++) {
      let sum = 0;
      for (let e = itemPtr[item]; e < itemPtr[item + 1]; e++) sum += values[e];
      itemWeight[item] = sum;
      total += sum;
    }
    // row_sums.mean() is over every row of the matrix, rated or not.
    const average = total / n;
    for (let item = 0; item < n; item++) itemWeight[item] = 1 - BM25_B + (BM25_B * itemWeight[item]) / average;
  }
  return { itemWeight, userIdf };
}

/** A copy of `csr` with each value replaced by weigh(value, row, column). */
async function mapValues(
  csr: Csr,
  weigh: (value: number, row: number, column: number) => number,
  pause: Pause,
): Promise<Csr> {
  const { indptr, indices, values } = csr;
  const out = new Float32Array(values.length);
  const rows = indptr.length - 1;
  let sinceYield = 0;
  for (let row = 0; row < rows; row++) {
    for (let e = indptr[row]; e < indptr[row + 1]; e++) out[e] = weigh(values[e], row, indices[e]);
    sinceYield += indptr[row + 1] - indptr[row];
    if (sinceYield >= SLICE) {
      sinceYield = 0;
      await pause();
    }
  }
  return { indptr, indices, values: out };
}

/** The entries with value >= threshold, each set to 1 (a new CSR of the same shape). */
async function keepLiked(csr: Csr, threshold: number, pause: Pause): Promise<Csr> {
  const { indptr, indices, values } = csr;
  const rows = indptr.length - 1;
  let kept = 0;
  for (let e = 0; e < values.length; e++) if (values[e] >= threshold) kept++;
  const outPtr = new Int32Array(rows + 1);
  const outIndices = new Int32Array(kept);
  let at = 0;
  let sinceYield = 0;
  for (let row = 0; row < rows; row++) {
    for (let e = indptr[row]; e < indptr[row + 1]; e++) if (values[e] >= threshold) outIndices[at++] = indices[e];
    outPtr[row + 1] = at;
    sinceYield += indptr[row + 1] - indptr[row];
    if (sinceYield >= SLICE) {
      sinceYield = 0;
      await pause();
    }
  }
  return { indptr: outPtr, indices: outIndices, values: new Float32Array(kept).fill(1) };
}

/** One sentence when the feedback settings cannot be used; empty when they are fine. */
export function feedbackProblems(settings: FeedbackSettings): string[] {
  if (settings.feedback !== 'liked') return [];
  const t = settings.likedThreshold;
  if (typeof t !== 'number' || !Number.isFinite(t)) return ['Liked threshold needs a number.'];
  if (t < 0 || t > 5) return ['Liked threshold must be between 0 and 5.'];
  return [];
}
