// Recommendations for a new person (implicit's recalculate_user + explain) and filtered walls, in the query worker,
// against float64 references of implicit's exact user solve (src/engine/reference-personal.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type FitSettings, type Model } from '../../src/engine/api';
import {
  DEBIAS_POWER,
  FOLD_IN_REGULARIZATION,
  explainItem,
  itemGram,
  solvePerson,
  type ForYouMethod,
} from '../../src/engine/personal';
import { Recommender } from '../../src/engine/recommender';
import { Trainer } from '../../src/engine/trainer';
import { compactFactors } from '../../src/engine/reference';
import { referenceExplain, referenceRecalculateUser } from '../../src/engine/reference-personal';
import { nodePlatform } from '../bench/node-platform';
import { randomDataset } from '../support/matrices';

const settings: FitSettings = { ...DEFAULT_SETTINGS, factors: 13, iterations: 6, regularization: 0.05, alpha: 2 };
const data = randomDataset(400, 300, 25, 11);
const liked = [7, 42, 3, 150, 299];
const stars = [4, 5, 0.5, 3.5, 4];

let engine: Recommender;
let model: Model;
let y: Float64Array;
beforeAll(async () => {
  const trainer = await Trainer.start({ platform: nodePlatform, workers: 2, memory: 'shared' });
  model = await trainer.fit(data, settings);
  trainer.terminate();
  engine = await Recommender.create(model, data, { platform: nodePlatform });
  y = compactFactors(model.itemFactors, model.items, model.factors, model.stride);
  // A Trainer's warm-up, a fit and a query worker's start: slow on a busy machine.
}, 60_000);
afterAll(() => engine.terminate());

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const dot = (x: Float64Array, item: number) => x.reduce((s, v, f) => s + v * y[item * model.factors + f], 0);

describe('recommendations for likes (recalculate_user)', () => {
  it.each(['alpha', 'one-plus-alpha'] as const)('solves the person exactly as implicit (%s confidence)', (mode) => {
    const conf = { alpha: settings.alpha, base: mode === 'alpha' ? 0 : 1 };
    const k = model.factors;
    const gram = itemGram(model.itemFactors, model.items, model.stride, k);
    const ours = solvePerson(
      { items: Int32Array.from(liked), ratings: Float32Array.from(stars) },
      model.itemFactors,
      model.stride,
      k,
      gram,
      settings.regularization,
      conf,
    );
    const expected = referenceRecalculateUser(liked, stars, y, model.items, k, settings.regularization, conf);
    const norm = Math.hypot(...expected);
    expect(norm).toBeGreaterThan(0);
    for (let f = 0; f < k; f++) expect(Math.abs(ours.factors[f] - expected[f]) / norm).toBeLessThan(1e-9);
  });

  it('ranks every unliked item by the solved factors, liked items left out, best first', async () => {
    const conf = { alpha: settings.alpha, base: 0 };
    const x = referenceRecalculateUser(liked, stars, y, model.items, model.factors, settings.regularization, conf);
    const n = 15;
    const got = await engine.recommendForLikes(Int32Array.from(liked), Float32Array.from(stars), n, {
      because: 3,
      method: 'implicit',
    });
    const expected = [...Array(model.items).keys()]
      .filter((i) => !liked.includes(i))
      .sort((a, b) => dot(x, b) - dot(x, a))
      .slice(0, n);
    expect(Array.from(got.ids)).toEqual(expected);
    got.scores.forEach((s, j) => expect(relative(s, dot(x, got.ids[j]))).toBeLessThan(1e-4));
  });

  it('explains each recommendation by the liked items that contributed most, as implicit’s explain', async () => {
    const conf = { alpha: settings.alpha, base: 0 };
    const because = 3;
    const got = await engine.recommendForLikes(Int32Array.from(liked), Float32Array.from(stars), 8, {
      because,
      method: 'implicit',
    });
    const x = referenceRecalculateUser(liked, stars, y, model.items, model.factors, settings.regularization, conf);
    got.ids.forEach((item, r) => {
      const parts = referenceExplain(liked, stars, item, y, model.items, model.factors, settings.regularization, conf);
      // implicit's property: the contributions add up to the score x_u . y_item.
      const total = parts.reduce((s, v) => s + v, 0);
      expect(relative(total, dot(x, item))).toBeLessThan(1e-6);
      const order = liked.map((_, j) => j).sort((a, b) => parts[b] - parts[a]);
      for (let j = 0; j < because; j++) {
        expect(got.because[r * because + j]).toBe(liked[order[j]]);
        expect(relative(got.contributions[r * because + j], parts[order[j]])).toBeLessThan(1e-4);
      }
    });
  });

  // The other methods, against float64 references: score(i) = sum of each like's share, and the shares are the
  // explanation (for a user solve, implicit's explain divided by the same |y_i|^p).
  const norm = (item: number) => Math.hypot(...y.subarray(item * model.factors, (item + 1) * model.factors));
  const cosine = (a: number, b: number) => {
    let s = 0;
    for (let f = 0; f < model.factors; f++) s += y[a * model.factors + f] * y[b * model.factors + f];
    return s / (norm(a) * norm(b));
  };
  const conf = { alpha: settings.alpha, base: 0 };
  const solved = (reg: number, power: number) => ({
    score: (item: number) =>
      dot(referenceRecalculateUser(liked, stars, y, model.items, model.factors, reg, conf), item) / norm(item) ** power,
    parts: (item: number) =>
      referenceExplain(liked, stars, item, y, model.items, model.factors, reg, conf).map(
        (v) => v / norm(item) ** power,
      ),
  });
  const references: Record<
    Exclude<ForYouMethod, 'implicit'>,
    { score(i: number): number; parts(i: number): number[] }
  > = {
    debiased: solved(settings.regularization, DEBIAS_POWER),
    'fold-in': solved(FOLD_IN_REGULARIZATION, 0),
    similar: {
      score: (item) => liked.reduce((s, j) => s + cosine(item, j), 0),
      parts: (item) => liked.map((j) => cosine(item, j)),
    },
  };
  it.each(Object.keys(references) as (keyof typeof references)[])(
    'ranks and explains by the %s method as its float64 reference',
    async (method) => {
      const ref = references[method];
      const n = 12;
      const because = 2;
      const got = await engine.recommendForLikes(Int32Array.from(liked), Float32Array.from(stars), n, {
        because,
        method,
      });
      const scores = new Map([...Array(model.items).keys()].map((i) => [i, ref.score(i)]));
      const expected = [...scores.keys()]
        .filter((i) => !liked.includes(i))
        .sort((a, b) => scores.get(b)! - scores.get(a)!);
      expect(Array.from(got.ids)).toEqual(expected.slice(0, n));
      got.ids.forEach((item, r) => {
        expect(relative(got.scores[r], scores.get(item)!)).toBeLessThan(1e-4);
        const parts = ref.parts(item);
        expect(
          relative(
            parts.reduce((s, v) => s + v, 0),
            scores.get(item)!,
          ),
        ).toBeLessThan(1e-6);
        const order = liked.map((_, j) => j).sort((a, b) => parts[b] - parts[a]);
        for (let j = 0; j < because; j++) {
          expect(got.because[r * because + j]).toBe(liked[order[j]]);
          expect(relative(got.contributions[r * because + j], parts[order[j]])).toBeLessThan(1e-4);
        }
      });
    },
  );

  it('gives the explain total equal to the score in personal.ts itself', () => {
    const conf = { alpha: settings.alpha, base: 0 };
    const likedItems = { items: Int32Array.from(liked), ratings: Float32Array.from(stars) };
    const gram = itemGram(model.itemFactors, model.items, model.stride, model.factors);
    const person = solvePerson(likedItems, model.itemFactors, model.stride, model.factors, gram, 0.05, conf);
    const { total, top } = explainItem(person, 10, likedItems, model.itemFactors, model.stride, model.factors, conf, 2);
    expect(relative(total, dot(person.factors, 10))).toBeLessThan(1e-9);
    expect(top).toHaveLength(2);
    expect(top[0].score).toBeGreaterThanOrEqual(top[1].score);
  });

  it('fills the wall through a filter: excluded and rarely rated items never appear', async () => {
    const exclude = new Uint8Array(model.items).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const n = 20;
    const got = await engine.recommendForLikes(Int32Array.from(liked), Float32Array.from(stars), n, {
      exclude,
      minRatings: 12,
    });
    expect(got.ids).toHaveLength(n);
    for (const id of got.ids) {
      expect(id % 3).not.toBe(0);
      expect(data.itemCounts[id]).toBeGreaterThanOrEqual(12);
      expect(liked).not.toContain(id);
    }
    const similar = await engine.similarItems(5, n, { minRatings: 1, exclude });
    expect(similar.ids).toHaveLength(n);
    for (const id of similar.ids) expect(id % 3).not.toBe(0);
  });
});

