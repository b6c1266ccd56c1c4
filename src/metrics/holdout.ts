/**
 * The held-out evaluation set-up the Evaluate view uses, as plain functions (run in evaluation.worker.ts): implicit's
 * 80/20 `train_test_split` of the raw ratings, the train part in both orientations ready to fit on, and the
 * popularity baseline scored on the same split. Weighting (src/data/weighting.ts) is applied by the fit to the train
 * part only, so every feedback option is judged against the same held-out ratings.
 */
import { transposeCsr } from '../data/csr';
import type { Csr } from '../data/types';
import type { SizedCsr } from './matrix';
import { popularityRecommender } from './popularity';
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
}

/** Splits `ratings` (users x items) with implicit's semantics and scores the popularity baseline at k. */
export async function prepareHoldout(ratings: SizedCsr, trainShare: number, seed: number, k: number): Promise<Holdout> {
  const { train, test } = trainTestSplit(ratings, trainShare, seed);
  const { csr: itemUsers, rowLengths: itemCounts } = transposeCsr(train, train.columns);
  const popularity = await rankingMetricsAtK(popularityRecommender(train), train, test, k);
  const userItems: Csr = { indptr: train.indptr, indices: train.indices, values: train.values };
  return { userItems, itemUsers, itemCounts, test, popularity };
}

/** Every buffer of a Holdout, for transfer. */
export function holdoutBuffers(h: Holdout): ArrayBuffer[] {
  const arrays = [h.userItems, h.itemUsers, h.test].flatMap((m) => [m.indptr, m.indices, m.values]);
  return [...arrays, h.itemCounts].map((a) => a.buffer as ArrayBuffer);
}
