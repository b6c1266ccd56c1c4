/** forYouTable: every method through the few-likes protocol, then popularity, with progress and cancel. */
import { describe, expect, it } from 'vitest';
import type { ForYouMethod } from '../../src/engine/personal';
import { LIKE_RATING } from '../../src/engine/personal';
import type { FewLikesCase } from '../../src/metrics/fewLikes';
import { FEW_LIKES_MIN_RATINGS, forYouTable } from '../../src/metrics/forYouProtocol';

const cases: FewLikesCase[] = [
  { user: 0, likes: Int32Array.of(0), targets: Int32Array.of(1, 2) },
  { user: 1, likes: Int32Array.of(3), targets: Int32Array.of(4) },
];
// Items by popularity: 4, 3, 1, 0, 2, 5; item 5 has too few ratings for the wall.
const popularOrder = Int32Array.of(4, 3, 1, 0, 2, 5);
const ranks = Int32Array.of(4, 3, 5, 2, 1, 6);
const counts = Int32Array.of(20, 30, 10, 40, 50, FEW_LIKES_MIN_RATINGS - 1);

describe('forYouTable', () => {
  it('asks for each method with plain likes, then scores popularity from the films above the minimum', async () => {
    const asked: { items: number[]; ratings: number[]; method: ForYouMethod }[] = [];
    const rows = await forYouTable(
      async (items, ratings, n, method) => {
        asked.push({ items: Array.from(items), ratings: Array.from(ratings), method });
        // 'implicit' finds item 1 for the first case; 'similar' finds nothing.
        return {
          ids: method === 'implicit' && items[0] === 0 ? Int32Array.of(1, 5) : Int32Array.of(5, 2).subarray(0, n),
        };
      },
      ['implicit', 'similar'],
      cases,
      ranks,
      popularOrder,
      counts,
      { feedback: 'rating', likedThreshold: 4 },
      2,
    );
    expect(rows.map((row) => row.method)).toEqual(['implicit', 'similar', 'popularity']);
    expect(asked).toHaveLength(4);
    expect(asked[0]).toEqual({ items: [0], ratings: [LIKE_RATING], method: 'implicit' });
    // implicit: case 0 hits at rank 1 of 2 targets (ideal 1 + 1/log2 3), case 1 misses.
    expect(rows[0].metrics.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)) / 2, 6);
    expect(rows[0].metrics.hitRate).toBe(0.5);
    // similar: item 2 is a target of case 0 at rank 2.
    expect(rows[1].metrics.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)) / 2, 6);
    // popularity: case 0 gets 4, 3 (no hit); case 1 (likes 3) gets 4, 1: a hit at rank 1 of 1 target.
    expect(rows[2].metrics.hitRate).toBe(0.5);
    expect(rows[2].metrics.ndcg).toBeCloseTo(0.5, 6);
    expect(rows[2].metrics.coverage).toBeCloseTo(3 / 6, 10);
  });

  it('turns likes into feedback as the model was trained ("liked only" counts 1)', async () => {
    const ratings: number[][] = [];
    await forYouTable(
      async (_items, r) => {
        ratings.push(Array.from(r));
        return { ids: new Int32Array(0) };
      },
      ['debiased'],
      cases,
      ranks,
      popularOrder,
      counts,
      { feedback: 'liked', likedThreshold: 4 },
    );
    expect(ratings).toEqual([[1], [1]]);
  });

  it('reports progress across all methods and stops when cancelled', async () => {
    const progress: [number, number][] = [];
    const controller = new AbortController();
    const run = forYouTable(
      async () => {
        if (progress.length === 2) controller.abort();
        return { ids: new Int32Array(0) };
      },
      ['debiased', 'implicit'],
      cases,
      ranks,
      popularOrder,
      counts,
      { feedback: 'rating', likedThreshold: 4 },
      10,
      { signal: controller.signal, onProgress: (done, total) => progress.push([done, total]) },
    );
    await expect(run).rejects.toThrow('Cancelled');
    expect(progress).toEqual([
      [1, 6],
      [2, 6],
      [3, 6],
    ]);
  });
});
