/**
 * The few-likes protocol (fewLikes.ts) run against a recommender of likes, method by method: what the benchmark and
 * the Evaluate view share. A case's likes reach the engine as a person's plain likes would (LIKE_RATING stars, turned
 * into feedback the way the model's training ratings were) and the wall is filtered as the For you wall is by default.
 */
import { personalFeedback, type FeedbackSettings } from '../data/weighting';
import { LIKE_RATING, type ForYouMethod } from '../engine/personal';
import { fewLikesMetricsAtK, type FewLikesCase, type FewLikesMetrics, type RunControl } from './fewLikes';

/** The For you wall's default minimum of ratings a film needs to be shown. */
export const FEW_LIKES_MIN_RATINGS = 5;

/** Asks the engine for n films for liked items under a method (the wall's filters applied by the engine). */
export type MethodQuery = (
  items: Int32Array,
  ratings: Float32Array,
  n: number,
  method: ForYouMethod,
) => Promise<{ ids: Int32Array }>;

/** A row of the For you table: a method (or 'popularity') and its figures. */
export interface ForYouRow {
  method: ForYouMethod | 'popularity';
  metrics: FewLikesMetrics;
}

/**
 * Scores each method on the cases, then the popularity baseline (the most-rated films above the minimum, likes
 * left out). `popularOrder` is the train part's items by popularity; `counts` their train ratings.
 */
export async function forYouTable(
  query: MethodQuery,
  methods: ForYouMethod[],
  cases: FewLikesCase[],
  ranks: Int32Array,
  popularOrder: Int32Array,
  counts: Int32Array,
  settings: FeedbackSettings,
  k = 10,
  control: RunControl = {},
): Promise<ForYouRow[]> {
  const rows: ForYouRow[] = [];
  const steps = methods.length + 1;
  const stepControl = (step: number): RunControl => ({
    signal: control.signal,
    onProgress: (done, total) => control.onProgress?.(step * total + done, steps * total),
  });
  for (const [step, method] of methods.entries()) {
    const recommend = async (likes: Int32Array, n: number) => {
      const feedback = personalFeedback(settings, likes, new Float32Array(likes.length).fill(LIKE_RATING));
      return (await query(feedback.items, feedback.ratings, n, method)).ids;
    };
    rows.push({ method, metrics: await fewLikesMetricsAtK(recommend, cases, ranks, k, stepControl(step)) });
  }
  const popular = Int32Array.from(popularOrder.filter((item) => counts[item] >= FEW_LIKES_MIN_RATINGS));
  const popularity = (likes: Int32Array, n: number) =>
    popular
      .subarray(0, n + likes.length)
      .filter((item) => !likes.includes(item))
      .subarray(0, n);
  rows.push({
    method: 'popularity',
    metrics: await fewLikesMetricsAtK(popularity, cases, ranks, k, stepControl(methods.length)),
  });
  return rows;
}
