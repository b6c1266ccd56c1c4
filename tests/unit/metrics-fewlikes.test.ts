/** The few-likes protocol and the genre-coherence count on hand-computed examples. */
import { describe, expect, it } from 'vitest';
import { THEMED_TRIPLES, onThemeCount, tripleItems } from '../../src/metrics/coherence';
import { fewLikesCases, fewLikesMetricsAtK, popularityRanks, type FewLikesCase } from '../../src/metrics/fewLikes';
import { csrFromTriples } from '../../src/metrics/matrix';
import { rowsToCsr } from '../support/rows-to-csr';

describe('fewLikesCases', () => {
  // Held-out ratings: user 0 liked (>= 4) items 0, 1, 2 (item 3 got 2 stars); user 1 liked only item 1;
  // user 2 liked items 2, 3, 4, 5.
  const test = csrFromTriples(
    3,
    6,
    [0, 0, 0, 0, 1, 1, 2, 2, 2, 2],
    [0, 1, 2, 3, 1, 4, 2, 3, 4, 5],
    [5, 4, 4.5, 2, 4, 3, 4, 4, 5, 4],
  );

  it('takes the users with enough held-out likes and splits those into likes and targets', () => {
    const cases = fewLikesCases(test, { likes: 2, seed: 1, minLiked: 3 });
    expect(cases.map((c) => c.user)).toEqual([0, 2]);
    const liked = [
      [0, 1, 2],
      [2, 3, 4, 5],
    ];
    cases.forEach((c, n) => {
      expect(c.likes).toHaveLength(2);
      expect([...c.likes, ...c.targets].sort()).toEqual(liked[n]);
      expect(Array.from(c.targets)).toEqual([...c.targets].sort());
    });
  });

  it('draws the same likes for the same seed, and keeps the same users for any number of likes', () => {
    const a = fewLikesCases(test, { likes: 1, seed: 9, minLiked: 3 });
    expect(fewLikesCases(test, { likes: 1, seed: 9, minLiked: 3 })).toEqual(a);
    expect(fewLikesCases(test, { likes: 2, seed: 9, minLiked: 3 }).map((c) => c.user)).toEqual(a.map((c) => c.user));
    expect(() => fewLikesCases(test, { likes: 3, seed: 9, minLiked: 3 })).toThrow(RangeError);
  });
});

describe('fewLikesMetricsAtK', () => {
  const cases: FewLikesCase[] = [
    { user: 0, likes: Int32Array.of(0), targets: Int32Array.of(1, 2) },
    { user: 1, likes: Int32Array.of(3), targets: Int32Array.of(4) },
  ];
  const walls = new Map([
    [0, Int32Array.of(2, 5, 1)],
    [3, Int32Array.of(5, 2, 0)],
  ]);
  // Popularity rank per item (1 = most rated).
  const ranks = Int32Array.of(3, 1, 2, 6, 5, 4);

  it('scores hit rate, NDCG, coverage and popularity rank as computed by hand at k = 3', async () => {
    const m = await fewLikesMetricsAtK((likes) => walls.get(likes[0])!, cases, ranks, 3);
    // Case 0: hits at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5; ideal for 2 targets = 1 + 1/log2(3).
    // Case 1: no hit. NDCG = (1.5 / 1.6309298) / 2.
    expect(m.ndcg).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)) / 2, 6);
    expect(m.hitRate).toBe(0.5);
    // Films shown: 2, 5, 1, 0 of 6.
    expect(m.coverage).toBeCloseTo(4 / 6, 10);
    // Ranks of 2, 5, 1, 5, 2, 0: 2 + 4 + 1 + 4 + 2 + 3 = 16 over 6 films.
    expect(m.popularityRank).toBeCloseTo(16 / 6, 10);
    expect(m.users).toBe(2);
  });

  it('reports progress, passes -1 padding over and stops when cancelled', async () => {
    const seen: number[] = [];
    const m = await fewLikesMetricsAtK(() => Int32Array.of(1, -1, -1), cases, ranks, 3, {
      onProgress: (done) => seen.push(done),
    });
    expect(seen).toEqual([1, 2]);
    expect(m.popularityRank).toBe(1);
    expect(m.ndcg).toBeCloseTo(1 / (1 + 1 / Math.log2(3)) / 2, 6);
    const controller = new AbortController();
    controller.abort();
    await expect(fewLikesMetricsAtK(() => Int32Array.of(1), cases, ranks, 3, controller)).rejects.toThrow('Cancelled');
  });

  it('ranks items by their train ratings', () => {
    // Counts: item 2 x3, items 0 and 4 x2, item 1 x1, item 3 x0.
    const train = rowsToCsr([[0, 2], [2, 4], [0, 1, 2], [4]], 5);
    expect(Array.from(popularityRanks(train))).toEqual([2, 4, 1, 5, 3]);
  });
});

describe('genre coherence', () => {
  const genres = [['Animation', 'Children'], ['Drama'], ['Children', 'Comedy'], [], ['Horror']];

  it('counts the films of a wall that carry one of the theme genres', () => {
    expect(onThemeCount(Int32Array.of(0, 1, 2, 3, -1), genres, ['Animation', 'Children'])).toBe(2);
    expect(onThemeCount(Int32Array.of(4, 4, 1), genres, ['Horror'])).toBe(2);
  });

  it('finds a triple in a catalogue, or says it is missing', () => {
    const toyStory = THEMED_TRIPLES[0];
    expect(toyStory.movieIds).toEqual([1, 588, 364]);
    const index = new Map([
      [1, 7],
      [588, 3],
      [364, 0],
    ]);
    expect(Array.from(tripleItems(toyStory, index)!)).toEqual([7, 3, 0]);
    index.delete(588);
    expect(tripleItems(toyStory, index)).toBeNull();
  });
});
