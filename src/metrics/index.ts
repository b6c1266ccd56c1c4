/** The metrics module: implicit's train/test split and ranking metrics, baselines, and the genre-overlap figure. */
export type { SizedCsr } from './matrix';
export { withShape, csrFromTriples } from './matrix';
export type { TrainTestSplit } from './split';
export { trainTestSplit } from './split';
export type { BatchRecommender, RankingMetrics, RankingOptions } from './ranking';
export { rankingMetricsAtK } from './ranking';
export { itemsByPopularity, popularityRecommender } from './popularity';
export { scoreAllItems, topKExcluding, exactRecommender } from './exact';
export type { GenreOverlap } from './genres';
export { genreOverlapAtK } from './genres';
