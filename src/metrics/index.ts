/**
 * The metrics module: implicit's train/test split and ranking metrics, baselines, the genre-overlap figure, and the
 * For you measures (few likes, genre coherence).
 */
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
export type { FewLikesCase, FewLikesMetrics, LikesRecommender } from './fewLikes';
export { fewLikesCases, fewLikesMetricsAtK, popularityRanks } from './fewLikes';
export type { ThemedTriple } from './coherence';
export { THEMED_TRIPLES, onThemeCount, tripleItems } from './coherence';