describe('recommendations for a user of the dataset', () => {
  const user = 17;
  const rated = () =>
    Array.from(data.userItems.indices.subarray(data.userItems.indptr[user], data.userItems.indptr[user + 1]));

  it('matches recommend() and leaves out what the user rated unless asked to show it', async () => {
    expect(rated().length).toBeGreaterThan(3);
    const plain = await engine.recommend(Int32Array.of(user), 10);
    const got = await engine.recommendUser(user, 10);
    expect(Array.from(got.ids)).toEqual(Array.from(plain.ids));
    for (const id of got.ids) expect(rated()).not.toContain(id);
    const all = await engine.recommendUser(user, model.items, { filterSeen: false });
    expect(Array.from(all.ids)).toEqual(expect.arrayContaining(rated()));
  });

  it('answers the same with the users shared with the worker or their rows sent with each query', async () => {
    const share = <T extends Int32Array | Float32Array>(array: T): T => {
      const Kind = array.constructor as new (buffer: SharedArrayBuffer) => T;
      const copy = new Kind(new SharedArrayBuffer(array.byteLength));
      copy.set(array as never);
      return copy;
    };
    const { indptr, indices } = data.userItems;
    const sharedPattern = { ...data, userItems: { ...data.userItems, indptr: share(indptr), indices: share(indices) } };
    const shared = await Recommender.create({ ...model, userFactors: share(model.userFactors) }, sharedPattern, {
      platform: nodePlatform,
    });
    // Without sharing, a user's rows are read when asked: a reopened model's user factors arrive after its wall.
    const late = { ...model, userFactors: new Float32Array(model.userFactors.length) };
    const sent = await Recommender.create(late, data, { platform: nodePlatform });
    late.userFactors.set(model.userFactors);
    try {
      const users = Int32Array.of(0, user, 399, user);
      expect(await sent.recommend(users, 8)).toEqual(await shared.recommend(users, 8));
      const options = { minRatings: 2, filterSeen: false };
      expect(await sent.recommendUser(user, 8, options)).toEqual(await shared.recommendUser(user, 8, options));
      expect(await sent.recommendUser(user, 8)).toEqual(await engine.recommendUser(user, 8));
    } finally {
      shared.terminate();
      sent.terminate();
    }
  });

  it('refuses a user id outside the dataset', () => {
    expect(() => engine.recommendUser(model.users, 10)).toThrow(RangeError);
  });
});
