/**
 * What the Evaluate and Tune runs share: a seeded 80/20 split of the loaded ratings (made in the evaluation worker,
 * kept while the dataset stays the same), a Trainer of their own and a Recommender per fit (so the model being
 * explored is never disturbed), and "fit on the train part, score on the held-out part" with implicit's metrics at 10
 * and the few-likes protocol.
 */
import type { Dataset } from '../data/types.ts';
import type { FitProgress, FitSettings, Model, QueryModel } from '../engine/api.ts';
import type { Recommender } from '../engine/recommender.ts';
import type { Trainer } from '../engine/trainer.ts';
import { weightedDataset } from '../data/weighting.ts';
import { abortError, throwIfAborted } from '../errors.ts';
import { lazy } from '../lazy.ts';
import { FOR_YOU_METHODS } from '../engine/personal.ts';
import type { EvaluationApi } from '../metrics/evaluation.worker.ts';
import type { FewLikesCase, RunControl } from '../metrics/fewLikes.ts';
import { FEW_LIKES_MIN_RATINGS, forYouTable, type ForYouRow, type MethodQuery } from '../metrics/forYouProtocol.ts';
import type { Holdout } from '../metrics/holdout.ts';
import { withShape, type SizedCsr } from '../metrics/matrix.ts';
import { rankingMetricsAtK, type BatchRecommender, type RankingMetrics } from '../metrics/ranking.ts';
import { WorkerBridge } from '../workers/bridge.ts';

/** implicit's ranking metrics are taken at this cut-off everywhere in the app. */
export const K = 10;
/** Share of ratings kept for training (implicit's train_test_split default 0.8). */
export const TRAIN_SHARE = 0.8;
/** Seed of the split: the same split every time for the same data. */
export const SPLIT_SEED = 42;
/** The evaluation worker keeps nothing between splits: it stops after this long without one. */
const EVALUATION_WORKER_IDLE_MS = 10_000;

/** A split with the train part as a Dataset the engine can fit on. */
export interface PreparedSplit {
  source: Dataset;
  train: Dataset;
  trainSized: SizedCsr;
  test: SizedCsr;
  popularity: RankingMetrics;
  /** The few-likes protocol's people and the train part's popularity (metrics/fewLikes.ts). */
  fewLikes: FewLikesCase[];
  popularOrder: Int32Array;
  popularityRanks: Int32Array;
}

