/**
 * Ranking metrics at K with implicit v0.7's definitions (`ranking_metrics_at_k` in `implicit/evaluation.pyx`).
 * For each user with at least one test item (`to_generate = to_generate[np.ediff1d(test_user_items.indptr) > 0]`;
 * users without test items are skipped and not counted), with `likes` = the user's test items and `ids` = the top K
 * recommendations (training items filtered, -1 padded):
 *
 *     pr_div += fmin(K, likes.size())
 *     idcg = cg_sum[min(K, likes.size()) - 1]          # cg[i] = 1 / log2(i + 2)
 *     num_neg_items = items - num_pos_items
 *     for i in range(K):
 *         if likes.find(ids[batch_idx, i]) != likes.end():
 *             relevant += 1; hit += 1; ap += hit / (i + 1); ndcg += cg[i] / idcg
 *         else:
 *             miss += 1; auc += hit
 *     auc += ((hit + num_pos_items) / 2.0) * (num_neg_items - miss)
 *     mean_ap += ap / fmin(K, likes.size())
 *     mean_auc += auc / (num_pos_items * num_neg_items)
 *     total += 1
 *
 *     precision = relevant / pr_div, map = mean_ap / total, ndcg = ndcg / total, auc = mean_auc / total
 *
 * Note implicit's "precision" is really hits over sum of min(K, |test_u|), and its AUC is an approximation that
 * assumes every positive outside the top K ranks above every negative outside it.
 */
import type { SizedCsr } from './matrix';

/**
 * Top-k items for each of a batch of users, training items already left out: `userIndices.length * k` item indices,
 * row-major, best first, padded with -1 where fewer than k items are left. May answer synchronously or not.
 */
export type BatchRecommender = (userIndices: Int32Array, k: number) => Int32Array | Promise<Int32Array>;

/** implicit's four ranking metrics plus how many users they average over. */
export interface RankingMetrics {
  precision: number;
  map: number;
  ndcg: number;
  auc: number;
  /** Users with at least one test item (implicit's `total`); NaN metrics when this is 0, as 0/0 in implicit. */
  usersEvaluated: number;
}

/** Options of rankingMetricsAtK. */
export interface RankingOptions {
  /** Evaluate only these user indices (users without test items are still skipped); default all rows. */
  users?: Int32Array;
  /** Users per recommender call (implicit: 1000). */
  batchSize?: number;
}

/**
 * Computes precision, MAP, NDCG and AUC at k of `recommend` against the held-out `test` ratings, exactly as implicit.
 * `train` is only checked for shape: the recommender itself must leave each user's training items out.
 */
export async function rankingMetricsAtK(
  recommend: BatchRecommender,
  train: SizedCsr,
  test: SizedCsr,
  k = 10,
  options: RankingOptions = {},
): Promise<RankingMetrics> {
  if (train.rows !== test.rows || train.columns !== test.columns) {
    throw new RangeError(`train is ${train.rows}x${train.columns} but test is ${test.rows}x${test.columns}`);
  }
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  const items = test.columns;
  const batchSize = options.batchSize ?? 1000;
  const toGenerate = usersWithTestItems(test, options.users);
  const gain = new Float64Array(k);
  const gainSum = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    gain[i] = 1 / Math.log2(i + 2);
    gainSum[i] = (i > 0 ? gainSum[i - 1] : 0) + gain[i];
  }
  // likedBy[item] === stamp marks the current user's test items (a set without clearing between users).
  const likedBy = new Int32Array(items).fill(-1);
  let relevant = 0;
  let precisionDivisor = 0;
  let meanAp = 0;
  let ndcg = 0;
  let meanAuc = 0;
  let total = 0;
  for (let start = 0; start < toGenerate.length; start += batchSize) {
    const batch = toGenerate.subarray(start, Math.min(start + batchSize, toGenerate.length));
    const ids = await recommend(batch, k);
    if (ids.length !== batch.length * k) {
      throw new RangeError(`recommender returned ${ids.length} ids for ${batch.length} users x ${k}`);
    }
    for (let b = 0; b < batch.length; b++) {
      const user = batch[b];
      for (let e = test.indptr[user]; e < test.indptr[user + 1]; e++) likedBy[test.indices[e]] = user;
      // A CSR row holds each item once (ascending), so its length is the size of implicit's `likes` set.
      const positives = test.indptr[user + 1] - test.indptr[user];
      const cutoff = Math.min(k, positives);
      precisionDivisor += cutoff;
      const idealGain = gainSum[cutoff - 1];
      const negatives = items - positives;
      let ap = 0;
      let hit = 0;
      let miss = 0;
      let auc = 0;
      for (let i = 0; i < k; i++) {
        const item = ids[b * k + i];
        if (item >= 0 && item < items && likedBy[item] === user) {
          relevant++;
          hit++;
          ap += hit / (i + 1);
          ndcg += gain[i] / idealGain;
        } else {
          miss++;
          auc += hit;
        }
      }
      auc += ((hit + positives) / 2) * (negatives - miss);
      meanAp += ap / cutoff;
      meanAuc += auc / (positives * negatives);
      total++;
    }
  }
  return {
    precision: relevant / precisionDivisor,
    map: meanAp / total,
    ndcg: ndcg / total,
    auc: meanAuc / total,
    usersEvaluated: total,
  };
}

/** implicit's `to_generate`: the requested users (default all) that have at least one test item. */
function usersWithTestItems(test: SizedCsr, users: Int32Array | undefined): Int32Array {
  const candidates = users ?? Int32Array.from({ length: test.rows }, (_, user) => user);
  return candidates.filter((user) => {
    if (!(user >= 0 && user < test.rows)) throw new RangeError(`user ${user} is outside 0..${test.rows - 1}`);
    return test.indptr[user + 1] > test.indptr[user];
  });
}
