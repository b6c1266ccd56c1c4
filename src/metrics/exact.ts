/**
 * A plain, exact scorer and top-k selector: the reference the engine's WebAssembly recommend is checked against, and
 * a recommender for testing rankingMetricsAtK end to end without the engine. Scores are dot products of user and
 * item factors, as implicit's MatrixFactorizationBase.recommend (`user_factors[u] @ item_factors.T`).
 */
import type { Csr } from '../data/types';
import type { BatchRecommender } from './ranking';

/** Scores every item for user `u`: dot(userFactors row u, itemFactors row i), in doubles; rows are `stride` floats. */
export function scoreAllItems(
  userFactors: Float32Array,
  itemFactors: Float32Array,
  stride: number,
  u: number,
): Float64Array {
  const items = Math.floor(itemFactors.length / stride);
  const scores = new Float64Array(items);
  const userOffset = u * stride;
  for (let item = 0; item < items; item++) {
    const itemOffset = item * stride;
    let dot = 0;
    for (let f = 0; f < stride; f++) dot += userFactors[userOffset + f] * itemFactors[itemOffset + f];
    scores[item] = dot;
  }
  return scores;
}

/**
 * The k best item indices by score, best first, leaving out `excludeSorted` (ascending item indices, e.g. a CSR row)
 * and NaN scores. Equal scores rank the lower index first, so the answer is deterministic. O(n log k).
 */
export function topKExcluding(scores: ArrayLike<number>, k: number, excludeSorted: ArrayLike<number>): Int32Array {
  // A min-heap of the best k seen so far; its root is the worst of them, replaced when something better arrives.
  const heapItems = new Int32Array(Math.max(0, k));
  let size = 0;
  let excludeAt = 0;
  const worse = (a: number, b: number): boolean => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  for (let item = 0; item < scores.length && k > 0; item++) {
    while (excludeAt < excludeSorted.length && excludeSorted[excludeAt] < item) excludeAt++;
    if (excludeAt < excludeSorted.length && excludeSorted[excludeAt] === item) continue;
    if (Number.isNaN(scores[item])) continue;
    if (size < k) {
      heapItems[size] = item;
      siftUp(heapItems, size++, worse);
    } else if (worse(heapItems[0], item)) {
      heapItems[0] = item;
      siftDown(heapItems, size, worse);
    }
  }
  const best = heapItems.slice(0, size);
  best.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return best;
}

/** A BatchRecommender from factor matrices that leaves out each user's items in `train` (-1 padded). */
export function exactRecommender(
  userFactors: Float32Array,
  itemFactors: Float32Array,
  stride: number,
  train: Csr,
): BatchRecommender {
  return (userIndices, k) => {
    const ids = new Int32Array(userIndices.length * k).fill(-1);
    userIndices.forEach((user, b) => {
      const seen = train.indices.subarray(train.indptr[user], train.indptr[user + 1]);
      ids.set(topKExcluding(scoreAllItems(userFactors, itemFactors, stride, user), k, seen), b * k);
    });
    return ids;
  };
}

type Worse = (a: number, b: number) => boolean;

function siftUp(heap: Int32Array, at: number, worse: Worse): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(heap[at], heap[parent])) return;
    [heap[at], heap[parent]] = [heap[parent], heap[at]];
    at = parent;
  }
}

function siftDown(heap: Int32Array, size: number, worse: Worse): void {
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let smallest = at;
    if (left < size && worse(heap[left], heap[smallest])) smallest = left;
    if (right < size && worse(heap[right], heap[smallest])) smallest = right;
    if (smallest === at) return;
    [heap[at], heap[smallest]] = [heap[smallest], heap[at]];
    at = smallest;
  }
}
