/**
 * Feedback weighting against a direct float64 transcription of implicit's `bm25_weight` and `tfidf_weight`
 * (implicit/nearest_neighbours.py), applied to the items x users matrix as implicit's examples do, and "liked only"
 * against implicit's MovieLens example (ratings >= min_rating become 1, the rest are eliminated).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { datasetFromCsr } from '../../src/data/build';
import {
  weightedDataset,
  feedbackProblems,
  personalFeedback,
  type FeedbackKind,
  type FeedbackSettings,
} from '../../src/data/weighting';
import type { Csr, Dataset } from '../../src/data/types';
import { csrFromTriples } from '../../src/metrics/matrix';

/** COO triples (row = item, col = user, value) of the items x users matrix. */
interface Coo {
  rows: number;
  cols: number;
  row: number[];
  col: number[];
  data: number[];
}

/** implicit: idf = log(N) - log1p(bincount(X.col)); N = X.shape[0]. */
function idfOf(x: Coo): number[] {
  const bincount = new Array<number>(x.cols).fill(0);
  for (const c of x.col) bincount[c]++;
  return bincount.map((count) => Math.log(x.rows) - Math.log1p(count));
}

/** implicit's bm25_weight(X, K1=100, B=0.8), line by line. */
function bm25Reference(x: Coo, K1 = 100, B = 0.8): number[] {
  const idf = idfOf(x);
  const rowSums = new Array<number>(x.rows).fill(0);
  x.data.forEach((v, k) => (rowSums[x.row[k]] += v));
  const averageLength = rowSums.reduce((a, b) => a + b, 0) / x.rows;
  const lengthNorm = rowSums.map((s) => 1.0 - B + (B * s) / averageLength);
  return x.data.map((v, k) => ((v * (K1 + 1.0)) / (K1 * lengthNorm[x.row[k]] + v)) * idf[x.col[k]]);
}

/** implicit's tfidf_weight(X). */
function tfidfReference(x: Coo): number[] {
  const idf = idfOf(x);
  return x.data.map((v, k) => Math.sqrt(v) * idf[x.col[k]]);
}

/** (row, col) -> value of a CSR, for comparisons across orientations. */
function entries(csr: Csr): Map<string, number> {
  const out = new Map<string, number>();
  for (let r = 0; r + 1 < csr.indptr.length; r++) {
    for (let e = csr.indptr[r]; e < csr.indptr[r + 1]; e++) out.set(`${r},${csr.indices[e]}`, csr.values[e]);
  }
  return out;
}

/** A random users x items ratings matrix as a Dataset (half stars, distinct pairs, some empty rows/columns). */
const ratingsDataset = fc
  .record({ users: fc.integer({ min: 1, max: 9 }), items: fc.integer({ min: 2, max: 12 }) })
  .chain(({ users, items }) =>
    fc
      .uniqueArray(
        fc.record({
          u: fc.integer({ min: 0, max: users - 1 }),
          i: fc.integer({ min: 0, max: items - 1 }),
          r: fc.integer({ min: 1, max: 10 }).map((h) => h / 2),
        }),
        { selector: (t) => `${t.u},${t.i}`, minLength: 1, maxLength: users * items },
      )
      .map((triples) => {
        const csr = csrFromTriples(
          users,
          items,
          triples.map((t) => t.u),
          triples.map((t) => t.i),
          triples.map((t) => t.r),
        );
        return datasetFromCsr(csr, items, 'random');
      }),
  );

/** The items x users COO of a dataset (row = item, col = user). */
function itemUserCoo(data: Dataset): Coo {
  const x: Coo = { rows: data.items, cols: data.users, row: [], col: [], data: [] };
  const { indptr, indices, values } = data.itemUsers;
  for (let item = 0; item < data.items; item++) {
    for (let e = indptr[item]; e < indptr[item + 1]; e++) {
      x.row.push(item);
      x.col.push(indices[e]);
      x.data.push(values[e]);
    }
  }
  return x;
}

async function checkAgainst(kind: FeedbackKind, reference: (x: Coo) => number[], data: Dataset): Promise<void> {
  const weighted = await weightedDataset(data, { feedback: kind, likedThreshold: 4 });
  const x = itemUserCoo(data);
  const expected = reference(x);
  const got = entries(weighted.itemUsers);
  x.data.forEach((_, k) => {
    const value = got.get(`${x.row[k]},${x.col[k]}`)!;
    expect(value).toBeCloseTo(expected[k], 4);
    expect(Math.abs(value - expected[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[k])));
  });
  // Both orientations hold the same value for each (user, item) pair.
  const byUser = entries(weighted.userItems);
  for (const [key, value] of got) {
    const [item, user] = key.split(',');
    expect(byUser.get(`${user},${item}`)).toBe(value);
  }
  expect(byUser.size).toBe(got.size);
}

