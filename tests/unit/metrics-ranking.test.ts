/** rankingMetricsAtK against a hand-computed example, implicit's edge cases, and the exact scorer end to end. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rowsToCsr } from '../support/rows-to-csr';
import { rankingMetricsAtK, type BatchRecommender } from '../../src/metrics/ranking';
import { exactRecommender, scoreAllItems, topKExcluding } from '../../src/metrics/exact';

/** A recommender answering from a fixed table, recording which users it was asked about. */
function tableRecommender(table: Record<number, number[]>, asked: number[] = []): BatchRecommender {
  return async (userIndices, k) => {
    const ids = new Int32Array(userIndices.length * k).fill(-1);
    userIndices.forEach((user, b) => {
      asked.push(user);
      ids.set((table[user] ?? []).slice(0, k), b * k);
    });
    return ids;
  };
}

// 4 users x 6 items, K = 3. cg = [1, 1/log2(3), 1/2].
// user 0: test {2,4}, recs [2,3,4]: hit, miss, hit.
//   P: 2 hits / min(3,2)=2. AP = (1/1 + 2/3) / 2 = 5/6. IDCG = 1 + 1/log2(3); DCG = 1 + 1/2.
//   AUC: the miss at rank 1 adds hit=1; then + ((2 + 2)/2) * (neg 4 - miss 1) = 6 -> 7 / (2*4) = 0.875.
// user 1: test {3}, recs [0,5,2]: three misses.
//   P: 0 / 1. AP = 0. NDCG = 0. AUC: 0 + ((0 + 1)/2) * (5 - 3) = 1 -> 1 / (1*5) = 0.2.
// user 2: no test items -> skipped (implicit's to_generate), never asked for recommendations.
// user 3: test {0,1,2,3}, recs [1,4,0]: hit, miss, hit.
//   P: 2 / min(3,4)=3. AP = (1 + 2/3) / 3 = 5/9. IDCG = 1 + 1/log2(3) + 1/2; DCG = 1 + 1/2.
//   AUC: 1 + ((2 + 4)/2) * (2 - 1) = 4 -> 4 / (4*2) = 0.5.
// precision = (2+0+2)/(2+1+3) = 2/3; map = (5/6 + 0 + 5/9)/3 = 25/54; auc = (0.875+0.2+0.5)/3 = 0.525.
const train = rowsToCsr([[0], [1], [0, 1], [5]], 6);
const test = rowsToCsr([[2, 4], [3], [], [0, 1, 2, 3]], 6);
const recs = { 0: [2, 3, 4], 1: [0, 5, 2], 2: [3, 4, 5], 3: [1, 4, 0] };
const inverseLog2Of3 = 1 / Math.log2(3);
const expectedNdcg = (1.5 / (1 + inverseLog2Of3) + 0 + 1.5 / (1.5 + inverseLog2Of3)) / 3;

