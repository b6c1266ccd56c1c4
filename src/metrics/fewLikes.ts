/**
 * The few-likes protocol: how well does "For you" serve a new person who has liked a handful of films? On the seeded
 * 80/20 split, every test user with at least `minLiked` held-out ratings at or above `threshold` is a case: `likes` of
 * those ratings (a seeded draw) are what the person tells the app, and the rest of them are what a good wall should
 * show. The recommender sees only the likes (not the user's train ratings: the person is new) and returns k films
 * other than the likes. Scored per case and averaged:
 *
 *   hit rate@k   share of cases with at least one target in the k;
 *   NDCG@k       implicit's definition (ranking.ts): sum over hits at rank i of 1/log2(i + 2), over the ideal sum
 *                for min(k, targets) hits;
 *   coverage     distinct films recommended over all cases / films in the catalogue;
 *   popularity   mean rank (1 = most rated in the train part) of every film recommended: a method cannot win by
 *                showing the ten most popular films to everybody without this number saying so.
 *
 * The set of cases depends on minLiked and threshold only, so 1, 3 and 5 likes are measured on the same people.
 */
import { throwIfAborted } from '../errors.ts';
import { mulberry32 } from '../data/random';
import type { SizedCsr } from './matrix';
import { itemsByPopularity } from './popularity';

/** How many likes the Evaluate view's few-likes table gives each person. */
export const FEW_LIKES = 3;

/** One simulated new person: a test user, the films they "like" and the held-out films that should come up. */
export interface FewLikesCase {
  user: number;
  likes: Int32Array;
  targets: Int32Array;
}

/** Which users qualify and how many films they like. */
export interface FewLikesOptions {
  /** Films the person likes (1, 3 or 5 in the benchmark). */
  likes: number;
  /** Seed of the draw of likes. */
  seed: number;
  /** Held-out ratings at or above this are "liked" (MovieLens: 4 = really liked it). */
  threshold?: number;
  /** A user needs at least this many held-out liked films to be a case. */
  minLiked?: number;
}

/** Recommends k films from liked item indices alone, the likes left out; -1 padded. */
export type LikesRecommender = (likes: Int32Array, k: number) => Int32Array | Promise<Int32Array>;

/** The protocol's four figures and how many cases they average over. */
export interface FewLikesMetrics {
  hitRate: number;
  ndcg: number;
  coverage: number;
  /** Mean popularity rank of what was recommended (1 = most rated); lower = more popular. */
  popularityRank: number;
  users: number;
}

/** The protocol's users, each with a seeded draw of `likes` liked held-out films and the other ones as targets. */
export function fewLikesCases(test: SizedCsr, options: FewLikesOptions): FewLikesCase[] {
  const { likes, seed, threshold = 4, minLiked = 8 } = options;
  if (!(likes >= 1 && likes < minLiked)) throw new RangeError(`likes must lie in [1, ${minLiked}), got ${likes}`);
  const uniform = mulberry32(seed);
  const cases: FewLikesCase[] = [];
  for (let user = 0; user < test.rows; user++) {
    const liked: number[] = [];
    for (let e = test.indptr[user]; e < test.indptr[user + 1]; e++) {
      if (test.values[e] >= threshold) liked.push(test.indices[e]);
    }
    if (liked.length < minLiked) continue;
    // Partial Fisher-Yates: the first `likes` places get a uniform draw without replacement.
    for (let i = 0; i < likes; i++) {
      const j = i + Math.floor(uniform() * (liked.length - i));
      [liked[i], liked[j]] = [liked[j], liked[i]];
    }
    cases.push({
      user,
      likes: Int32Array.from(liked.slice(0, likes)),
      targets: Int32Array.from(liked.slice(likes)).sort(),
    });
  }
  return cases;
}

/** Popularity rank of every item in the train part: 1 for the most rated (ties: lower index first). */
export function popularityRanks(train: SizedCsr): Int32Array {
  return popularityRanksOf(itemsByPopularity(train));
}

/** Each item's 1-based place in an order of all items (itemsByPopularity's). */
export function popularityRanksOf(order: Int32Array): Int32Array {
  const ranks = new Int32Array(order.length);
  order.forEach((item, r) => (ranks[item] = r + 1));
  return ranks;
}

/** Progress and cancel for a long scoring run. */
export interface RunControl {
  signal?: AbortSignal;
  /** Called after each case with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Scores `recommend` on the cases: hit rate, NDCG, coverage and popularity rank at k (see the file comment). */
export async function fewLikesMetricsAtK(
  recommend: LikesRecommender,
  cases: FewLikesCase[],
  ranks: Int32Array,
  k = 10,
  control: RunControl = {},
): Promise<FewLikesMetrics> {
  const gain = Float64Array.from({ length: k }, (_, i) => 1 / Math.log2(i + 2));
  const shown = new Uint8Array(ranks.length);
  let hits = 0;
  let ndcg = 0;
  let rankSum = 0;
  let recommended = 0;
  for (let c = 0; c < cases.length; c++) {
    throwIfAborted(control.signal);
    const { likes, targets } = cases[c];
    const ids = await recommend(likes, k);
    let dcg = 0;
    for (let i = 0; i < Math.min(k, ids.length); i++) {
      const item = ids[i];
      if (item < 0) continue;
      shown[item] = 1;
      rankSum += ranks[item];
      recommended++;
      if (contains(targets, item)) dcg += gain[i];
    }
    let ideal = 0;
    for (let i = 0; i < Math.min(k, targets.length); i++) ideal += gain[i];
    if (dcg > 0) hits++;
    ndcg += ideal > 0 ? dcg / ideal : 0;
    control.onProgress?.(c + 1, cases.length);
  }
  let distinct = 0;
  for (const s of shown) distinct += s;
  return {
    hitRate: hits / cases.length,
    ndcg: ndcg / cases.length,
    coverage: distinct / ranks.length,
    popularityRank: rankSum / recommended,
    users: cases.length,
  };
}

/** Binary search in an ascending Int32Array. */
function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