describe('feedback weighting', () => {
  it('leaves the dataset untouched for "the rating"', async () => {
    await fc.assert(
      fc.asyncProperty(ratingsDataset, async (data) => {
        expect(await weightedDataset(data, { feedback: 'rating', likedThreshold: 4 })).toBe(data);
        const older = { likedThreshold: 4 } as unknown as FeedbackSettings; // settings saved before the option
        expect(await weightedDataset(data, older)).toBe(data);
      }),
    );
  });

  it("matches implicit's bm25_weight on the items x users matrix", async () => {
    await fc.assert(fc.asyncProperty(ratingsDataset, (data) => checkAgainst('bm25', (x) => bm25Reference(x), data)));
  });

  it("matches implicit's tfidf_weight on the items x users matrix", async () => {
    await fc.assert(fc.asyncProperty(ratingsDataset, (data) => checkAgainst('tfidf', tfidfReference, data)));
  });

  it('keeps only ratings at or above the threshold, as 1, in both orientations', async () => {
    await fc.assert(
      fc.asyncProperty(ratingsDataset, fc.integer({ min: 1, max: 10 }), async (data, half) => {
        const threshold = half / 2;
        const original = entries(data.userItems);
        const expected = [...original].filter(([, v]) => v >= threshold).map(([k]) => k);
        const weighting = weightedDataset(data, { feedback: 'liked', likedThreshold: threshold });
        if (expected.length === 0) {
          await expect(weighting).rejects.toThrow(/no rating is at or above/);
          return;
        }
        const liked = await weighting;
        const kept = entries(liked.userItems);
        expect([...kept.keys()].sort()).toEqual(expected.sort());
        for (const value of kept.values()) expect(value).toBe(1);
        expect(liked.nnz).toBe(expected.length);
        const flipped = [...entries(liked.itemUsers).keys()].map((k) => k.split(',').reverse().join(','));
        expect(flipped.sort()).toEqual(expected.sort());
        // Catalogue and rating counts stay the original ones.
        expect(liked.itemCounts).toBe(data.itemCounts);
        expect(liked.userItems.indptr.length).toBe(data.users + 1);
      }),
    );
  });

  it('bm25 on a hand-checked matrix', async () => {
    // 2 users x 2 items: user 0 rated item 0 (4) and item 1 (2); user 1 rated item 0 (1).
    const csr = csrFromTriples(2, 2, [0, 0, 1], [0, 1, 0], [4, 2, 1]);
    const data = datasetFromCsr(csr, 2, 'tiny');
    const w = entries((await weightedDataset(data, { feedback: 'bm25', likedThreshold: 4 })).itemUsers);
    // Item sums 5 and 2, mean 3.5; idf(user 0) = log 2 - log 3, idf(user 1) = log 2 - log 2 = 0.
    const norm0 = 0.2 + (0.8 * 5) / 3.5;
    expect(w.get('0,0')).toBeCloseTo(((4 * 101) / (100 * norm0 + 4)) * (Math.log(2) - Math.log(3)), 6);
    expect(w.get('0,1')).toBe(0);
  });

  it('refuses a threshold that leaves no rating, in words', async () => {
    const data = datasetFromCsr(csrFromTriples(2, 2, [0, 1], [0, 1], [3, 2]), 2, 'low');
    await expect(weightedDataset(data, { feedback: 'liked', likedThreshold: 4 })).rejects.toThrow(
      'no rating is at or above the liked threshold 4: lower it',
    );
  });

  it('explains unusable settings', () => {
    expect(feedbackProblems({ feedback: 'liked', likedThreshold: 7 })).toEqual([
      'Liked threshold must be between 0 and 5.',
    ]);
    expect(feedbackProblems({ feedback: 'liked', likedThreshold: Number.NaN })).toHaveLength(1);
    expect(feedbackProblems({ feedback: 'bm25', likedThreshold: Number.NaN })).toEqual([]);
  });
});

describe("a person's marks under the model's weighting (personalFeedback)", () => {
  const items = Int32Array.of(4, 9, 2, 7);
  const stars = Float32Array.of(5, 3.5, 4, 1);

  it('liked only: at or above the threshold is a like of value 1, below it is no like (only left out)', () => {
    const personal = personalFeedback({ feedback: 'liked', likedThreshold: 4 }, items, stars);
    expect([...personal.items]).toEqual([4, 2]);
    expect([...personal.ratings]).toEqual([1, 1]);
    expect([...personal.notLiked]).toEqual([9, 7]);
  });

  it('the rating itself, BM25 and TF-IDF: the stars pass as they are', () => {
    for (const feedback of ['rating', 'bm25', 'tfidf'] as const) {
      const personal = personalFeedback({ feedback, likedThreshold: 4 }, items, stars);
      expect(personal.items).toBe(items);
      expect(personal.ratings).toBe(stars);
      expect(personal.notLiked.length).toBe(0);
    }
  });
});
