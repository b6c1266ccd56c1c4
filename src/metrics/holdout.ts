/**
 * The held-out evaluation set-up the Evaluate view uses, as plain functions (run in evaluation.worker.ts): implicit's
 * 80/20 `train_test_split` of the raw ratings, the train part in both orientations ready to fit on, and the
 * popularity baseline scored on the same split, and the few-likes protocol's people (fewLikes.ts) drawn from it. Weighting (src/data/weighting.ts) is applied by the fit to the train
 * part only, so every feedback option is judged against the same held-out ratings.
 */
import { transposeCsr } from '../data/csr';
import type { Csr } from '../data/types';
import type { SizedCsr } from './matrix';
import { FEW_LIKES, fewLikesCases, popularityRanksOf, type FewLikesCase } from './fewLikes';
import { itemsByPopularity, popularityRecommender } from './popularity';
import { rankingMetricsAtK, type RankingMetrics } from './ranking';
import { trainTestSplit } from './split';

/** A split ready for a fit: train in both orientations (as a Dataset holds them), test users x items. */
export interface Holdout {
  userItems: Csr;
  itemUsers: Csr;
  /** Train ratings per item. */
  itemCounts: Int32Array;
  test: SizedCsr;
  /** The popularity baseline's metrics at k on this split. */
  popularity: RankingMetrics;
  /** Items by train ratings, most first, and each item's rank in that order (1 = most rated). */
  popularOrder: Int32Array;
  popularityRanks: Int32Array;
  /** The few-likes protocol's cases with `FEW_LIKES` likes each, drawn with the split's seed. */
  fewLikes: FewLikesCase[];
}

/** Splits `ratings` (users x items) with implicit's semantics and scores the popularity baseline at k. */
export async function prepareHoldout(ratings: SizedCsr, trainShare: number, seed: number, k: number): Promise<Holdout> {
  const { train, test } = trainTestSplit(ratings, trainShare, seed);
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(train, train.columns);
  const popularity = await rankingMetricsAtK(popularityRecommender(train), train, test, k);
  const userItems: Csr = { indptr: train.indptr, indices: train.indices, values: train.values };
  const popularOrder = itemsByPopularity(train);
  const popularityRanks = popularityRanksOf(popularOrder);
  const fewLikes = fewLikesCases(test, { likes: FEW_LIKES, seed });
  return { userItems, itemUsers, itemCounts, test, popularity, popularOrder, popularityRanks, fewLikes };
}

/** Every buffer of a Holdout, for transfer. */
export function holdoutBuffers(h: Holdout): ArrayBuffer[] {
  const arrays = [h.userItems, h.itemUsers, h.test].flatMap((m) => [m.indptr, m.indices, m.values]);
  const cases = h.fewLikes.flatMap((c) => [c.likes, c.targets]);
  return [...arrays, ...cases, h.itemCounts, h.popularOrder, h.popularityRanks].map((a) => a.buffer as ArrayBuffer);
}