/** Splits, fits and scores for the Evaluate and Tune views; one run at a time. */
export class HoldoutRunner {
  /** The evaluation worker (splits); one that stops ends the split with a named error, the next starts afresh. */
  readonly #worker = new WorkerBridge<EvaluationApi>(
    () =>
      new Worker(new URL('../metrics/evaluation.worker.ts', import.meta.url), { type: 'module', name: 'evaluation' }),
    { label: 'evaluation split', idleMs: EVALUATION_WORKER_IDLE_MS },
  );
  #split: Promise<PreparedSplit> | null = null;
  #splitOf: Dataset | null = null;
  #trainer: { workers: number; trainer: Promise<Trainer> } | null = null;

  /** The split of `dataset` (made once per dataset). */
  split(dataset: Dataset): Promise<PreparedSplit> {
    if (this.#splitOf !== dataset || !this.#split) {
      this.#splitOf = dataset;
      this.#split = this.#makeSplit(dataset);
      this.#split.catch(() => {
        if (this.#splitOf === dataset) this.#split = null;
      });
    }
    return this.#split;
  }

  async #makeSplit(source: Dataset): Promise<PreparedSplit> {
    const ratings = withShape(source.userItems, source.users, source.items);
    const h: Holdout = await this.#client().prepare(ratings, TRAIN_SHARE, SPLIT_SEED, K);
    const train: Dataset = {
      ...source,
      name: `${source.name} (train part)`,
      nnz: h.userItems.indices.length,
      userItems: h.userItems,
      itemUsers: h.itemUsers,
      itemCounts: h.itemCounts,
    };
    return {
      source,
      train,
      trainSized: withShape(h.userItems, source.users, source.items),
      test: h.test,
      popularity: h.popularity,
      fewLikes: h.fewLikes,
      popularOrder: h.popularOrder,
      popularityRanks: h.popularityRanks,
    };
  }

  /** The Trainer evaluation fits run on (started on first use; replaced when the worker count changes). */
  trainer(workers: number): Promise<Trainer> {
    if (this.#trainer?.workers !== workers) {
      const previous = this.#trainer;
      // The engine's code is not needed to draw the page (see lazy.ts).
      const trainer = lazy.engine().then(({ Trainer }) => Trainer.start({ workers }));
      this.#trainer = { workers, trainer };
      trainer.catch(() => {
        if (this.#trainer?.trainer === trainer) this.#trainer = null;
      });
      previous?.trainer.then(
        (old) => old.terminate(),
        () => undefined,
      );
    }
    return this.#trainer!.trainer;
  }

  /**
   * Fits `settings` on the train part (weighted by the settings' feedback first); per-iteration factors go to
   * `onIteration` scored (NDCG etc.) when given. Resolves with the model, its metrics and a Recommender of it (the
   * caller terminates it).
   */
  async fitAndScore(
    split: PreparedSplit,
    settings: FitSettings,
    workers: number,
    signal: AbortSignal,
    onProgress?: FitProgress,
    onIteration?: (iteration: number, metrics: RankingMetrics) => void,
  ): Promise<{ model: Model; metrics: RankingMetrics; recommender: Recommender }> {
    const trainer = await this.trainer(workers);
    throwIfAborted(signal);
    const { Recommender } = await lazy.engine();
    const pattern = split.train;
    // One query worker for the run: each snapshot's Recommender takes over the one before's.
    let recommender: Recommender | null = null;
    const next = async (model: QueryModel): Promise<Recommender> => {
      const previous = recommender;
      recommender = previous ? await previous.withModel(model) : await Recommender.create(model, pattern);
      previous?.terminate();
      return recommender;
    };
    // Snapshots are scored one after another (a Recommender per snapshot, then recommend and metrics), so a later
    // snapshot never replaces the factors while an earlier one is being scored.
    let queue: Promise<void> = Promise.resolve();
    const onFactors = onIteration
      ? (iteration: number, userFactors: Float32Array, itemFactors: Float32Array) => {
          queue = queue.then(async () => {
            if (signal.aborted) return;
            const { users, items } = split.train;
            const stride = userFactors.length / Math.max(1, users);
            const snapshot = await next({
              users,
              items,
              stride,
              userFactors,
              itemFactors,
              factors: settings.factors,
              settings,
            });
            onIteration(iteration, await this.score(snapshot, split));
          });
        }
      : undefined;
    try {
      const matrix = await weightedDataset(split.train, settings, async () => {
        throwIfAborted(signal);
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
      let model: Model;
      try {
        model = await trainer.fit(matrix, settings, onProgress, signal, onFactors);
      } catch (error) {
        queue.catch(() => undefined); // The fit's error is the one to report.
        throw error;
      }
      await queue;
      if (signal.aborted) throw abortError();
      // The model's own Recommender: scoring it answers for the model.
      const final = await next(model);
      return { model, metrics: await this.score(final, split), recommender: final };
    } catch (error) {
      (recommender as Recommender | null)?.terminate();
      throw error;
    }
  }

  /** implicit's metrics at K of a Recommender's factors on the held-out part (training items left out). */
  score(recommender: Recommender, split: PreparedSplit): Promise<RankingMetrics> {
    const recommend: BatchRecommender = async (users, k) => (await recommender.recommend(users, k)).ids;
    return rankingMetricsAtK(recommend, split.trainSized, split.test, K);
  }

  /**
   * The few-likes table (metrics/forYouProtocol.ts) of a Recommender of a model fitted on the train part with
   * `settings`: every For you method, then popularity.
   */
  forYouTable(
    recommender: Recommender,
    split: PreparedSplit,
    settings: FitSettings,
    control: RunControl,
  ): Promise<ForYouRow[]> {
    const query: MethodQuery = (items, ratings, n, method) =>
      recommender.recommendForLikes(items, ratings, n, { minRatings: FEW_LIKES_MIN_RATINGS, method, because: 0 });
    const methods = FOR_YOU_METHODS.map((m) => m.method);
    const { fewLikes, popularityRanks, popularOrder } = split;
    return forYouTable(
      query,
      methods,
      fewLikes,
      popularityRanks,
      popularOrder,
      split.train.itemCounts,
      settings,
      K,
      control,
    );
  }

  /** The evaluation worker's calls, each through the bridge. */
  #client(): Pick<EvaluationApi, 'prepare'> {
    return { prepare: (...args) => this.#worker.call((api) => api.prepare(...args)) };
  }

  /** Drops the split of a dataset that is gone. */
  forget(dataset: Dataset | null): void {
    if (this.#splitOf && this.#splitOf !== dataset) {
      this.#splitOf = null;
      this.#split = null;
    }
  }
}
