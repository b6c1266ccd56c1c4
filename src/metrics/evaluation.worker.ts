/**
 * The evaluation worker: splits the ratings and scores the popularity baseline off the main thread (on
 * ml-latest-small the split and the baseline take 30-50 ms each; they grow with the ratings). The arrays come back by
 * transfer.
 */
import { expose, transfer } from 'comlink';
import { holdoutBuffers, prepareHoldout } from './holdout';
import type { SizedCsr } from './matrix';

/** What the worker offers (comlink). */
export const evaluationApi = {
  /** implicit's train_test_split + the popularity baseline at k; see holdout.ts. */
  async prepare(ratings: SizedCsr, trainShare: number, seed: number, k: number) {
    const holdout = await prepareHoldout(ratings, trainShare, seed, k);
    return transfer(holdout, holdoutBuffers(holdout));
  },
};

/** The worker's interface, for `wrap`. */
export type EvaluationApi = typeof evaluationApi;

expose(evaluationApi);