describe('rankingMetricsAtK', () => {
  it('matches the hand-computed precision, MAP, NDCG and AUC and skips users without test items', async () => {
    const asked: number[] = [];
    const metrics = await rankingMetricsAtK(tableRecommender(recs, asked), train, test, 3);
    expect(metrics.precision).toBeCloseTo(2 / 3, 9);
    expect(metrics.map).toBeCloseTo(25 / 54, 9);
    expect(metrics.ndcg).toBeCloseTo(expectedNdcg, 9);
    expect(metrics.auc).toBeCloseTo(0.525, 9);
    expect(metrics.usersEvaluated).toBe(3);
    expect(asked).toEqual([0, 1, 3]);
  });

  it('gives the same answer in batches of one, from a synchronous recommender', async () => {
    const table = tableRecommender(recs);
    const sync: BatchRecommender = (users, k) => {
      const ids = new Int32Array(users.length * k).fill(-1);
      users.forEach((user, b) => ids.set(recs[user as 0 | 1 | 2 | 3].slice(0, k), b * k));
      return ids;
    };
    const whole = await rankingMetricsAtK(table, train, test, 3);
    const single = await rankingMetricsAtK(sync, train, test, 3, { batchSize: 1 });
    expect(single).toEqual(whole);
  });

  it('evaluates only the requested users', async () => {
    const metrics = await rankingMetricsAtK(tableRecommender(recs), train, test, 3, { users: Int32Array.of(0, 2) });
    expect(metrics.usersEvaluated).toBe(1);
    expect(metrics.precision).toBeCloseTo(1, 9);
    expect(metrics.map).toBeCloseTo(5 / 6, 9);
    expect(metrics.auc).toBeCloseTo(0.875, 9);
  });

  it('counts -1 padding as misses, as implicit does', async () => {
    const metrics = await rankingMetricsAtK(tableRecommender({}), train, test, 3);
    expect(metrics.precision).toBe(0);
    expect(metrics.map).toBe(0);
    expect(metrics.ndcg).toBe(0);
    // Each user: auc = (pos/2) * (neg - K) / (pos * neg) = (neg - 3) / (2 * neg); neg = 4, 5, 2.
    const perUser = [4, 5, 2].map((negatives) => (negatives - 3) / (2 * negatives));
    expect(metrics.auc).toBeCloseTo((perUser[0] + perUser[1] + perUser[2]) / 3, 9);
  });

  it('is NaN with no users to evaluate, like implicit 0/0, and says so', async () => {
    const empty = rowsToCsr([[], [], [], []], 6);
    const metrics = await rankingMetricsAtK(tableRecommender(recs), train, empty, 3);
    expect(metrics.usersEvaluated).toBe(0);
    expect(metrics.precision).toBeNaN();
  });

  it('rejects mismatched shapes and a wrong-sized answer', async () => {
    await expect(rankingMetricsAtK(tableRecommender(recs), rowsToCsr([[0]], 6), test, 3)).rejects.toThrow(/1x6/);
    const short: BatchRecommender = () => new Int32Array(1);
    await expect(rankingMetricsAtK(short, train, test, 3)).rejects.toThrow(/returned 1 ids/);
  });
});

describe('exact scorer', () => {
  it('scores dot products over padded rows', () => {
    const stride = 4;
    const userFactors = Float32Array.of(1, 2, 3, 0);
    const itemFactors = Float32Array.of(1, 0, 0, 0, 0, 1, 1, 0, -1, -1, -1, 0);
    expect(Array.from(scoreAllItems(userFactors, itemFactors, stride, 0))).toEqual([1, 5, -6]);
  });

  it('topKExcluding equals a full sort (score desc, index asc) minus the excluded items', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (scores, k, excludeMask) => {
          const exclude = scores.map((_, i) => i).filter((i) => excludeMask[i]);
          const expected = scores
            .map((score, item) => ({ score, item }))
            .filter(({ item }) => !excludeMask[item])
            .sort((a, b) => b.score - a.score || a.item - b.item)
            .slice(0, k)
            .map(({ item }) => item);
          expect(Array.from(topKExcluding(Float64Array.from(scores), k, Int32Array.from(exclude)))).toEqual(expected);
        },
      ),
    );
  });

  it('end to end: one-hot factors recommend each user its own item, unless training already has it', async () => {
    // Checkerboard-style fixture (implicit's tests): user u's best item is item u.
    const users = 5;
    const stride = 8;
    const factors = new Float32Array(users * stride);
    for (let u = 0; u < users; u++) factors[u * stride + u] = 1;
    const test = rowsToCsr([[0], [1], [2], [3], [4]], users);
    const noTrain = rowsToCsr([[], [], [], [], []], users);
    const perfect = await rankingMetricsAtK(exactRecommender(factors, factors, stride, noTrain), noTrain, test, 1);
    expect(perfect).toEqual({ precision: 1, map: 1, ndcg: 1, auc: 1, usersEvaluated: users });
    // When users 0 and 1 trained on their own item it must be filtered out, so those two users miss at K = 1.
    const seen = rowsToCsr([[0], [1], [], [], []], users);
    const filtered = await rankingMetricsAtK(exactRecommender(factors, factors, stride, seen), seen, test, 1);
    expect(filtered.precision).toBeCloseTo(3 / 5, 9);
  });
});
