/** The seeded sample catalogue and the synthetic benchmark generator. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/data/random.ts';
import { Reader } from '../../src/data/reader.ts';
import { generateMoviesCsv, generateSampleCsv } from '../../src/data/sample.ts';
import {
  AliasTable,
  ML_LATEST_SMALL_RATING_COUNTS,
  RATING_VALUES,
  generateSyntheticRatings,
  syntheticDataset,
} from '../../src/data/synthetic.ts';

describe('mulberry32', () => {
  it('repeats for a seed, differs between seeds, and stays in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, mulberry32(7));
    expect(Array.from({ length: 1000 }, mulberry32(7))).toEqual(a);
    expect(Array.from({ length: 1000 }, mulberry32(8))).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(a.reduce((s, x) => s + x, 0) / a.length - 0.5)).toBeLessThan(0.05);
  });
});

describe('generated movies.csv (npm run gen)', () => {
  it('reads as a MovieLens movies file with one distinct title per movieId 1..n, even past the name vocabulary', async () => {
    const count = 30_000;
    const text = generateMoviesCsv(count, 3);
    expect(generateMoviesCsv(count, 3)).toBe(text);
    const ratings = 'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,30000,3.5,2\n';
    const result = await new Reader().load([
      new File([ratings], 'ratings.csv', { type: 'text/csv' }),
      new File([text], 'movies.csv', { type: 'text/csv' }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([]);
    const titles = text.trim().split('\n').slice(1);
    expect(titles).toHaveLength(count);
    expect(new Set(titles.map((line) => line.slice(line.indexOf(',') + 1, line.lastIndexOf(',')))).size).toBe(count);
    expect(result.dataset!.catalog.titles).toHaveLength(2);
    expect(result.dataset!.catalog.titles.some((title) => title.startsWith('unknown title'))).toBe(false);
  });
});

describe('sample catalogue', () => {
  it('is the same text for the same seed and different for another', () => {
    expect(generateSampleCsv(1)).toEqual(generateSampleCsv(1));
    expect(generateSampleCsv(2).ratingsCsv).not.toEqual(generateSampleCsv(1).ratingsCsv);
  });

  it('loads through the normal parser with the promised shape, quickly', async () => {
    const startedMs = performance.now();
    const result = await new Reader().loadSample(1);
    const elapsedMs = performance.now() - startedMs;
    const dataset = result.dataset!;
    expect(result.problems).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(dataset.name).toBe('Sample catalogue (synthetic)');
    expect(dataset.items).toBeGreaterThan(350);
    expect(dataset.users).toBe(600);
    expect(dataset.nnz).toBeGreaterThan(30_000);
    expect(dataset.nnz).toBeLessThan(50_000);
    expect(dataset.catalog.years.every((y) => y >= 1940 && y <= 2018)).toBe(true);
    expect(dataset.catalog.titles.some((t) => t.includes(', The ('))).toBe(true);
    expect(dataset.catalog.genres.every((g) => g.length >= 1 && g.length <= 3)).toBe(true);
    expect(elapsedMs).toBeLessThan(2000); // ~0.2 s on an idle machine
  });

  it('is structured by genre: films sharing a genre are rated by the same people far more often', async () => {
    const dataset = (await new Reader().loadSample(1)).dataset!;
    const { itemUsers, catalog } = dataset;
    const raters = (item: number) =>
      new Set(itemUsers.indices.subarray(itemUsers.indptr[item], itemUsers.indptr[item + 1]));
    const sets = Array.from({ length: dataset.items }, (_, i) => raters(i));
    const jaccard = (a: Set<number>, b: Set<number>) => {
      let common = 0;
      for (const u of a) if (b.has(u)) common++;
      return common / (a.size + b.size - common || 1);
    };
    const shared: number[] = [];
    const disjoint: number[] = [];
    for (let a = 0; a < dataset.items; a += 3) {
      for (let b = a + 1; b < dataset.items; b += 7) {
        const overlap = catalog.genres[a].some((g) => catalog.genres[b].includes(g));
        (overlap ? shared : disjoint).push(jaccard(sets[a], sets[b]));
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(shared)).toBeGreaterThan(1.7 * mean(disjoint)); // ~2.0 with seed 1;
  });
});

describe('synthetic ratings', () => {
  const shape = { users: 2000, items: 800, ratings: 60_000, seed: 5 };
  const generated = generateSyntheticRatings(shape);

  it('has the requested count, valid indices and no repeated (user, item) pair', () => {
    expect(generated.ratings.length).toBe(shape.ratings);
    const pairs = new Set<number>();
    for (let i = 0; i < shape.ratings; i++) {
      const u = generated.userIndices[i];
      const m = generated.itemIndices[i];
      expect(u >= 0 && u < shape.users && m >= 0 && m < shape.items).toBe(true);
      pairs.add(u * shape.items + m);
    }
    expect(pairs.size).toBe(shape.ratings);
  });

  it('is deterministic for a seed', () => {
    const again = generateSyntheticRatings(shape);
    expect(again.itemIndices).toEqual(generated.itemIndices);
    expect(generateSyntheticRatings({ ...shape, seed: 6 }).itemIndices).not.toEqual(generated.itemIndices);
  });

  it("follows ml-latest-small's rating histogram", () => {
    const total = ML_LATEST_SMALL_RATING_COUNTS.reduce((a, b) => a + b, 0);
    RATING_VALUES.forEach((value, v) => {
      const share = generated.ratings.filter((r) => r === value).length / shape.ratings;
      expect(Math.abs(share - ML_LATEST_SMALL_RATING_COUNTS[v] / total)).toBeLessThan(0.01);
    });
  });

  it('has a long-tailed item popularity and roughly uniform users', () => {
    const perItem = new Int32Array(shape.items);
    const perUser = new Int32Array(shape.users);
    for (let i = 0; i < shape.ratings; i++) {
      perItem[generated.itemIndices[i]]++;
      perUser[generated.userIndices[i]]++;
    }
    const sortedItems = [...perItem].sort((a, b) => b - a);
    const top10Share = sortedItems.slice(0, shape.items / 10).reduce((a, b) => a + b, 0) / shape.ratings;
    expect(top10Share).toBeGreaterThan(0.25); // a uniform spread would give 0.10
    const mean = shape.ratings / shape.users;
    expect(Math.max(...perUser)).toBeLessThan(mean * 2);
    expect(Math.min(...perUser)).toBeGreaterThan(mean / 3);
  });

  it('turns into a Dataset whose CSR holds every rating', () => {
    const dataset = syntheticDataset(generated);
    expect(dataset.nnz).toBe(shape.ratings);
    expect(dataset.userIds[0]).toBe(1);
    expect(dataset.itemCounts.reduce((a, b) => a + b, 0)).toBe(shape.ratings);
  });

  it('rejects impossible shapes', () => {
    expect(() => generateSyntheticRatings({ users: 2, items: 3, ratings: 7, seed: 1 })).toThrow(RangeError);
  });

  it('fills even a fully dense shape', () => {
    const dense = generateSyntheticRatings({ users: 5, items: 4, ratings: 20, seed: 1 });
    expect(new Set(Array.from(dense.userIndices, (u, i) => u * 4 + dense.itemIndices[i])).size).toBe(20);
  });
});

describe('AliasTable', () => {
  it('draws in proportion to the weights', () => {
    const table = new AliasTable([1, 0, 3]);
    const random = mulberry32(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[table.draw(random)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.8);
    expect(counts[2] / counts[0]).toBeLessThan(3.2);
  });
});
