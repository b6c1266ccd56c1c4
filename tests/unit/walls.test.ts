/**
 * What the walls show is derived (src/state/walls.svelte.ts): each wall's question is built from the settings of the
 * moment (unit tests run Svelte's server build, where a derived is recomputed on every read: that a question changes
 * only when what it reads changes is Svelte's part, seen end to end); the latest question's answer wins.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/types.ts';
import { DEFAULT_SETTINGS, type Model, type Ranked, type SimilarOptions } from '../../src/engine/api.ts';
import { FilterState } from '../../src/state/filters.svelte.ts';
import { ForYouState } from '../../src/state/foryou.svelte.ts';
import { SelectionState } from '../../src/state/selection.svelte.ts';
import { WallQueries, type WallSources } from '../../src/state/walls.svelte.ts';

/** Three films (movieIds 10, 20, 30) with genres, two users. */
function tiny(): Dataset {
  return {
    name: 'tiny',
    synthetic: false,
    users: 2,
    items: 3,
    nnz: 3,
    userIds: Int32Array.of(5, 6),
    itemIds: Int32Array.of(10, 20, 30),
    userItems: { indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 2, 1), values: Float32Array.of(4, 3, 5) },
    itemUsers: { indptr: Int32Array.of(0, 1, 2, 3), indices: Int32Array.of(0, 1, 0), values: Float32Array.of(4, 5, 3) },
    itemCounts: Int32Array.of(1, 1, 1),
    catalog: {
      titles: ['A (1990)', 'B (2001)', 'C (1995)'],
      years: Int16Array.of(1990, 2001, 1995),
      genres: [['Action'], ['Drama'], ['Action']],
      posterPaths: ['', '', ''],
      imdbIds: new Int32Array(3),
      tmdbIds: new Int32Array(3),
      tags: [[], [], []],
    },
  };
}

function setup() {
  const dataset = tiny();
  const asked: unknown[][] = [];
  const recommender = {
    pattern: dataset as Pick<Dataset, 'pendingRatings'>,
    similarItems: async (item: number, n: number, options: SimilarOptions): Promise<Ranked> => {
      asked.push(['similar', item, n, options.minRatings, options.exclude]);
      return { ids: Int32Array.of(2, 0), scores: Float32Array.of(0.5, 1) };
    },
  };
  const training = {
    model: { settings: { ...DEFAULT_SETTINGS, feedback: 'rating' } } as Model | null,
    recommender: recommender as typeof recommender | null,
  };
  const selection = new SelectionState(() => dataset);
  const filters = new FilterState(() => dataset);
  const foryou = new ForYouState(() => dataset, null);
  foryou.useDataset('tiny');
  const sources = { training, data: { dataset }, selection, search: { popular: [2] }, filters, foryou };
  const walls = new WallQueries(sources as unknown as WallSources);
  return { walls, asked, training, selection, filters, foryou, recommender };
}

describe('WallQueries', () => {
  it('asks nothing without a model or a film, and asks with the wall settings once there is one', async () => {
    const { walls, asked, training, selection, filters } = setup();
    expect(walls.similar).toBeNull();
    expect(walls.starter?.movieId).toBe(30); // the most rated film
    selection.choose(20);
    selection.setWallSize(20);
    selection.setMinRatings(3);
    filters.toggleInclude('Action');
    await walls.similar!.ask();
    expect(asked).toEqual([['similar', 1, 20, 3, filters.exclude]]);
    training.model = null;
    training.recommender = null;
    expect(walls.similar).toBeNull();
    expect(walls.starter).toBeNull();
  });

  it("builds each question from the settings of the moment, the starter wall with the chosen film's", async () => {
    const { walls, asked, selection, filters } = setup();
    await walls.starter!.ask();
    filters.toggleExclude('Drama'); // every wall follows the filter
    selection.setWallSize(20); // the starter wall shows as many films as the chosen film's
    selection.setMinRatings(2);
    await walls.starter!.ask();
    expect(asked).toEqual([
      ['similar', 2, 10, 5, null],
      ['similar', 2, 20, 2, filters.exclude],
    ]);
    expect(Array.from(filters.exclude!)).toEqual([0, 1, 0]);
  });

  it('asks for a dataset user only after the button, then follows "Show films they rated"', () => {
    const { walls, foryou } = setup();
    foryou.userId = 6;
    expect(walls.user).toBeNull();
    foryou.askForUser(true);
    expect(walls.user).toMatchObject({ userId: 6, userIndex: 1, showRated: false });
    foryou.showRated = true;
    expect(walls.user?.showRated).toBe(true);
    foryou.useDataset(null); // other ratings: the question is forgotten
    expect(walls.user).toBeNull();
  });

  it("waits with a dataset user's wall for a Recommender given the ratings of a reopened dataset", () => {
    const { walls, foryou, training, recommender, selection } = setup();
    training.recommender = { ...recommender, pattern: { pendingRatings: true } };
    foryou.userId = 6;
    foryou.askForUser(true);
    expect(walls.user).toBeNull();
    selection.choose(20);
    expect(walls.similar?.movieId).toBe(20); // the item factors are there: similar films do not wait
    training.recommender = recommender;
    expect(walls.user).toMatchObject({ userId: 6, userIndex: 1 });
  });
});

describe('SelectionState.show', () => {
  it('keeps only the latest question’s answer, and says a failure in words', async () => {
    const { selection } = setup();
    selection.choose(10);
    let release: (ranked: Ranked) => void = () => undefined;
    const slow = selection.show({
      movieId: 10,
      itemIndex: 0,
      ask: () => new Promise((resolve) => (release = resolve)),
    });
    expect(selection.pending).toBe(true);
    const fast = selection.show({
      movieId: 10,
      itemIndex: 0,
      ask: async () => ({ ids: Int32Array.of(2), scores: Float32Array.of(0.9) }),
    });
    release({ ids: Int32Array.of(1), scores: Float32Array.of(0.1) });
    await Promise.all([slow, fast]);
    expect(selection.similar).toEqual([{ itemIndex: 2, score: expect.closeTo(0.9, 5) }]);
    expect(selection.pending).toBe(false);
    await selection.show({ movieId: 10, itemIndex: 0, ask: () => Promise.reject(new Error('no model')) });
    expect(selection.error).toBe('Similar films could not be found: no model.');
    expect(selection.similar).toHaveLength(1); // the last answer stays
  });

  it('asks again when the film whose wall failed is chosen again, and only then', async () => {
    const { selection } = setup();
    selection.choose(10);
    selection.choose(10);
    expect(selection.retries).toBe(0); // an answered (or unasked) wall is not asked twice
    await selection.show({
      movieId: 10,
      itemIndex: 0,
      ask: () => Promise.reject(new Error('the query worker stopped')),
    });
    selection.choose(10);
    expect(selection.retries).toBe(1);
    await selection.show({
      movieId: 10,
      itemIndex: 0,
      ask: async () => ({ ids: Int32Array.of(2), scores: Float32Array.of(0.9) }),
    });
    expect(selection.error).toBeNull();
    selection.choose(10);
    expect(selection.retries).toBe(1);
  });
});
