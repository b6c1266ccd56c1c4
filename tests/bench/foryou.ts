/**
 * The For you part of the benchmark (`npm run bench -- --only foryou`): the few-likes protocol (src/metrics/fewLikes.ts)
 * for every For you method and the popularity baseline, with 1, 3 and 5 likes, averaged over three 80/20 splits of
 * ml-latest-small fitted with the default settings; then the genre coherence of each method on the themed triples,
 * from a model of all the ratings. JSON lines on stdout, the walls themselves on stderr for people to read.
 */
import { transposeCsr } from '../../src/data/csr';
import type { Dataset } from '../../src/data/types';
import { DEFAULT_SETTINGS } from '../../src/engine/api';
import { FOR_YOU_METHODS, LIKE_RATING, type ForYouMethod } from '../../src/engine/personal';
import { Recommender } from '../../src/engine/recommender';
import type { Trainer } from '../../src/engine/trainer';
import { THEMED_TRIPLES, onThemeCount, tripleItems } from '../../src/metrics/coherence';
import { fewLikesCases, popularityRanks } from '../../src/metrics/fewLikes';
import { FEW_LIKES_MIN_RATINGS, forYouTable, type ForYouRow } from '../../src/metrics/forYouProtocol';
import { itemsByPopularity, trainTestSplit, withShape } from '../../src/metrics';
import type { BenchEnvironment } from './suite';

const SPLIT_SEEDS = [1, 2, 3];
const LIKE_COUNTS = [1, 3, 5];
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

/** Runs the For you protocol and the coherence check on ml-latest-small. */
export async function forYouBench(env: BenchEnvironment, engine: Trainer, dataset: Dataset): Promise<void> {
  const settings = { ...DEFAULT_SETTINGS, computeLoss: false };
  const methods = FOR_YOU_METHODS.map((m) => m.method);
  const query =
    (recommender: Recommender, filter: { minRatings: number }) =>
    (items: Int32Array, ratings: Float32Array, n: number, method: ForYouMethod) =>
      recommender.recommendForLikes(items, ratings, n, { ...filter, method, because: 0 });
  const ratings = withShape(dataset.userItems, dataset.users, dataset.items);
  // results[likes][method] = one row per split
  const results = new Map<number, Map<string, ForYouRow['metrics'][]>>();
  for (const seed of SPLIT_SEEDS) {
    const { train, test } = trainTestSplit(ratings, 0.8, seed);
    const byItem = transposeCsr(train, dataset.items);
    // Train counts, so the wall's minimum of ratings is about what the model saw.
    const trainData: Dataset = {
      ...dataset,
      userItems: train,
      nnz: train.indices.length,
      itemUsers: byItem.csr,
      itemCounts: byItem.rowLengths,
    };
    const model = await engine.fit(trainData, settings);
    const recommender = await Recommender.create(model, trainData, { platform: env.engineOptions.platform });
    const ranks = popularityRanks(train);
    for (const likes of LIKE_COUNTS) {
      const cases = fewLikesCases(test, { likes, seed });
      const rows = await forYouTable(
        query(recommender, { minRatings: FEW_LIKES_MIN_RATINGS }),
        methods,
        cases,
        ranks,
        itemsByPopularity(train),
        trainData.itemCounts,
        settings,
      );
      for (const row of rows) {
        const byMethod = results.get(likes) ?? new Map();
        results.set(likes, byMethod.set(row.method, [...(byMethod.get(row.method) ?? []), row.metrics]));
        env.log(
          `  split ${seed}, ${likes} likes, ${row.method}: NDCG@10 ${row.metrics.ndcg.toFixed(4)} hit rate ${row.metrics.hitRate.toFixed(4)} coverage ${row.metrics.coverage.toFixed(4)} popularity rank ${row.metrics.popularityRank.toFixed(0)} (${row.metrics.users} users)`,
        );
      }
    }
    recommender.terminate();
  }
  for (const [likes, byMethod] of results) {
    for (const [method, runs] of byMethod) {
      await env.emit({
        dataset: 'ml-latest-small',
        kind: 'foryou',
        likes,
        method,
        factors: settings.factors,
        regularization: settings.regularization,
        split_seeds: SPLIT_SEEDS,
        users: runs.map((r) => r.users),
        hit_rate_at_10: round(mean(runs.map((r) => r.hitRate))),
        ndcg_at_10: round(mean(runs.map((r) => r.ndcg))),
        ndcg_at_10_sd: round(sd(runs.map((r) => r.ndcg))),
        coverage: round(mean(runs.map((r) => r.coverage))),
        popularity_rank: round(mean(runs.map((r) => r.popularityRank)), 1),
      });
    }
  }
  await coherence(env, engine, dataset, methods);
}

/** Genre coherence of each method on the themed triples, the walls printed for people. */
async function coherence(env: BenchEnvironment, engine: Trainer, dataset: Dataset, methods: ForYouMethod[]) {
  const model = await engine.fit(dataset, { ...DEFAULT_SETTINGS, computeLoss: false });
  const recommender = await Recommender.create(model, dataset, { platform: env.engineOptions.platform });
  const itemIndex = new Map(Array.from(dataset.itemIds, (movieId, index) => [movieId, index]));
  const { titles, genres } = dataset.catalog;
  for (const method of methods) {
    for (const triple of THEMED_TRIPLES) {
      const items = tripleItems(triple, itemIndex);
      if (!items) continue;
      const likeRatings = new Float32Array(items.length).fill(LIKE_RATING);
      const wall = await recommender.recommendForLikes(items, likeRatings, 10, {
        minRatings: FEW_LIKES_MIN_RATINGS,
        method,
        because: 0,
      });
      const onTheme = onThemeCount(wall.ids, genres, triple.genres);
      await env.emit({
        dataset: 'ml-latest-small',
        kind: 'foryou-coherence',
        method,
        triple: triple.name,
        genres: triple.genres.join('|'),
        on_theme: onTheme,
        of: wall.ids.length,
      });
      env.log(
        `  ${method}, ${triple.name} (${triple.genres.join(' or ')}): ${onTheme}/${wall.ids.length}\n` +
          Array.from(wall.ids, (i) => `      ${titles[i]} [${genres[i].join('|')}]`).join('\n'),
      );
    }
  }
  recommender.terminate();
}
