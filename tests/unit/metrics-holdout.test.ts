/** prepareHoldout: the split of metrics/split.ts, train in both orientations, popularity scored on that split, and
 * the few-likes cases drawn from it. */
import { describe, expect, it } from 'vitest';
import { csrFromTriples } from '../../src/metrics/matrix';
import { prepareHoldout } from '../../src/metrics/holdout';
import { FEW_LIKES, fewLikesCases, popularityRanks } from '../../src/metrics/fewLikes';
import { trainTestSplit } from '../../src/metrics/split';
import { rankingMetricsAtK } from '../../src/metrics/ranking';
import { popularityRecommender } from '../../src/metrics/popularity';
import { mulberry32 } from '../../src/data/random';

describe('prepareHoldout', () => {
  it('matches trainTestSplit and the popularity baseline computed directly', async () => {
    const random = mulberry32(3);
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    for (let u = 0; u < 40; u++)
      for (let i = 0; i < 30; i++)
        if (random() < 0.3) {
          rows.push(u);
          cols.push(i);
          vals.push(1 + Math.floor(random() * 5));
        }
    const ratings = csrFromTriples(40, 30, rows, cols, vals);
    const h = await prepareHoldout(ratings, 0.8, 42, 10);
    const { train, test } = trainTestSplit(ratings, 0.8, 42);
    expect(h.userItems.indices).toEqual(train.indices);
    expect(h.test.indices).toEqual(test.indices);
    expect(h.itemUsers.indices.length).toBe(train.indices.length);
    for (let i = 0; i < 30; i++) expect(h.itemCounts[i]).toBe(h.itemUsers.indptr[i + 1] - h.itemUsers.indptr[i]);
    const direct = await rankingMetricsAtK(popularityRecommender(train), train, test, 10);
    expect(h.popularity).toEqual(direct);
    expect(h.popularityRanks).toEqual(popularityRanks(train));
  });

  it('draws the few-likes cases from the held-out part with the split seed', async () => {
    // Every user rates 60 of 80 items 4 or 5 stars: about 12 held-out likes each.
    const random = mulberry32(5);
    const users = Array.from({ length: 10 * 60 }, (_, e) => Math.floor(e / 60));
    const items = users.map((_, e) => (e % 60) + (users[e] % 20));
    const ratings = csrFromTriples(
      10,
      80,
      users,
      items,
      users.map(() => (random() < 0.5 ? 4 : 5)),
    );
    const h = await prepareHoldout(ratings, 0.8, 7, 10);
    const { test } = trainTestSplit(ratings, 0.8, 7);
    expect(h.fewLikes.length).toBeGreaterThan(5);
    expect(h.fewLikes).toEqual(fewLikesCases(test, { likes: FEW_LIKES, seed: 7 }));
  });
});
