/** prepareHoldout: the split of metrics/split.ts, train in both orientations, popularity scored on that split. */
import { describe, expect, it } from 'vitest';
import { csrFromTriples } from '../../src/metrics/matrix';
import { prepareHoldout } from '../../src/metrics/holdout';
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
  });
});
